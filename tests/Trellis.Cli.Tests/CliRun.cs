namespace Trellis.Cli.Tests;

/// <summary>Runs the real command tree in-process on real files and captures what it prints.</summary>
internal sealed class CliRun : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("trellis-cli-").FullName;

    public string WriteFile(string name, string content)
    {
        var path = Path.Combine(_folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    public static async Task<Result> RunAsync(params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exitCode = await TrellisCli.RunAsync(args, output, error);
        return new Result(exitCode, output.ToString(), error.ToString());
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal sealed record Result(int ExitCode, string Output, string Error)
    {
        public string[] OutputLines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
