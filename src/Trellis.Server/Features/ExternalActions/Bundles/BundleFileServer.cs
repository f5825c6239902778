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

    public static async Task<IResult> ServeAsync(long sharedSpaceId, HttpContext http, TrellisDbContext db, SiteParameterStore parameters, CancellationToken cancellationToken)
    {
        var current = CurrentUser.From(http.User);
        var member = current.IsSiteAdmin
            || await db.RoleAssignments.AnyAsync(r => r.UserId == current.Id && r.SharedSpaceId == sharedSpaceId, cancellationToken);
        if (!member || !(await parameters.GetAsync(cancellationToken)).GetBoolean(SiteParameterNames.BundlesEnabled))
        {
            return NotFound();
        }

        var path = FilePath(RawPath(http));
        if (path is null)
        {
            return NotFound();
        }

        // One round trip: the content comes along unless the client may already hold it.
        var conditional = http.Request.Headers.IfNoneMatch.Count > 0;
        var file = await db.BundleFiles.AsNoTracking()
            .Where(f => f.SharedSpaceId == sharedSpaceId && f.Path == path)
            .Join(db.BundleBlobs, f => f.Sha256, b => b.Sha256, (f, b) => new { f.Sha256, f.ContentType, Content = conditional ? null : b.Content })
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

        var content = file.Content
            ?? await db.BundleBlobs.AsNoTracking().Where(b => b.Sha256 == file.Sha256).Select(b => b.Content).SingleAsync(cancellationToken);
        return TypedResults.Bytes(content, file.ContentType);
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
