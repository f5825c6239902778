using System.Net;
using System.Net.Http.Headers;

namespace Trellis.Cli.Remote;

/// <summary>A zip body sent in 64 KiB slices, reporting the bytes sent so far (the upload progress bar reads it).</summary>
internal sealed class ProgressContent : HttpContent
{
    private const int Slice = 64 * 1024;
    private readonly byte[] _bytes;
    private readonly IProgress<long>? _progress;

    public ProgressContent(byte[] bytes, IProgress<long>? progress)
    {
        _bytes = bytes;
        _progress = progress;
        Headers.ContentType = new MediaTypeHeaderValue("application/zip");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        await SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        for (var sent = 0; sent < _bytes.Length; sent += Slice)
        {
            await stream.WriteAsync(_bytes.AsMemory(sent, Math.Min(Slice, _bytes.Length - sent)), cancellationToken);
            _progress?.Report(Math.Min(sent + Slice, _bytes.Length));
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = _bytes.Length;
        return true;
    }
}
