using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;

namespace Trellis.Application.ExternalActions.Bundles;

/// <summary>
/// Bundle file bytes held in memory by their SHA-256. The key is the content's own hash, so an entry can never be
/// stale; the total is bounded, and a file larger than <see cref="MaxEntryBytes"/> is always read from the database.
/// </summary>
internal sealed class BundleBlobCache(IConfiguration configuration)
{
    /// <summary>The most megabytes held at once, unless <c>Trellis:Bundles:BlobCacheMegabytes</c> says otherwise (0 turns it off).</summary>
    public const int DefaultCapacityMegabytes = 64;

    /// <summary>Larger files are not kept.</summary>
    public const int MaxEntryBytes = 4 * 1024 * 1024;

    private readonly ConcurrentDictionary<string, byte[]> _blobs = new(StringComparer.Ordinal);
    private long _bytes;

    /// <summary>Gets the most bytes held at once.</summary>
    public long CapacityBytes { get; } = Math.Max(0, configuration.GetValue<long?>("Trellis:Bundles:BlobCacheMegabytes") ?? DefaultCapacityMegabytes) * 1024 * 1024;

    /// <summary>Gets the bytes held now.</summary>
    public long Bytes => Interlocked.Read(ref _bytes);

    /// <summary>The held content whose SHA-256 is <paramref name="sha256"/>, without reading the database.</summary>
    public bool TryGet(string sha256, out byte[] content) => _blobs.TryGetValue(sha256, out content!);

    /// <summary>The content whose SHA-256 is <paramref name="sha256"/>, or <see langword="null"/> when the database has none.</summary>
    public async ValueTask<byte[]?> GetAsync(TrellisDbContext db, string sha256, CancellationToken cancellationToken)
    {
        if (_blobs.TryGetValue(sha256, out var cached))
        {
            return cached;
        }

        var content = await db.BundleBlobs.AsNoTracking().Where(b => b.Sha256 == sha256).Select(b => b.Content).SingleOrDefaultAsync(cancellationToken);
        if (content is not null && content.Length <= MaxEntryBytes)
        {
            Add(sha256, content);
        }

        return content;
    }

    private void Add(string sha256, byte[] content)
    {
        // Make room first; which entries go does not matter much, since every one is a single read away.
        foreach (var entry in _blobs)
        {
            if (Bytes + content.Length <= CapacityBytes)
            {
                break;
            }

            if (_blobs.TryRemove(entry))
            {
                Interlocked.Add(ref _bytes, -entry.Value.Length);
            }
        }

        if (Bytes + content.Length <= CapacityBytes && _blobs.TryAdd(sha256, content))
        {
            Interlocked.Add(ref _bytes, content.Length);
        }
    }
}
