using System.Collections.Immutable;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.ExternalActions.Identity;

/// <summary>
/// The RSA keys that sign user-identity tokens (docs/identity-tokens.md#the-token), kept in the database so every node signs and
/// publishes the same ones. The private key is stored as PKCS#8 DER: the database already holds every secret
/// that matters (sessions, API-key hashes), and a key wrapped with Data Protection would need that key ring
/// shared through the same database anyway.
/// </summary>
internal sealed class IdentityKeyStore(IDbContextFactory<TrellisDbContext> dbFactory, TimeProvider time)
{
    /// <summary>How long a retired key is still published, so tokens signed just before a rotation verify.</summary>
    public static readonly TimeSpan RetiredKeyLifetime = TimeSpan.FromHours(1);

    // Another node's rotation reaches this node within this time; this node's own rotation at once.
    private static readonly TimeSpan s_refreshAfter = TimeSpan.FromSeconds(30);

    private volatile KeySet? _cached;

    /// <summary>The current keys, read from the database when the cache is stale; creates the first key on an empty table.</summary>
    public async ValueTask<KeySet> GetAsync(CancellationToken cancellationToken)
    {
        var cached = _cached;
        if (cached is not null && time.GetUtcNow() - cached.ReadAt < s_refreshAfter)
        {
            return cached;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken);
        if (!rows.Any(k => k.RetiredAt is null))
        {
            rows.Add(await AddKeyAsync(db, cancellationToken));
        }

        return Remember(rows);
    }

    /// <summary>The current keys, for callers that cannot await (the launch path); reads synchronously when stale.</summary>
    public KeySet Get()
    {
        var cached = _cached;
        return cached is not null && time.GetUtcNow() - cached.ReadAt < s_refreshAfter
            ? cached
            : GetAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Retires every current key and signs from now on with a new one; the old ones stay published for an hour.</summary>
    /// <returns>The new key's id.</returns>
    public async Task<string> RotateAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = time.GetUtcNow();
        await db.SigningKeys.Where(k => k.RetiredAt == null).ExecuteUpdateAsync(s => s.SetProperty(k => k.RetiredAt, now), cancellationToken);
        var key = await AddKeyAsync(db, cancellationToken);
        _cached = null;
        return key.Kid;
    }

    private async Task<SigningKey> AddKeyAsync(TrellisDbContext db, CancellationToken cancellationToken)
    {
        using var rsa = RSA.Create(2048);
        var key = new SigningKey
        {
            Kid = Thumbprint(rsa.ExportSubjectPublicKeyInfo()),
            PrivateKey = rsa.ExportPkcs8PrivateKey(),
            CreatedAt = time.GetUtcNow(),
        };
        db.SigningKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return key;
    }

    private KeySet Remember(List<SigningKey> rows)
    {
        var now = time.GetUtcNow();
        // Two nodes starting together may each add a first key: all are published, and all sign with the same one.
        var current = rows.Where(k => k.RetiredAt is null)
            .OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Kid, StringComparer.Ordinal).First();
        var published = rows.Where(k => k.RetiredAt is null || now - k.RetiredAt < RetiredKeyLifetime)
            .OrderBy(k => k.Kid == current.Kid ? 0 : 1).ThenByDescending(k => k.CreatedAt)
            .Select(Load).ToImmutableArray();
        var set = new KeySet(published[0], published, now);
        _cached = set;
        return set;
    }

    private static IdentityKey Load(SigningKey row)
    {
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(row.PrivateKey, out _);
        var parameters = rsa.ExportParameters(includePrivateParameters: false);
        return new IdentityKey(row.Kid, row.PrivateKey, rsa.ExportSubjectPublicKeyInfo(), parameters.Modulus!, parameters.Exponent!);
    }

    /// <summary>The key id of docs/identity-tokens.md#the-token: the lowercase hex SHA-256 of the DER SubjectPublicKeyInfo.</summary>
    public static string Thumbprint(byte[] subjectPublicKeyInfo) => Convert.ToHexStringLower(SHA256.HashData(subjectPublicKeyInfo));
}

/// <summary>One signing key: its id, its private key (PKCS#8) and its public parts.</summary>
internal sealed record IdentityKey(string Kid, byte[] Pkcs8PrivateKey, byte[] SubjectPublicKeyInfo, byte[] Modulus, byte[] Exponent);

/// <summary>The key that signs now and every key a verifier may still meet.</summary>
internal sealed record KeySet(IdentityKey Current, ImmutableArray<IdentityKey> Published, DateTimeOffset ReadAt);

/// <summary>Creates the first signing key when the server starts, so it is there before the first launch.</summary>
internal sealed class IdentityKeyInitializer(IdentityKeyStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken) => await store.GetAsync(cancellationToken);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
