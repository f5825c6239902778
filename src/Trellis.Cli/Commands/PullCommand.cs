using System.CommandLine;
using System.Text.Json.Nodes;
using Trellis.Cli.Output;
using Trellis.Cli.Remote;

namespace Trellis.Cli.Commands;

/// <summary><c>trellis pull [file]</c>: writes the server's configuration and its version to a file <c>push</c> can send back.</summary>
internal static class PullCommand
{
    public const string DefaultFile = "actions.json";

    public static Command Create(CliHost host)
    {
        var file = new Argument<string>("file") { Description = Strings.PullFileArgument, DefaultValueFactory = _ => DefaultFile };
        var format = FormatOption.Create();
        var command = new Command("pull", Strings.PullDescription) { file, format };
        command.SetAction((parsed, cancellationToken) => RemoteSession.RunAsync(host, async client =>
        {
            var path = parsed.GetRequiredValue(file);
            var answer = await client.GetConfigurationAsync(cancellationToken);
            if (!answer.IsSuccess || answer.Version is not { } version)
            {
                return await RemoteSession.RefusedAsync(host, answer);
            }

            var data = ConfigFile.Actions(answer.Body?["data"]);
            try
            {
                await ConfigFile.WriteAsync(path, ConfigFile.Render(version, data), cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                await host.Error.WriteLineAsync(Strings.CannotWrite(path, ex.Message));
                return ExitCodes.UsageOrIo;
            }

            Write(host, parsed.GetValue(format), path, version, data);
            return ExitCodes.Success;
        }, cancellationToken));
        return command;
    }

    private static void Write(CliHost host, OutputFormat format, string path, int version, JsonArray data)
    {
        if (format == OutputFormat.Json)
        {
            JsonOutput.WriteObject(host.Output, json =>
            {
                json.WriteString("file", path);
                json.WriteNumber("version", version);
                json.WriteNumber("actions", data.Count);
            });
            return;
        }

        host.Output.WriteLine(Strings.Pulled(version, data.Count, path));
    }
}
