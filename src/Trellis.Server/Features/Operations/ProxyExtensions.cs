using System.Net;
using Microsoft.AspNetCore.HttpOverrides;

namespace Trellis.Server.Features.Operations;

/// <summary>
/// Trellis behind a reverse proxy (docs/deployment.md): the client's address, scheme and host from the
/// <c>X-Forwarded-*</c> headers of configured proxies only, and a path base such as <c>/trellis</c>.
/// </summary>
internal static class ProxyExtensions
{
    public const string KnownProxiesKey = "Trellis:ForwardedHeaders:KnownProxies";
    public const string KnownNetworksKey = "Trellis:ForwardedHeaders:KnownNetworks";
    public const string PathBaseKey = "Trellis:PathBase";

    /// <summary>Trusts the forwarded headers of the configured proxies; with none configured they are ignored.</summary>
    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var proxies = Values(configuration, KnownProxiesKey).Select(text => IPAddress.TryParse(text, out var address)
            ? address
            : throw new InvalidOperationException($"{KnownProxiesKey}: '{text}' is not an IP address (such as 10.0.0.5 or ::1).")).ToList();
        var networks = Values(configuration, KnownNetworksKey).Select(text => System.Net.IPNetwork.TryParse(text, out var network)
            ? network
            : throw new InvalidOperationException($"{KnownNetworksKey}: '{text}' is not a network in CIDR notation (such as 10.0.0.0/8).")).ToList();
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto | ForwardedHeaders.XForwardedHost;
            // Only what is configured: ASP.NET Core's default trust of loopback would be a surprise behind a local proxy.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            proxies.ForEach(options.KnownProxies.Add);
            networks.ForEach(options.KnownIPNetworks.Add);
        });
        return services;
    }

    /// <summary>Applies the forwarded headers (when proxies are configured) and the path base, before anything reads the request.</summary>
    public static WebApplication UseProxySettings(this WebApplication app)
    {
        if (Values(app.Configuration, KnownProxiesKey).Any() || Values(app.Configuration, KnownNetworksKey).Any())
        {
            app.UseForwardedHeaders();
        }

        if (PathBase(app.Configuration) is { HasValue: true } pathBase)
        {
            app.UsePathBase(pathBase);
            // Routing must run after the path base is split off, or endpoints would be matched on the full path.
            app.UseRouting();
        }

        return app;
    }

    /// <summary>The configured path base: empty, or <c>/segment[/segment…]</c> without a trailing slash.</summary>
    public static PathString PathBase(IConfiguration configuration)
    {
        var text = configuration[PathBaseKey]?.Trim();
        if (string.IsNullOrEmpty(text) || text == "/")
        {
            return PathString.Empty;
        }

        return text[0] == '/' && !text.EndsWith('/') && text.IndexOfAny(['?', '#', '\\', ' ']) < 0 && !text.Contains("//", StringComparison.Ordinal)
            ? new PathString(text)
            : throw new InvalidOperationException($"{PathBaseKey}: '{text}' must be a path such as /trellis (a leading '/', no trailing '/', no query).");
    }

    // A list in JSON (["10.0.0.5", …]) or one comma-separated value, which is easier in an environment variable.
    private static IEnumerable<string> Values(IConfiguration configuration, string key)
    {
        var section = configuration.GetSection(key);
        var values = section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? "");
        return values.SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
