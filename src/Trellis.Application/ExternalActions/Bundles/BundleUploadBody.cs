using Microsoft.Net.Http.Headers;
using Trellis.Actions.Bundles;

namespace Trellis.Application.ExternalActions.Bundles;

/// <summary>The zip of an upload: the raw body (any or no <c>Content-Type</c>, as AMA sends it) or one multipart file.</summary>
internal sealed record BundleUploadBody(ReadOnlyMemory<byte> Zip, BundleReadResult? Refusal)
{
    public static async Task<BundleUploadBody> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > BundleLimits.MaxCompressedBytes)
        {
            return TooLarge();
        }

        Stream source;
        if (request.HasFormContentType && MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            && type.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var form = await request.ReadFormAsync(cancellationToken);
            if (form.Files.Count != 1)
            {
                return new(default, BundleReadResult.Reject([new("", BundleReasonCodes.Corrupt, "A multipart upload must carry exactly one file.")]));
            }

            source = form.Files[0].OpenReadStream();
        }
        else
        {
            source = request.Body;
        }

        await using (source)
        {
            using var buffer = new MemoryStream();
            var chunk = new byte[81920];
            int read;
            while ((read = await source.ReadAsync(chunk, cancellationToken)) > 0)
            {
                buffer.Write(chunk, 0, read);
                if (buffer.Length > BundleLimits.MaxCompressedBytes)
                {
                    return TooLarge();
                }
            }

            return new(buffer.ToArray(), null);
        }
    }

    private static BundleUploadBody TooLarge() =>
        new(default, BundleReadResult.Reject([new("", BundleReasonCodes.TooLarge, "The upload is larger than 20 MiB.")], tooLarge: true));
}
