namespace Trellis.Cli;

/// <summary>
/// What a command may touch outside its arguments: the three standard streams, the environment and the folder that
/// holds the saved sign-in. The process passes the real ones; tests pass their own.
/// </summary>
/// <param name="Output">Where results go.</param>
/// <param name="Error">Where usage, I/O and server problems go.</param>
/// <param name="Input">Where a secret is read when it is not given as an option.</param>
/// <param name="Environment">Reads an environment variable.</param>
/// <param name="ConfigDirectory">The per-user folder of <c>credentials.json</c>.</param>
/// <param name="Interactive">Whether a person watches (progress bars are drawn only then).</param>
internal sealed record CliHost(
    TextWriter Output,
    TextWriter Error,
    TextReader Input,
    Func<string, string?> Environment,
    string ConfigDirectory,
    bool Interactive)
{
    /// <summary>The real process: console streams, real environment, the user's configuration folder.</summary>
    public static CliHost FromProcess() => new(
        Console.Out,
        Console.Error,
        Console.In,
        System.Environment.GetEnvironmentVariable,
        DefaultConfigDirectory(System.Environment.GetEnvironmentVariable),
        !Console.IsOutputRedirected && !Console.IsErrorRedirected);

    /// <summary>
    /// <c>TRELLIS_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/trellis</c>, else the platform's per-user application data
    /// folder (<c>~/.config</c> on Linux and macOS, <c>%APPDATA%</c> on Windows) plus <c>trellis</c>.
    /// </summary>
    public static string DefaultConfigDirectory(Func<string, string?> environment)
    {
        if (environment("TRELLIS_CONFIG_DIR") is { Length: > 0 } explicitFolder)
        {
            return explicitFolder;
        }

        var root = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
            ? xdg
            : System.Environment.GetFolderPath(System.Environment.SpecialFolder.ApplicationData, System.Environment.SpecialFolderOption.DoNotVerify);
        return Path.Combine(root, "trellis");
    }
}
