using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using Trellis.Application.Platform;
using Trellis.Data;

namespace Trellis.Application.Auth;

/// <summary>What a successful session check read from the database: the session, its user and the user's grants.</summary>
/// <param name="Id">The session id (the hash of the cookie value).</param>
/// <param name="UserId">The signed-in user.</param>
/// <param name="Login">The user's login.</param>
/// <param name="ApiKeyId">The API key the session was opened with, if any.</param>
/// <param name="XsrfToken">The session's XSRF token.</param>
/// <param name="CreatedAt">When the session was opened.</param>
/// <param name="LastSeenAt">The stored last-seen time, as this node last read or wrote it.</param>
/// <param name="Grants">The grant claims (<see cref="CurrentUser.GrantClaim"/>).</param>
/// <param name="Spaces">The shared spaces the user holds any role in.</param>
/// <param name="LoadedAt">When this node read it from the database.</param>
internal sealed record CachedSession(
    string Id,
    long UserId,
    string Login,
    long? ApiKeyId,
    string XsrfToken,
    DateTimeOffset CreatedAt,
    DateTimeOffset LastSeenAt,
    ImmutableArray<string> Grants,
    ImmutableArray<long> Spaces,
    DateTimeOffset LoadedAt)
{
    private SessionPrincipal? _principal;

    /// <summary>Gets the principal every request of this check shares: built once, never changed afterwards.</summary>
    public SessionPrincipal Principal => _principal ??= SessionPrincipal.For(this);
}

/// <summary>What a revocation ends: one session, every session of a user (roles changed) or of an API key.</summary>
/// <param name="Kind">'s' (session), 'u' (user) or 'k' (API key).</param>
/// <param name="Key">The session id, user id or key id.</param>
internal readonly record struct SessionEviction(char Kind, string Key)
{
    public static SessionEviction Session(string sessionId) => new('s', sessionId);

    public static SessionEviction User(long userId) => new('u', userId.ToString(CultureInfo.InvariantCulture));

    public static SessionEviction ApiKey(long keyId) => new('k', keyId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The <c>NOTIFY</c> payload, <c>&lt;kind&gt;:&lt;key&gt;</c>.</summary>
    public string Payload => $"{Kind}:{Key}";

    public static SessionEviction? Parse(string payload) =>
        payload.Length > 2 && payload[1] == ':' && payload[0] is 's' or 'u' or 'k' ? new SessionEviction(payload[0], payload[2..]) : null;

    public bool Covers(CachedSession session) => Kind switch
    {
        's' => session.Id == Key,
        'u' => session.UserId.ToString(CultureInfo.InvariantCulture) == Key,
        _ => session.ApiKeyId?.ToString(CultureInfo.InvariantCulture) == Key,
    };
}

/// <summary>
/// Successful session checks, kept per node for <see cref="Lifetime"/> so that a signed-in request does not read the
/// session, user, key and grants again. Sign-out, key revocation and role changes evict at once here and, on
/// PostgreSQL, on every other node (see <see cref="NodeCache{TKey, TValue}"/>).
/// </summary>
internal sealed class SessionCache(TimeProvider time, DatabaseSettings database, IConfiguration configuration)
    : NodeCache<string, CachedSession>(database, Channel, StringComparer.Ordinal)
{
    /// <summary>The channel revocations are announced on.</summary>
    public const string Channel = "trellis_sessions";

    /// <summary>How long a check is trusted without reading the database again, unless configured.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromSeconds(10);

    /// <summary>The longest lifetime configuration may set: a revocation no node announced counts after this at most.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromMinutes(1);

    /// <summary>Beyond this many sessions, expired entries are swept and new ones are not kept until there is room.</summary>
    public const int Capacity = 20_000;

    /// <summary>Gets how long a check is trusted: <c>Trellis:Auth:SessionCacheLifetime</c> (0 turns the cache off), at most <see cref="MaxLifetime"/>.</summary>
    public TimeSpan Lifetime { get; } = TimeSpan.FromTicks(Math.Clamp(
        (configuration.GetValue<TimeSpan?>("Trellis:Auth:SessionCacheLifetime") ?? DefaultLifetime).Ticks, 0, MaxLifetime.Ticks));

    // Cookie value → session id (its SHA-256) of sessions that passed a check: a pure function, so nothing in it can be
    // stale; the session behind the id is still checked (and evicted) through the entries on every request.
    private readonly ConcurrentDictionary<string, string> _ids = new(StringComparer.Ordinal);

    /// <summary>The session id of a cookie value: the hash, computed once per session on this node.</summary>
    public string IdOf(string token) => _ids.TryGetValue(token, out var id) ? id : SessionTokens.Hash(token);

    /// <summary>Remembers the id of a cookie value whose session passed a check (random cookies never fill the map).</summary>
    public void Checked(string token, string id)
    {
        if (Lifetime == TimeSpan.Zero || _ids.ContainsKey(token))
        {
            return;
        }

        // Forgetting everything at the bound costs one hash per session again, and keeps no cookie of an ended session for long.
        if (_ids.Count >= Capacity)
        {
            _ids.Clear();
        }

        _ids.TryAdd(token, id);
    }

    /// <summary>A check of <paramref name="sessionId"/> made less than <see cref="Lifetime"/> ago.</summary>
    public bool TryGet(string sessionId, out CachedSession session)
    {
        if (Serving && Entries.TryGetValue(sessionId, out var found))
        {
            var age = time.GetUtcNow() - found.LoadedAt;
            if (age >= TimeSpan.Zero && age < Lifetime)
            {
                session = found;
                return true;
            }

            Entries.TryRemove(KeyValuePair.Create(sessionId, found));
        }

        session = null!;
        return false;
    }

    /// <summary>Keeps a successful check unless something was revoked since <paramref name="generation"/>.</summary>
    public void Store(CachedSession session, long generation)
    {
        if (Lifetime == TimeSpan.Zero)
        {
            return;
        }

        if (Entries.Count >= Capacity)
        {
            Sweep();
            if (Entries.Count >= Capacity)
            {
                return;
            }
        }

        Keep(session.Id, session, generation);
    }

    /// <summary>This node wrote the session's last-seen time.</summary>
    public void Seen(CachedSession session, DateTimeOffset at)
    {
        if (Entries.TryGetValue(session.Id, out var current) && current.LastSeenAt < at)
        {
            Entries.TryUpdate(session.Id, current with { LastSeenAt = at }, current);
        }
    }

    /// <summary>Evicts here and, on PostgreSQL, tells the other nodes; call after the revocation is committed.</summary>
    public async Task RevokeAsync(TrellisDbContext db, SessionEviction eviction, CancellationToken cancellationToken)
    {
        Evict(eviction);
        await AnnounceAsync(db, eviction.Payload, cancellationToken);
    }

    /// <inheritdoc/>
    public override void Heard(string payload)
    {
        if (SessionEviction.Parse(payload) is { } eviction)
        {
            Evict(eviction);
        }
    }

    /// <summary>Evicts the sessions <paramref name="eviction"/> covers on this node.</summary>
    public void Evict(SessionEviction eviction)
    {
        Moved();
        if (eviction.Kind == 's')
        {
            Entries.TryRemove(eviction.Key, out _);
            return;
        }

        foreach (var entry in Entries)
        {
            if (eviction.Covers(entry.Value))
            {
                Entries.TryRemove(entry);
            }
        }
    }

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var entry in Entries)
        {
            if (now - entry.Value.LoadedAt >= Lifetime)
            {
                Entries.TryRemove(entry);
            }
        }
    }
}
