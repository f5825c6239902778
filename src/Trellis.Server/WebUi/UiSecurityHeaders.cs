using Trellis.Web;

namespace Trellis.Server.WebUi;

/// <summary>
/// The browser protections of every response: <c>X-Content-Type-Options: nosniff</c>, a <c>Referrer-Policy</c> that
/// gives other sites only the origin (Octane apps read the host's origin from <c>document.referrer</c>), and, on the
/// UI's HTML pages, a <c>Content-Security-Policy</c>: scripts only from this server plus the import map by nonce
/// (Blazor Server), inline styles (MudBlazor), the circuit's WebSocket on this origin, and the page's
/// <c>frame-src</c> from <see cref="FrameSourcePolicy"/> (docs/administration.md#sign-in-throttling-and-input-limits).
/// </summary>
internal static class UiSecurityHeaders
{
    private static readonly Func<object, Task> s_addHeaders = static state =>
    {
        var http = (HttpContext)state;
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin";
        // Octane's paths (bundles among them) and the API reference keep their own policies.
        var path = http.Request.Path;
        if (http.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) == true
            && !OctaneSurface.Contains(path) && !path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase))
        {
            // The frame policy is one value among others (Blazor adds frame-ancestors): only its frame-src is kept, and
            // the page's policy, which says frame-ancestors itself, replaces them all as one header.
            var frames = headers.ContentSecurityPolicy.FirstOrDefault(p => p?.StartsWith("frame-src ", StringComparison.Ordinal) == true);
            headers.ContentSecurityPolicy = PolicyFor(PageNonce.Of(http), frames);
        }

        return Task.CompletedTask;
    };

    /// <summary>The policy of one page, with its nonce and its frame sources.</summary>
    public static string PolicyFor(string nonce, string? frameSources) =>
        "default-src 'self'; "
        + $"script-src 'self' 'nonce-{nonce}'; "
        + "style-src 'self' 'unsafe-inline'; "
        + "img-src 'self' data: blob:; "
        + "font-src 'self' data:; "
        + "connect-src 'self'; "
        + (frameSources ?? "frame-src 'self'") + "; "
        + "frame-ancestors 'self'; "
        + "object-src 'none'; "
        + "base-uri 'self'; "
        + "form-action 'self'";

    /// <summary>Adds the headers; runs before the UI's frame policy so the two end up in one header.</summary>
    public static IApplicationBuilder UseUiSecurityHeaders(this IApplicationBuilder app) => app.Use(static (http, next) =>
    {
        // One static callback with the context as its state: nothing is allocated for the many answers that are not pages.
        http.Response.OnStarting(s_addHeaders, http);
        return next(http);
    });
}
