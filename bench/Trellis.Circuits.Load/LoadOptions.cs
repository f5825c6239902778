using System.Globalization;

namespace Trellis.Circuits.Load;

/// <summary>The tool's command line: <c>--name value</c> pairs, each with a default.</summary>
internal sealed record LoadOptions(Uri Url, string Page, int Users, string LoginFormat, string Password, int? ServerPid, int Rounds,
    int ThinkMilliseconds, int OpenConcurrency, int SettleSeconds, int TimeoutSeconds, int MaxMinutes, bool Verbose, string? SaveBatches)
{
    public string Login(int user) => string.Format(CultureInfo.InvariantCulture, LoginFormat, user + 1);

    public static LoadOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var verbose = false;
        for (var index = 0; index < args.Length; index++)
        {
            if (args[index] == "--verbose")
            {
                verbose = true;
            }
            else if (args[index].StartsWith("--", StringComparison.Ordinal) && index + 1 < args.Length)
            {
                values[args[index][2..]] = args[++index];
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{args[index]}': options are --name value pairs (see bench/README.md).");
            }
        }

        string Text(string name, string fallback) => values.Remove(name, out var value) ? value : fallback;
        int Number(string name, int fallback) => values.Remove(name, out var value)
            ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 0 ? number : throw new ArgumentException($"--{name} takes a whole number, not '{value}'.")
            : fallback;

        var url = Text("url", "http://127.0.0.1:5093/");
        var options = new LoadOptions(
            new Uri(url.EndsWith('/') ? url : url + "/"),
            Text("page", "1001/1002/backlog").TrimStart('/'),
            Math.Max(1, Number("users", 200)),
            Text("login-format", "load{0:000}@trellis.local"),
            Text("password", "Bench-Password-1"),
            values.ContainsKey("server-pid") ? Number("server-pid", 0) : null,
            Number("rounds", 5),
            Number("think-ms", 2000),
            Math.Max(1, Number("open-concurrency", 8)),
            Number("settle-seconds", 10),
            Math.Max(1, Number("timeout-seconds", 20)),
            Math.Max(1, Number("max-minutes", 15)),
            verbose,
            values.Remove("save-batches", out var folder) ? folder : null);
        return values.Count == 0 ? options : throw new ArgumentException($"Unknown option --{values.Keys.First()}.");
    }
}
