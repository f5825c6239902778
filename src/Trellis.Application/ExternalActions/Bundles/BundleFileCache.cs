using Trellis.Application.Platform;
using Trellis.Data;

namespace Trellis.Application.ExternalActions.Bundles;

/// <summary>What serving one bundle file needs, with its header values ready to write.</summary>
/// <param name="Sha256">The content's SHA-256 (the key of <see cref="BundleBlobCache"/>).</param>
/// <param name="ContentType">The exact MIME type.</param>
/// <param name="ETag">The quoted entity tag, the content hash.</param>
internal sealed record BundleFileEntry(string Sha256, string ContentType, string ETag);

/// <summary>
/// Per node, each space's path → <see cref="BundleFileEntry"/>, so serving a file reads no row. A space's entries go
/// when one of its bundles is created, replaced or deleted, on every node (see <see cref="ScopedNodeCache{TKey, TValue}"/>).
/// </summary>
internal sealed class BundleFileCache(DatabaseSettings database, IConfiguration configuration)
    : ScopedNodeCache<(long Space, string Path), BundleFileEntry>(database, Channel)
{
    /// <summary>The channel bundle changes are announced on; the payload is the shared space id.</summary>
    public const string Channel = "trellis_bundles";

    /// <summary>The most paths held at once, unless <c>Trellis:Bundles:FileCacheEntries</c> says otherwise (0 turns it off).</summary>
    public const int DefaultCapacity = 50_000;

    /// <summary>Gets the most paths held at once.</summary>
    public int Capacity { get; } = Math.Max(0, configuration.GetValue<int?>("Trellis:Bundles:FileCacheEntries") ?? DefaultCapacity);

    /// <summary>The held entry of a path, if any.</summary>
    public bool TryGet(long sharedSpaceId, string path, out BundleFileEntry entry)
    {
        if (Serving && Entries.TryGetValue((sharedSpaceId, path), out var found))
        {
            entry = found;
            return true;
        }

        entry = null!;
        return false;
    }

    /// <summary>Keeps a path read from the database unless a bundle changed since <paramref name="generation"/>.</summary>
    public void Store(long sharedSpaceId, string path, BundleFileEntry entry, long generation)
    {
        if (Entries.Count < Capacity)
        {
            Keep((sharedSpaceId, path), entry, generation);
        }
    }

    /// <summary>Forgets every path of the space on this node; call after the change is committed.</summary>
    public override void Evict(long sharedSpaceId)
    {
        Moved();
        foreach (var key in Entries.Keys)
        {
            if (key.Space == sharedSpaceId)
            {
                Entries.TryRemove(key, out _);
            }
        }
    }
}
