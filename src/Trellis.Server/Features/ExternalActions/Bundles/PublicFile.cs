using System.Security.Cryptography;

namespace Trellis.Server.Features.ExternalActions.Bundles;

/// <summary>
/// A fixed file every page may load, signed in or not, from any origin (docs/reference/rest.md#cors): cacheable,
/// revalidated by its content hash, never sniffed as another type.
/// </summary>
internal sealed class PublicFile(byte[] bytes, string contentType)
{
    private readonly string _etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(bytes))[..32]}\"";

    /// <summary>A file compiled into the server as the embedded resource <paramref name="name"/>.</summary>
    public static PublicFile FromResource(string name, string contentType)
    {
        using var stream = typeof(PublicFile).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing from the build.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return new PublicFile(buffer.ToArray(), contentType);
    }

    public IResult Serve(HttpContext http)
    {
        var headers = http.Response.Headers;
        // Public even with CORS off: pages hosted elsewhere link to it, and module scripts are always fetched with CORS.
        headers.AccessControlAllowOrigin = "*";
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "public, max-age=3600";
        headers.ETag = _etag;
        return http.Request.Headers.IfNoneMatch == _etag
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(bytes, contentType);
    }
}
