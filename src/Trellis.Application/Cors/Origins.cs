namespace Trellis.Application.Cors;

/// <summary>Origins compared as docs/reference/rest.md#cors says: scheme, host (ignoring case) and port.</summary>
internal static class Origins
{
    /// <summary>Whether an <c>Origin</c> header names this server: the request's own scheme and host, or <c>Trellis:PublicBaseUrl</c>.</summary>
    public static bool IsSameOrigin(HttpRequest request, string origin)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.HttpContext.RequestServices.GetRequiredService<Platform.TrellisUrls>().IsOwnOrigin(request, origin);
    }

    /// <summary>Whether two origins (or URLs, whose path is ignored) are the same origin; text that is not an absolute URL matches nothing.</summary>
    public static bool AreEqual(string a, string b) =>
        Uri.TryCreate(a.Trim(), UriKind.Absolute, out var x) && Uri.TryCreate(b.Trim(), UriKind.Absolute, out var y)
        && string.Equals(x.Scheme, y.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(x.IdnHost, y.IdnHost, StringComparison.OrdinalIgnoreCase)
        && x.Port == y.Port;

    /// <summary>The entries of a comma-separated origin list.</summary>
    public static IEnumerable<string> List(string value) =>
        value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
