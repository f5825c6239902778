using System.Diagnostics;
using Trellis.Cli;

namespace Trellis.Server.IntegrationTests.Cli;

/// <summary>
/// One person at a terminal: a home of their own (the saved sign-in lives there) and a working folder, running the real
/// command tree in-process or the built <c>trellis</c> as a process.
/// </summary>
internal sealed class CliUser : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("trellis-cli-user-").FullName;

    public string ConfigDirectory => Path.Combine(_root, "config");

    public string Work => Directory.CreateDirectory(Path.Combine(_root, "work")).FullName;

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string PathOf(string name) => Path.Combine(Work, name);

    public async Task<Result> RunAsync(params string[] args) => await RunWithInputAsync("", args);

    public async Task<Result> RunWithInputAsync(string input, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await RunUntilAsync(output, error, input, CancellationToken.None, args);
        return new Result(exitCode, output.ToString(), error.ToString());
    }

    /// <summary>Runs a command that goes on until <paramref name="stop"/> (as <c>dev</c> does), writing as it goes.</summary>
    public async Task<int> RunUntilAsync(TextWriter output, TextWriter error, string input, CancellationToken stop, params string[] args)
    {
        using var reader = new StringReader(input);
        var host = new CliHost(output, error, reader, name => Environment.GetValueOrDefault(name), ConfigDirectory, Interactive: false);
        return await TrellisCli.RunAsync(args, host, stop);
    }

    /// <summary>Runs <c>trellis</c> as its own process with this user's environment only (no saved sign-in is inherited).</summary>
    public async Task<Result> RunProcessAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, WorkingDirectory = Work };
        start.ArgumentList.Add(typeof(TrellisCli).Assembly.Location);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["TRELLIS_CONFIG_DIR"] = ConfigDirectory;
        foreach (var (name, value) in Environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new Result(process.ExitCode, await output, await error);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    internal sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }
}
