using Trellis.Cli;

return await TrellisCli.RunAsync(args, Console.Out, Console.Error);
