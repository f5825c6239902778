using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;
using Trellis.Actions.Configuration;
using Trellis.Actions.Templates;

namespace Trellis.Application.Platform;

/// <summary>
/// The one place that knows the server's public addresses: the base URL apps get as <c>{octane_url}</c>, and the
/// separate origin bundle files run on (configured, or the automatic listener on the next port), see docs/security.md.
/// </summary>
internal sealed class TrellisUrls(IOptions<PublicUrlOptions> options, BundleListenerPlan plan, IServiceProvider services)
{
    private readonly PublicUrlOptions _options = options.Value;
    private readonly Uri? _bundleOrigin = options.Value.BundleOrigin is { } origin ? new Uri(origin) : null;
    private IReadOnlySet<int>? _boundBundlePorts;

    /// <summary>Gets the configured bundle origin, or <see langword="null"/> when the automatic listener (or none) serves bundles.</summary>
    public string? ConfiguredBundleOrigin => _options.BundleOrigin;

    /// <summary><c>Trellis:PublicBaseUrl</c>, else the request's scheme, host and path base.</summary>
    public string OctaneUrl(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return _options.PublicBaseUrl ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
    }

    /// <summary><c>Trellis:PublicBaseUrl</c>, else the address the web UI was loaded from.</summary>
    public string OctaneUrl(string navigationBaseUri)
    {
        ArgumentNullException.ThrowIfNull(navigationBaseUri);
        return _options.PublicBaseUrl ?? navigationBaseUri.TrimEnd('/');
    }

    /// <summary>
    /// The base URL of the bundle origin that goes with <paramref name="octaneUrl"/>: the configured origin (with the
    /// same path base), or the same URL on the next port while the automatic bundle listener is bound there; <see langword="null"/> when there is none.
    /// </summary>
    public string? BundleBaseUrl(string octaneUrl)
    {
        if (!Uri.TryCreate(octaneUrl, UriKind.Absolute, out var main))
        {
            return _options.BundleOrigin;
        }

        if (_options.BundleOrigin is { } configured)
        {
            // The same server behind both origins, so the same path base.
            return configured + main.AbsolutePath.TrimEnd('/');
        }

        if (main.Port >= ushort.MaxValue || !BoundBundlePorts().Contains(main.Port + 1))
        {
            return null;
        }

        return new UriBuilder(main) { Port = main.Port + 1 }.Uri.ToString().TrimEnd('/');
    }

    /// <summary>
    /// The base URL a launch of <paramref name="action"/> expands <c>{octane_url}</c> and <c>{bundle_url}</c> from: the
    /// bundle origin when the action's URL starts with <c>{bundle_url}</c> and there is one, else <paramref name="octaneUrl"/>.
    /// </summary>
    public string LaunchBaseUrl(ActionDefinition action, string octaneUrl)
    {
        ArgumentNullException.ThrowIfNull(action);
        return IsBundleAction(action) && BundleBaseUrl(octaneUrl) is { } bundles ? bundles : octaneUrl;
    }

    /// <summary>Whether an action's URL starts with <c>{bundle_url}</c>, so its app is a bundle.</summary>
    public static bool IsBundleAction(ActionDefinition action)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Url is not { } url)
        {
            return false;
        }

        var template = UrlTemplate.Compile(url);
        return template.StartsWithBaseUrl && template.Tokens[0].Kind == TokenKind.BundleUrl;
    }

    /// <summary>
    /// Whether a request arrived on the bundle origin: its <c>Host</c> names the configured origin's host and port, or
    /// it came through the automatic bundle listener.
    /// </summary>
    public bool IsBundleRequest(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        if (_bundleOrigin is { } origin)
        {
            // A Host without a port means the scheme's default port, whichever scheme a proxy in front used.
            var host = http.Request.Host;
            return host.HasValue && string.Equals(host.Host, origin.IdnHost, StringComparison.OrdinalIgnoreCase)
                && (host.Port is int port ? port == origin.Port : origin.IsDefaultPort);
        }

        return http.Connection.LocalPort > 0 && BoundBundlePorts().Contains(http.Connection.LocalPort);
    }

    /// <summary>
    /// The <c>frame-ancestors</c> sources of a bundle file served on the bundle origin: the bundle origin itself and the
    /// Trellis pages that frame it (<c>Trellis:PublicBaseUrl</c>, the main listener's port, or else any port of the host).
    /// </summary>
    public string BundleFrameAncestors(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (_options.PublicBaseUrl is { } main && Uri.TryCreate(main, UriKind.Absolute, out var uri))
        {
            return $"frame-ancestors 'self' {uri.GetLeftPart(UriPartial.Authority)}";
        }

        return _options.BundleOrigin is null && request.Host.Port is int port
            ? string.Create(CultureInfo.InvariantCulture, $"frame-ancestors 'self' {request.Scheme}://{request.Host.Host}:{port - 1}")
            : $"frame-ancestors 'self' {request.Scheme}://{request.Host.Host}:*";
    }

    /// <summary>Whether an <c>Origin</c> header names this server: the request's own scheme and host, or <c>Trellis:PublicBaseUrl</c>.</summary>
    public bool IsOwnOrigin(HttpRequest request, string origin)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Cors.Origins.AreEqual(origin, $"{request.Scheme}://{request.Host.Value}")
            || (_options.PublicBaseUrl is { } configured && Cors.Origins.AreEqual(origin, configured));
    }

    /// <summary>Gets the ports the automatic bundle listener really bound, once the server has started.</summary>
    public IReadOnlySet<int> AutomaticBundlePorts => BoundBundlePorts();

    /// <summary>The automatic listener's ports the server really bound (none under a test server or explicit endpoints).</summary>
    private IReadOnlySet<int> BoundBundlePorts()
    {
        if (_boundBundlePorts is { } known)
        {
            return known;
        }

        if (plan.Ports.Count == 0)
        {
            return _boundBundlePorts = new HashSet<int>();
        }

        var addresses = services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses;
        if (addresses is null || addresses.Count == 0)
        {
            // Not started yet (or not a socket server): ask again next time.
            return new HashSet<int>();
        }

        var bound = addresses.Select(BundleListenerPlan.PortOf).Where(plan.Ports.Contains).ToHashSet();
        return _boundBundlePorts = bound;
    }
}
