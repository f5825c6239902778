using System.Globalization;
using System.Text;
using Trellis.Actions.Configuration;

namespace Trellis.Server.WebUi;

/// <summary>
/// The <c>Content-Security-Policy: frame-src</c> of the UI's pages (<c>/{shared_space}/…</c>): the page itself, the bundle
/// origin, plus the origins of the space's configured dialog and side-panel actions, so only configured apps can be framed.
/// </summary>
internal static class FrameSourcePolicy
{
    /// <summary>The header value for a catalog's actions.</summary>
    /// <param name="actions">The space's actions.</param>
    /// <param name="bundleBaseUrl">Where bundles run (docs/security.md), or <see langword="null"/> when they run sandboxed here.</param>
    /// <param name="overrideOrigins">The origins of the signed-in user's own development overrides.</param>
    public static string For(IEnumerable<ActionDefinition> actions, string? bundleBaseUrl = null, IEnumerable<string>? overrideOrigins = null)
    {
        var origins = new SortedSet<string>(overrideOrigins ?? [], StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (action.Url is not { } url || (action.Dialog is null && action.Kind != ActionKind.SidePanel))
            {
                continue;
            }

            // A URL on {octane_url} is this server ('self'), one on {bundle_url} the bundle origin; otherwise the literal text before the first token names the origin.
            if (url.StartsWith('{'))
            {
                continue;
            }

            var prefix = url.Split('{')[0];
            if (Uri.TryCreate(prefix, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.Host.Length > 0 && prefix.IndexOfAny(['/', '?', '#'], uri.Scheme.Length + 3) > 0)
            {
                origins.Add(uri.IsDefaultPort ? $"{uri.Scheme}://{uri.IdnHost}" : string.Create(CultureInfo.InvariantCulture, $"{uri.Scheme}://{uri.IdnHost}:{uri.Port}"));
            }
        }

        if (bundleBaseUrl is not null && Uri.TryCreate(bundleBaseUrl, UriKind.Absolute, out var bundles))
        {
            origins.Add(bundles.GetLeftPart(UriPartial.Authority));
        }

        var header = new StringBuilder("frame-src 'self'");
        foreach (var origin in origins)
        {
            header.Append(' ').Append(origin);
        }

        return header.ToString();
    }

    /// <summary>Adds the header to the UI's workspace and settings pages.</summary>
    public static IApplicationBuilder UseFrameSourcePolicy(this IApplicationBuilder app) => app.Use(static (http, next) =>
    {
        var path = http.Request.Path.Value ?? "";
        var end = path.IndexOf('/', 1);
        var first = end > 0 ? path.AsSpan(1, end - 1) : path.AsSpan().TrimStart('/');
        // Only a GET of /{shared_space}/… is a page that frames; everything else (the API above all) passes without a state machine.
        return HttpMethods.IsGet(http.Request.Method) && first.Length > 0 && long.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var space)
            ? AddHeaderAsync(http, next, space)
            : next(http);
    });

    private static async Task AddHeaderAsync(HttpContext http, RequestDelegate next, long space)
    {
        var catalog = http.RequestServices.GetRequiredService<LiveCatalog>();
        var entry = await catalog.GetAsync(space, http.RequestAborted);
        var urls = http.RequestServices.GetRequiredService<TrellisUrls>();
        // Only the signed-in user's own overrides: a colleague's page never frames an author's development server.
        var overrides = http.User.Identity?.IsAuthenticated == true
            ? await http.RequestServices.GetRequiredService<DevOverrideStore>().FrameOriginsAsync(space, CurrentUser.From(http.User), http.RequestAborted)
            : [];
        http.Response.Headers.ContentSecurityPolicy = For(entry.Catalog.Actions, urls.BundleBaseUrl(urls.OctaneUrl(http.Request)), overrides);
        await next(http);
    }
}
