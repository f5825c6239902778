namespace Trellis.Cli;

/// <summary>The process entry point; a named class so test projects that also see the server's <c>Program</c> stay unambiguous.</summary>
internal static class Program
{
    private static Task<int> Main(string[] args) => TrellisCli.RunAsync(args, CliHost.FromProcess());
}
