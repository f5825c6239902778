using System.Globalization;
using Trellis.Data;

namespace Trellis.Application.Platform;

/// <summary>
/// A per-node cache whose every change concerns one numbered scope (a workspace's schema, a space's bundle paths): the
/// scope's id is the <c>NOTIFY</c> payload, and another node that hears it evicts the scope as the writer's node does.
/// </summary>
/// <typeparam name="TKey">The key of an entry.</typeparam>
/// <typeparam name="TValue">What is held.</typeparam>
internal abstract class ScopedNodeCache<TKey, TValue>(DatabaseSettings database, string channel, IEqualityComparer<TKey>? comparer = null)
    : NodeCache<TKey, TValue>(database, channel, comparer)
    where TKey : notnull
{
    /// <summary>Announces a change of the scope to the other nodes; call inside the writing transaction, before the commit.</summary>
    public Task AnnounceAsync(TrellisDbContext db, long scope, CancellationToken cancellationToken) =>
        AnnounceAsync(db, scope.ToString(CultureInfo.InvariantCulture), cancellationToken);

    /// <inheritdoc/>
    public sealed override void Heard(string payload)
    {
        if (long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var scope))
        {
            Evict(scope);
        }
    }

    /// <summary>Forgets what is held for the scope on this node; call after the change is committed.</summary>
    public abstract void Evict(long scope);
}
