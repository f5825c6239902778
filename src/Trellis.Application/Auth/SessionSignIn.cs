using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Audit;
using Trellis.Application.Operations;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.Auth;

/// <summary>
/// Opens and ends sessions: the one sign-in of the REST API (<c>/authentication/sign_in</c>) and the web UI's sign-in
/// page, so both leave the same trail and pass the same <see cref="SignInThrottle"/>.
/// </summary>
internal sealed class SessionSignIn(
    TrellisDbContext db, IPasswordHasher<User> hasher, TimeProvider time, SignInThrottle throttle, TrellisMetrics metrics, SessionCache sessions)
{
    // A hash no password matches, checked when the login is unknown.
    private static readonly Lazy<(User User, string Hash)> Unknown = new(() =>
    {
        var nobody = new User { Login = "", Email = "", PasswordHash = "" };
        return (nobody, new PasswordHasher<User>().HashPassword(nobody, SessionTokens.NewToken(16)));
    });

    /// <summary>Checks a password or an API key and, when it holds, opens a session and sets its cookies on the response.</summary>
    public async Task<SignInAttempt> StartAsync(HttpContext http, string login, string secret, CancellationToken cancellationToken)
    {
        var client = SignInThrottle.ClientOf(http);
        if (throttle.RetryAfter(login, client) is { } locked)
        {
            metrics.SignInFailed("locked_out");
            return SignInAttempt.Throttled(locked);
        }

        (User User, long? ApiKeyId)? signedIn;
        var (lease, busy) = await throttle.AcquireCheckAsync(cancellationToken);
        using (lease)
        {
            if (!lease.IsAcquired)
            {
                metrics.SignInFailed("busy");
                return SignInAttempt.Throttled(busy);
            }

            signedIn = await CheckPasswordAsync(login, secret, cancellationToken)
                ?? await CheckApiKeyAsync(login, secret, cancellationToken);
        }

        if (signedIn is not { } who)
        {
            metrics.SignInFailed("bad_credentials");
            var hold = throttle.Failed(login, client);
            AuditLog.Add(db, time, null, "auth.sign_in_failed", login);
            await db.SaveChangesAsync(cancellationToken);
            // Real time on purpose: the answer is held for the caller, whatever clock the server's records use.
            await Task.Delay(hold, cancellationToken);
            return SignInAttempt.Failed;
        }

        throttle.Succeeded(login);

        var now = time.GetUtcNow();
        var token = SessionTokens.NewToken(32);
        var xsrf = SessionTokens.NewToken(16);
        db.Sessions.Add(new Session
        {
            Id = SessionTokens.Hash(token),
            UserId = who.User.Id,
            ApiKeyId = who.ApiKeyId,
            XsrfToken = xsrf,
            CreatedAt = now,
            LastSeenAt = now,
        });
        AuditLog.Add(db, time, who.User.Id, "auth.sign_in", who.ApiKeyId is null ? "password" : "api_key");
        await db.SaveChangesAsync(cancellationToken);

        AuthCookies.Append(http.Response, http.Request.IsHttps, token, who.User.Login, xsrf);
        return SignInAttempt.Succeeded;
    }

    /// <summary>Revokes the request's session, if any, and expires its cookies.</summary>
    public async Task EndAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var token = http.Request.Cookies[AuthCookies.Session];
        if (!string.IsNullOrEmpty(token))
        {
            var id = SessionTokens.Hash(token);
            var now = time.GetUtcNow();
            var session = await db.Sessions.SingleOrDefaultAsync(s => s.Id == id && s.RevokedAt == null, cancellationToken);
            if (session is not null)
            {
                session.RevokedAt = now;
                AuditLog.Add(db, time, session.UserId, "auth.sign_out");
                await db.SaveChangesAsync(cancellationToken);
            }

            // Even a session already revoked elsewhere: this node may still hold its check.
            await sessions.RevokeAsync(db, SessionEviction.Session(id), cancellationToken);
        }

        AuthCookies.Expire(http.Response, http.Request.IsHttps);
    }

    private async Task<(User User, long? ApiKeyId)?> CheckPasswordAsync(string login, string password, CancellationToken cancellationToken)
    {
        var user = await db.Users.SingleOrDefaultAsync(u => u.Login == login && u.IsActive, cancellationToken);
        // Demo users have no password: they exist to own work, not to sign in.
        if (user is null || user.PasswordHash.Length == 0)
        {
            // The same PBKDF2 work as a real check, so the answer's timing does not tell which logins exist.
            hasher.VerifyHashedPassword(Unknown.Value.User, Unknown.Value.Hash, password);
            return null;
        }

        var verdict = hasher.VerifyHashedPassword(user, user.PasswordHash, password);
        if (verdict == PasswordVerificationResult.SuccessRehashNeeded)
        {
            // A stronger default (more PBKDF2 rounds) applies from the next save on.
            user.PasswordHash = hasher.HashPassword(user, password);
        }

        return verdict == PasswordVerificationResult.Failed ? null : (user, null);
    }

    private async Task<(User User, long? ApiKeyId)?> CheckApiKeyAsync(string clientId, string secret, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.ClientId == clientId && k.RevokedAt == null, cancellationToken);
        if (key is null || !SessionTokens.HashEquals(key.SecretHash, SessionTokens.Hash(secret)))
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == key.UserId && u.IsActive, cancellationToken);
        return user is null ? null : (user, key.Id);
    }
}

/// <summary>How a sign-in ended: signed in, refused, or refused without a check until <see cref="RetryAfter"/> has passed.</summary>
/// <param name="SignedIn">Whether a session was opened.</param>
/// <param name="RetryAfter">Set when the attempt was throttled: how long the caller should wait.</param>
internal readonly record struct SignInAttempt(bool SignedIn, TimeSpan? RetryAfter)
{
    public static SignInAttempt Succeeded => new(true, null);

    public static SignInAttempt Failed => new(false, null);

    public static SignInAttempt Throttled(TimeSpan retryAfter) => new(false, retryAfter);
}
