using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;

namespace Trellis.Application.Platform;

/// <summary>
/// What every per-node cache of database rows shares: a change evicts here after its commit and, on PostgreSQL, on
/// every other node through <c>NOTIFY</c> on <paramref name="channel"/> (sent inside the writing transaction, so it is
/// delivered exactly when the change commits); while that listener is down nothing is served. A generation that every
/// eviction moves on keeps a row read before a change from being kept after it.
/// </summary>
/// <typeparam name="TKey">The key of an entry.</typeparam>
/// <typeparam name="TValue">What is held.</typeparam>
internal abstract class NodeCache<TKey, TValue>(DatabaseSettings database, string channel, IEqualityComparer<TKey>? comparer = null) : INodeCache
    where TKey : notnull
{
    private long _generation;

    // On SQLite there is one node; on PostgreSQL, only while the listener hears other nodes' changes.
    private volatile bool _serving = database.Provider != DatabaseProvider.Postgres;

    /// <inheritdoc/>
    public string NotifyChannel => channel;

    /// <summary>Read before a database lookup and handed to <see cref="Keep"/>.</summary>
    public long Generation => Interlocked.Read(ref _generation);

    /// <summary>Gets how many entries are held now.</summary>
    public int Count => Entries.Count;

    /// <summary>Gets the entries; subclasses read and evict through it.</summary>
    protected ConcurrentDictionary<TKey, TValue> Entries { get; } = new(comparer);

    /// <summary>Gets a value indicating whether entries may be served (always on SQLite; on PostgreSQL while listening).</summary>
    protected bool Serving => _serving;

    /// <summary>The listener is (or is no longer) hearing other nodes; either way what is held may be stale.</summary>
    public void Listening(bool listening)
    {
        _serving = listening || database.Provider != DatabaseProvider.Postgres;
        Moved();
        Entries.Clear();
    }

    /// <summary>Another node announced a change.</summary>
    public abstract void Heard(string payload);

    /// <summary>Keeps what was read from the database unless something was evicted since <paramref name="generation"/>.</summary>
    protected void Keep(TKey key, TValue value, long generation)
    {
        if (!_serving || Generation != generation)
        {
            return;
        }

        Entries[key] = value;
        // An eviction that ran meanwhile may have scanned before the entry was there.
        if (Generation != generation)
        {
            Entries.TryRemove(KeyValuePair.Create(key, value));
        }
    }

    /// <summary>Call before evicting, so no read that started earlier is kept.</summary>
    protected void Moved() => Interlocked.Increment(ref _generation);

    /// <summary>Tells the other nodes on PostgreSQL; call inside the writing transaction (or after the commit).</summary>
    protected async Task AnnounceAsync(TrellisDbContext db, string payload, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({channel}, {payload})", cancellationToken);
        }
    }
}

/// <summary>What the node's <c>NOTIFY</c> listener needs of every per-node cache, whatever it holds.</summary>
internal interface INodeCache
{
    /// <summary>Gets the channel the cache's changes are announced on.</summary>
    string NotifyChannel { get; }

    /// <summary>Another node announced a change.</summary>
    void Heard(string payload);

    /// <summary>The listener is (or is no longer) hearing other nodes.</summary>
    void Listening(bool listening);
}
