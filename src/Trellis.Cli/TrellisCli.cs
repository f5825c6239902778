using System.CommandLine;
using Trellis.Cli.Commands;

namespace Trellis.Cli;

/// <summary>Builds the <c>trellis</c> command tree and runs it; the process entry point and the tests both call this.</summary>
internal static class TrellisCli
{
    /// <summary>Runs one command line with no saved sign-in and an empty environment (the offline commands need neither).</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="output">Where results go.</param>
    /// <param name="error">Where usage and I/O problems go.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static Task<int> RunAsync(string[] args, TextWriter output, TextWriter error) =>
        RunAsync(args, new CliHost(output, error, TextReader.Null, _ => null, Path.Combine(Path.GetTempPath(), "trellis-no-config"), Interactive: false));

    /// <summary>Runs one command line.</summary>
    /// <param name="args">The arguments after the program name.</param>
    /// <param name="host">The streams, environment and configuration folder.</param>
    /// <param name="cancellationToken">Stops a long-running command (<c>dev</c>) as Ctrl+C does.</param>
    /// <returns>An <see cref="ExitCodes"/> value.</returns>
    public static async Task<int> RunAsync(string[] args, CliHost host, CancellationToken cancellationToken = default)
    {
        var (output, error) = (host.Output, host.Error);
        var root = new RootCommand(Strings.RootDescription)
        {
            ValidateCommand.Create(output, error),
            PreviewCommand.Create(output, error),
            LoginCommand.Create(host),
            PullCommand.Create(host),
            PushCommand.Create(host),
            DiffCommand.Create(host),
            HistoryCommand.Create(host),
            RollbackCommand.Create(host),
            BundleCommand.Create(host),
            NewCommand.Create(host),
            DevCommand.Create(host),
            OverrideCommand.Create(host),
        };

        var parsed = root.Parse(args);
        var invocation = new InvocationConfiguration { Output = output, Error = error };

        // System.CommandLine answers usage errors with 1; the contract reserves 1 for invalid input, so usage is 2.
        if (parsed.Errors.Count > 0)
        {
            foreach (var parseError in parsed.Errors)
            {
                await error.WriteLineAsync(parseError.Message);
            }

            await error.WriteLineAsync(Strings.SeeHelp);
            return ExitCodes.UsageOrIo;
        }

        return await parsed.InvokeAsync(invocation, cancellationToken);
    }
}
