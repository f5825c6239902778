using System.Globalization;

namespace Trellis.Application.Platform;

/// <summary>
/// The automatic bundle listener: when <c>Trellis:Bundles:Origin</c> is not set, every address the server listens on
/// gets a twin on the next port that serves only bundles and the workspace data they read (docs/security.md).
/// </summary>
/// <param name="Ports">The bundle listener's ports; empty when there is none (an origin is configured, or no address allows it).</param>
/// <param name="Urls">The bundle listener's addresses, added to the server's own.</param>
internal sealed record BundleListenerPlan(IReadOnlySet<int> Ports, IReadOnlyList<string> Urls)
{
    /// <summary>The address Kestrel listens on when nothing is configured.</summary>
    private const string DefaultUrl = "http://localhost:5000";

    /// <summary>No automatic listener.</summary>
    public static BundleListenerPlan None { get; } = new(new HashSet<int>(), []);

    /// <summary>
    /// The plan for a configuration: none when a bundle origin or Kestrel endpoints are configured; else the next port
    /// of each of <c>urls</c> (or <c>http_ports</c>/<c>https_ports</c>, or Kestrel's default), except dynamic port 0.
    /// </summary>
    /// <param name="configuration">The host's configuration.</param>
    /// <returns>The plan, and the server's own addresses it was made from.</returns>
    public static (BundleListenerPlan Plan, IReadOnlyList<string> MainUrls) For(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!string.IsNullOrWhiteSpace(configuration[PublicUrlOptions.BundleOriginKey]) || configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            return (None, []);
        }

        var main = MainUrls(configuration);
        var mainPorts = main.Select(PortOf).ToHashSet();
        var urls = new List<string>();
        var ports = new HashSet<int>();
        foreach (var url in main)
        {
            var port = PortOf(url);
            if (port is <= 0 or >= ushort.MaxValue || mainPorts.Contains(port + 1))
            {
                continue;
            }

            urls.Add(WithPort(url, port + 1));
            ports.Add(port + 1);
        }

        return (new BundleListenerPlan(ports, urls), main);
    }

    /// <summary>The port of a Kestrel address such as <c>http://*:5000</c>, <c>https://[::1]:5001/</c> or <c>http://localhost</c>; -1 when it has none.</summary>
    public static int PortOf(string url)
    {
        var (scheme, _, port) = Split(url);
        return port ?? (scheme == "https" ? 443 : scheme == "http" ? 80 : -1);
    }

    private static List<string> MainUrls(IConfiguration configuration)
    {
        if (configuration["urls"] is { Length: > 0 } urls)
        {
            return [.. urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
        }

        var fromPorts = PortList(configuration["http_ports"]).Select(p => $"http://*:{p}")
            .Concat(PortList(configuration["https_ports"]).Select(p => $"https://*:{p}")).ToList();
        return fromPorts.Count > 0 ? fromPorts : [DefaultUrl];
    }

    private static IEnumerable<string> PortList(string? list) =>
        (list ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string WithPort(string url, int port)
    {
        var (scheme, host, _) = Split(url);
        return string.Create(CultureInfo.InvariantCulture, $"{scheme}://{host}:{port}");
    }

    /// <summary>Scheme, host and port of a Kestrel address; its host may be <c>*</c>, <c>+</c> or a bracketed IPv6 address, which <see cref="Uri"/> refuses.</summary>
    private static (string Scheme, string Host, int? Port) Split(string url)
    {
        var separator = url.IndexOf("://", StringComparison.Ordinal);
        if (separator < 0)
        {
            return ("", url, null);
        }

        var scheme = url[..separator].ToLowerInvariant();
        var authority = url[(separator + 3)..];
        var slash = authority.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            authority = authority[..slash];
        }

        var colon = authority.LastIndexOf(':');
        return colon > authority.LastIndexOf(']') && int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port)
            ? (scheme, authority[..colon], port)
            : (scheme, authority, null);
    }
}


/// <summary>Says at start where bundles run, and warns when they can only run sandboxed on Trellis's own origin.</summary>
internal sealed partial class BundleOriginReport(TrellisUrls urls, IHostApplicationLifetime lifetime, ILogger<BundleOriginReport> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The bound addresses are known only once the server listens.
        lifetime.ApplicationStarted.Register(Report);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private void Report()
    {
        if (urls.ConfiguredBundleOrigin is { } origin)
        {
            Configured(logger, origin);
        }
        else if (urls.AutomaticBundlePorts.Count > 0)
        {
            Automatic(logger, string.Join(", ", urls.AutomaticBundlePorts.Order()));
        }
        else
        {
            Sandboxed(logger, PublicUrlOptions.BundleOriginKey);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Bundles are served from {Origin}, apart from Trellis's own origin")]
    private static partial void Configured(ILogger logger, string origin);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bundles are served from port {Ports}, apart from Trellis's own origin (set Trellis:Bundles:Origin to choose)")]
    private static partial void Automatic(ILogger logger, string ports);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No bundle origin: bundle pages run sandboxed on Trellis's origin, so their REST calls with the session and their messages fail; set {Key} (docs/security.md)")]
    private static partial void Sandboxed(ILogger logger, string key);
}
