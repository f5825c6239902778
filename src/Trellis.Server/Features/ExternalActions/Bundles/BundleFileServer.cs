using Microsoft.AspNetCore.Http.Features;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Server.Features.Auth;
using Trellis.Server.Features.Errors;
using Trellis.Server.Features.SiteParameters;

namespace Trellis.Server.Features.ExternalActions.Bundles;

/// <summary>
/// Serves bundle files (SPEC.md §7.3). A path is decoded segment by segment from the raw request target and
/// looked up by its exact stored name, so no probe can name anything outside the space's bundles.
/// </summary>
internal static class BundleFileServer
{
    private const string Marker = "/external-entity-actions/bundle/";

    public static async Task<IResult> ServeAsync(long sharedSpaceId, HttpContext http, TrellisDbContext db, SiteParameterStore parameters, BundleBlobCache blobs, CancellationToken cancellationToken)
    {
        if (!CurrentUser.From(http.User).IsSpaceMember(sharedSpaceId) || !(await parameters.GetAsync(cancellationToken)).GetBoolean(SiteParameterNames.BundlesEnabled))
        {
            return NotFound();
        }

        var path = FilePath(RawPath(http));
        if (path is null)
        {
            return NotFound();
        }

        // Only the path's row: the bytes usually come from the content-addressed cache.
        var file = await db.BundleFiles.AsNoTracking()
            .Where(f => f.SharedSpaceId == sharedSpaceId && f.Path == path)
            .Select(f => new { f.Sha256, f.ContentType })
            .FirstOrDefaultAsync(cancellationToken);
        if (file is null)
        {
            return NotFound();
        }

        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "frame-ancestors 'self'";
        headers.CacheControl = "no-cache";
        var etag = $"\"{file.Sha256}\"";
        headers.ETag = etag;
        if (Matches(http.Request.Headers.IfNoneMatch, etag))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var content = await blobs.GetAsync(db, file.Sha256, cancellationToken);
        return content is null ? NotFound() : TypedResults.Bytes(content, file.ContentType);
    }

    /// <summary>The stored path a request names, or <see langword="null"/> when it cannot name a file.</summary>
    /// <param name="encoded">The still-encoded part after <c>…/bundle/</c>, without the query.</param>
    internal static string? FilePath(string encoded)
    {
        if (encoded.Length == 0)
        {
            return null;
        }

        var segments = encoded.Split('/');
        // A trailing slash serves the folder's index.html; there are no listings.
        if (segments[^1].Length == 0)
        {
            segments[^1] = "index.html";
        }

        for (var i = 0; i < segments.Length; i++)
        {
            var decoded = Uri.UnescapeDataString(segments[i]);
            if (decoded is "" or "." or ".." || decoded.Any(c => c is '/' or '\\' or ':' || char.IsControl(c)))
            {
                return null;
            }

            segments[i] = decoded;
        }

        return string.Join('/', segments);
    }

    private static string RawPath(HttpContext http)
    {
        // The raw target keeps %2F apart from '/', which the decoded path cannot.
        var raw = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            raw = (http.Request.PathBase + http.Request.Path).Value ?? "";
        }

        var query = raw.IndexOf('?', StringComparison.Ordinal);
        if (query >= 0)
        {
            raw = raw[..query];
        }

        var at = raw.IndexOf(Marker, StringComparison.OrdinalIgnoreCase);
        return at < 0 ? "" : raw[(at + Marker.Length)..];
    }

    private static bool Matches(Microsoft.Extensions.Primitives.StringValues ifNoneMatch, string etag)
    {
        foreach (var value in ifNoneMatch)
        {
            foreach (var candidate in (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (candidate == "*" || candidate == etag || candidate == "W/" + etag)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static OctaneError NotFound() =>
        new(StatusCodes.Status404NotFound, OctaneErrorCodes.EntityNotFound, "There is no such bundle file.");
}
