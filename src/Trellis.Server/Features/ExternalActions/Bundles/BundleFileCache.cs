using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;

namespace Trellis.Server.Features.ExternalActions.Bundles;

/// <summary>What serving one bundle file needs, with its header values ready to write.</summary>
/// <param name="Sha256">The content's SHA-256 (the key of <see cref="BundleBlobCache"/>).</param>
/// <param name="ContentType">The exact MIME type.</param>
/// <param name="ETag">The quoted entity tag, the content hash.</param>
internal sealed record BundleFileEntry(string Sha256, string ContentType, string ETag);

/// <summary>
/// Per node, each space's path → <see cref="BundleFileEntry"/>, so serving a file reads no row. A space's entries go
/// when one of its bundles is created, replaced or deleted: here after the commit, and on PostgreSQL on every node
/// through <c>NOTIFY</c> (sent inside the writing transaction, so it is delivered exactly when the change commits).
/// While the PostgreSQL listener is down nothing is served from here.
/// </summary>
internal sealed class BundleFileCache(DatabaseSettings database, IConfiguration configuration)
{
    /// <summary>The channel bundle changes are announced on; the payload is the shared space id.</summary>
    public const string Channel = "trellis_bundles";

    /// <summary>The most paths held at once, unless <c>Trellis:Bundles:FileCacheEntries</c> says otherwise (0 turns it off).</summary>
    public const int DefaultCapacity = 50_000;

    private readonly ConcurrentDictionary<(long Space, string Path), BundleFileEntry> _entries = new();

    // Every eviction moves it on, so a row read before a change is never kept after it.
    private long _generation;

    // On SQLite there is one node; on PostgreSQL, only while the listener hears other nodes' changes.
    private volatile bool _serving = database.Provider != DatabaseProvider.Postgres;

    /// <summary>Gets the most paths held at once.</summary>
    public int Capacity { get; } = Math.Max(0, configuration.GetValue<int?>("Trellis:Bundles:FileCacheEntries") ?? DefaultCapacity);

    /// <summary>Gets how many paths are held now.</summary>
    public int Count => _entries.Count;

    /// <summary>Read before a database lookup and handed to <see cref="Store"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>The held entry of a path, if any.</summary>
    public bool TryGet(long sharedSpaceId, string path, out BundleFileEntry entry)
    {
        if (_serving && _entries.TryGetValue((sharedSpaceId, path), out var found))
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
        if (!_serving || Generation != generation || _entries.Count >= Capacity)
        {
            return;
        }

        _entries[(sharedSpaceId, path)] = entry;
        // An eviction that ran meanwhile may have scanned before the entry was there.
        if (Generation != generation)
        {
            _entries.TryRemove(KeyValuePair.Create((sharedSpaceId, path), entry));
        }
    }

    /// <summary>Announces a change of the space's bundles to the other nodes; call inside the writing transaction, before the commit.</summary>
    public async Task AnnounceAsync(TrellisDbContext db, long sharedSpaceId, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            var payload = sharedSpaceId.ToString(CultureInfo.InvariantCulture);
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", cancellationToken);
        }
    }

    /// <summary>Another node changed a space's bundles.</summary>
    public void Heard(string payload)
    {
        if (long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var sharedSpaceId))
        {
            Evict(sharedSpaceId);
        }
    }

    /// <summary>The listener is (or is no longer) hearing other nodes; either way what is held may be stale.</summary>
    public void Listening(bool listening)
    {
        _serving = listening || database.Provider != DatabaseProvider.Postgres;
        Interlocked.Increment(ref _generation);
        _entries.Clear();
    }

    /// <summary>Forgets every path of the space on this node; call after the change is committed.</summary>
    public void Evict(long sharedSpaceId)
    {
        Interlocked.Increment(ref _generation);
        foreach (var key in _entries.Keys)
        {
            if (key.Space == sharedSpaceId)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }
}
