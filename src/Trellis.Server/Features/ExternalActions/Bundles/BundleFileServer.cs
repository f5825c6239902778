using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;

namespace Trellis.Server.Features.ExternalActions.Bundles;

/// <summary>
/// Serves bundle files (docs/reference/bundles.md#serving). A path is decoded segment by segment from the raw request target and
/// looked up by its exact stored name, so no probe can name anything outside the space's bundles.
/// </summary>
internal static class BundleFileServer
{
    private const string Marker = "/external-entity-actions/bundle/";

    private const string NoSniff = "nosniff";

    // Without a bundle origin, a page runs in an opaque origin: its scripts cannot use the viewer's session here (docs/security.md).
    private const string Sandboxed = "sandbox allow-scripts allow-forms allow-popups allow-modals; frame-ancestors 'self'";
    private const string NoCache = "no-cache";

    /// <summary>Serves a bundle file; the route's space filter has already let only the space's members through.</summary>
    public static ValueTask<IResult> ServeAsync(
        long sharedSpaceId, HttpContext http, [FromServices] SiteParameterStore parameters, [FromServices] BundleFileCache files, [FromServices] BundleBlobCache blobs,
        CancellationToken cancellationToken)
    {
        var snapshot = parameters.GetAsync(cancellationToken);
        return snapshot.IsCompletedSuccessfully
            ? ServeAsync(sharedSpaceId, snapshot.Result, http, files, blobs, cancellationToken)
            : AwaitParametersAsync(snapshot, sharedSpaceId, http, files, blobs, cancellationToken);
    }

    private static async ValueTask<IResult> AwaitParametersAsync(
        ValueTask<SiteParameterSnapshot> snapshot, long sharedSpaceId, HttpContext http, BundleFileCache files, BundleBlobCache blobs, CancellationToken cancellationToken) =>
        await ServeAsync(sharedSpaceId, await snapshot, http, files, blobs, cancellationToken);

    private static ValueTask<IResult> ServeAsync(
        long sharedSpaceId, SiteParameterSnapshot parameters, HttpContext http, BundleFileCache files, BundleBlobCache blobs, CancellationToken cancellationToken)
    {
        if (!parameters.GetBoolean(SiteParameterNames.BundlesEnabled))
        {
            return ValueTask.FromResult<IResult>(NotFound().ToResult());
        }

        var path = BundlePaths.FilePath(RawPath(http));
        if (path is null)
        {
            return ValueTask.FromResult<IResult>(NotFound().ToResult());
        }

        // The usual case answers from memory: the path's entry per node and the bytes by their hash.
        return files.TryGet(sharedSpaceId, path, out var file) && blobs.TryGet(file.Sha256, out var content)
            ? ValueTask.FromResult(Answer(http, file, content))
            : LoadAsync(sharedSpaceId, path, http, files, blobs, cancellationToken);
    }

    private static async ValueTask<IResult> LoadAsync(long sharedSpaceId, string path, HttpContext http, BundleFileCache files, BundleBlobCache blobs, CancellationToken cancellationToken)
    {
        // Read before the row: a bundle change committed after this keeps the row out of the cache.
        var generation = files.Generation;
        var db = http.RequestServices.GetRequiredService<TrellisDbContext>();
        if (!files.TryGet(sharedSpaceId, path, out var file))
        {
            var row = await db.BundleFiles.AsNoTracking()
                .Where(f => f.SharedSpaceId == sharedSpaceId && f.Path == path)
                .Select(f => new { f.Sha256, f.ContentType })
                .FirstOrDefaultAsync(cancellationToken);
            if (row is null)
            {
                return NotFound().ToResult();
            }

            file = new BundleFileEntry(row.Sha256, row.ContentType, $"\"{row.Sha256}\"");
            files.Store(sharedSpaceId, path, file, generation);
        }

        var content = await blobs.GetAsync(db, file.Sha256, cancellationToken);
        return content is null ? NotFound().ToResult() : Answer(http, file, content);
    }

    private static IResult Answer(HttpContext http, BundleFileEntry file, byte[] content)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = NoSniff;
        var urls = http.RequestServices.GetRequiredService<TrellisUrls>();
        headers.ContentSecurityPolicy = urls.IsBundleRequest(http) ? urls.BundleFrameAncestors(http.Request) : Sandboxed;
        headers.CacheControl = NoCache;
        headers.ETag = file.ETag;
        return Matches(http.Request.Headers.IfNoneMatch, file.ETag) ? NotModified.Instance : new BundleFileResult(content, file.ContentType);
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
        if (ifNoneMatch.Count == 0)
        {
            return false;
        }

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

    /// <summary>A 304 carries the validators already set and no body.</summary>
    private sealed class NotModified : IResult
    {
        public static readonly NotModified Instance = new();

        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
    }

    /// <summary>Held bytes written as they are, with their exact type and length.</summary>
    private sealed class BundleFileResult(byte[] content, string contentType) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            var response = httpContext.Response;
            response.ContentType = contentType;
            response.ContentLength = content.Length;
            httpContext.RequestServices.GetRequiredService<TrellisMetrics>().BundleBytesServed(content.Length);
            return response.Body.WriteAsync(content, 0, content.Length, CancellationToken.None);
        }
    }
}
