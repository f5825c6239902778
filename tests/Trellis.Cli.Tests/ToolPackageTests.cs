using System.Diagnostics;
using System.Reflection;

namespace Trellis.Cli.Tests;

/// <summary>
/// The package the build produces is a working .NET tool (docs/cli.md): <c>dotnet pack</c>, then <c>dotnet tool install
/// --tool-path</c> from that folder alone, then the installed <c>trellis</c> runs. The install sees only the packed folder
/// (a NuGet configuration that clears every other source) and a package folder of its own, so it needs no network and
/// never picks up an older package of the same version from the machine's cache.
/// </summary>
public sealed class ToolPackageTests : IDisposable
{
#if DEBUG
    private const string Configuration = "Debug";
#else
    private const string Configuration = "Release";
#endif

    private readonly string _root = Directory.CreateTempSubdirectory("trellis-tool-").FullName;

    [Fact]
    public async Task PackedTool_InstallsFromTheLocalFolderAndRuns()
    {
        var packages = Directory.CreateDirectory(Path.Combine(_root, "packages")).FullName;
        var tools = Path.Combine(_root, "tools");
        var config = Path.Combine(_root, "nuget.config");
        await File.WriteAllTextAsync(config, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{packages}" />
              </packageSources>
            </configuration>
            """, TestContext.Current.CancellationToken);
        var version = typeof(TrellisCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        var packageVersion = version.Split('+')[0];

        // The test run has just built the tool in this configuration; packing it again would only repeat that.
        var pack = await DotnetAsync("pack", Path.Combine(RepositoryRoot(), "src", "Trellis.Cli", "Trellis.Cli.csproj"), "-c", Configuration, "--no-build", "-o", packages, "--nologo");
        Assert.True(pack.ExitCode == 0, pack.ToString());
        Assert.True(File.Exists(Path.Combine(packages, $"Trellis.Cli.{packageVersion}.nupkg")), pack.ToString());

        var install = await DotnetAsync("tool", "install", "Trellis.Cli", "--version", packageVersion, "--tool-path", tools, "--configfile", config, "--add-source", packages);
        Assert.True(install.ExitCode == 0, install.ToString());

        var trellis = Path.Combine(tools, OperatingSystem.IsWindows() ? "trellis.exe" : "trellis");
        var printed = await RunAsync(trellis, "--version");
        var help = await RunAsync(trellis, "--help");
        var validate = await RunAsync(trellis, "validate", Path.Combine(_root, "missing.json"));

        Assert.True(printed.ExitCode == 0, printed.ToString());
        Assert.Equal(version, printed.Output.Trim());
        Assert.True(help.ExitCode == 0, help.ToString());
        foreach (var verb in (string[])["validate", "preview", "login", "pull", "push", "bundle", "new", "dev", "override"])
        {
            Assert.Contains($"  {verb}", help.Output, StringComparison.Ordinal);
        }

        Assert.Equal(2, validate.ExitCode);
        Assert.StartsWith("trellis: ", validate.Error, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private Task<Result> DotnetAsync(params string[] args) => RunAsync("dotnet", args);

    private async Task<Result> RunAsync(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _root };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // A package folder of the test's own: the install reads nothing a previous pack left in the user's cache.
        start.Environment["NUGET_PACKAGES"] = Path.Combine(_root, "nuget-cache");
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["TRELLIS_CONFIG_DIR"] = Path.Combine(_root, "config");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new Result(process.ExitCode, await output, await error);
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Trellis.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Trellis.slnx) was not found above " + AppContext.BaseDirectory);
    }

    private sealed record Result(int ExitCode, string Output, string Error)
    {
        public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
    }
}
