using System.Text.Encodings.Web;

namespace Trellis.Application.Errors;

/// <summary>
/// The not-found page a browser gets for a page that does not exist or that the access layer refused: the web UI answers
/// such requests 404 without a body (the REST API answers 404 too), and this fills it in.
/// </summary>
internal static class WebPage
{
    // Self-contained: no script, no other request, nothing of the place that was asked for.
    private const string NotFoundHtml = """
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1.0" /><title>Not found · Trellis</title>
        <style>body{font-family:system-ui,sans-serif;margin:3rem;color:#222}a{color:#0b5cad}</style></head>
        <body><main><h1>Not found</h1>
        <p>There is nothing here, or you have no access to it. Ask a space admin if you expected to see it.</p>
        <p><a href="{home}">Go to your workspaces</a></p></main></body>
        </html>
        """;

    private static readonly string[] s_serverPrefixes = ["/api", "/authentication", "/admin", "/internal-api", "/openapi", "/.well-known", "/healthz", "/ui", "/_framework", "/_content", "/_blazor"];

    /// <summary>A browser's GET for an HTML page of the web UI (not the REST API, an admin endpoint or an asset).</summary>
    public static bool IsPageRequest(HttpRequest request) =>
        HttpMethods.IsGet(request.Method)
        && request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase)
        && !s_serverPrefixes.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));

    public static Task WriteNotFoundAsync(HttpContext http)
    {
        http.Response.ContentType = "text/html; charset=utf-8";
        // The start page under the path base (Trellis:PathBase), where the node is served from.
        var home = HtmlEncoder.Default.Encode(http.Request.PathBase.Add("/").Value!);
        return http.Response.WriteAsync(NotFoundHtml.Replace("{home}", home, StringComparison.Ordinal), http.RequestAborted);
    }
}
