namespace Trellis.Server.Features.ExternalActions;

/// <summary>A JSON body serialized earlier, written as it is with a 200.</summary>
internal sealed class JsonBytesResult(byte[] utf8) : IResult
{
    private const string ContentType = "application/json; charset=utf-8";

    /// <summary>Gets the body.</summary>
    public ReadOnlyMemory<byte> Body => utf8;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.ContentLength = utf8.Length;
        return response.Body.WriteAsync(utf8, 0, utf8.Length, CancellationToken.None);
    }
}
