using System.IO.Compression;
using Microsoft.AspNetCore.RequestDecompression;

namespace Trellis.Server.Features.Errors;

/// <summary>
/// Request decompression (gzip, deflate, br) whose streams turn a body that is not what its <c>Content-Encoding</c>
/// says into a <see cref="BadHttpRequestException"/> (400) instead of the codec's own exception (a 500).
/// </summary>
internal static class CheckedDecompression
{
    /// <summary>Accepts compressed request bodies; replaces the framework's providers with checked ones.</summary>
    public static IServiceCollection AddCheckedRequestDecompression(this IServiceCollection services) =>
        services.AddRequestDecompression(options =>
        {
            options.DecompressionProviders["gzip"] = new Provider("gzip", body => new GZipStream(body, CompressionMode.Decompress, leaveOpen: true));
            options.DecompressionProviders["deflate"] = new Provider("deflate", body => new DeflateStream(body, CompressionMode.Decompress, leaveOpen: true));
            options.DecompressionProviders["br"] = new Provider("br", body => new BrotliStream(body, CompressionMode.Decompress, leaveOpen: true));
        });

    private sealed class Provider(string encoding, Func<Stream, Stream> open) : IDecompressionProvider
    {
        public Stream GetDecompressionStream(Stream stream) => new CheckedStream(open(stream), encoding);
    }

    /// <summary>A read-only decompressing stream whose codec errors are the request's fault.</summary>
    private sealed class CheckedStream(Stream inner, string encoding) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            try
            {
                return inner.Read(buffer, offset, count);
            }
            catch (Exception exception) when (exception is InvalidDataException or InvalidOperationException)
            {
                throw NotCompressed(exception);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception exception) when (exception is InvalidDataException or InvalidOperationException)
            {
                throw NotCompressed(exception);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        public override async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            await base.DisposeAsync();
        }

        private BadHttpRequestException NotCompressed(Exception exception) =>
            new($"The request body is not valid {encoding} data, as its Content-Encoding says it is.", StatusCodes.Status400BadRequest, exception);
    }
}
