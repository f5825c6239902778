using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Data.Model;
using Trellis.Server.Features.Audit;
using Trellis.Server.Features.Errors;
using Trellis.Server.Features.Operations;

namespace Trellis.Server.Features.Auth;

/// <summary>Octane's sign-in and sign-out (docs/reference/rest.md#authentication).</summary>
internal static class AuthApi
{
    // A hash no password matches, checked when the login is unknown.
    private static readonly Lazy<(User User, string Hash)> Unknown = new(() =>
    {
        var nobody = new User { Login = "", Email = "", PasswordHash = "" };
        return (nobody, new PasswordHasher<User>().HashPassword(nobody, SessionTokens.NewToken(16)));
    });

    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/authentication").WithOctaneErrors().AllowAnonymous().WithTags("Authentication");
        group.MapPost("/sign_in", SignInAsync).WithName("SignIn");
        group.MapPost("/sign_out", SignOutAsync).WithName("SignOut");
        return routes;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext http, TrellisDbContext db, IPasswordHasher<User> hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        // The body is JSON whatever the Content-Type says (the SDKs disagree on it).
        var body = await ReadJsonObjectAsync(http.Request, cancellationToken);
        var login = Text(body, "user") ?? Text(body, "client_id");
        var secret = Text(body, "password") ?? Text(body, "client_secret");
        if (string.IsNullOrEmpty(login) || string.IsNullOrEmpty(secret))
        {
            return OctaneError.AuthenticationFailed();
        }

        var attempt = await StartSessionAsync(http, db, hasher, time, login, secret, cancellationToken);
        return attempt switch
        {
            { SignedIn: true } => TypedResults.Text("{}", "application/json"),
            { RetryAfter: { } wait } => OctaneError.TooManySignIns(wait),
            _ => OctaneError.AuthenticationFailed(),
        };
    }

    /// <summary>
    /// Checks a password or an API key and, when it holds, opens a session and sets its cookies on the response.
    /// Shared by the REST sign-in and the web UI's sign-in page, so both leave the same trail and pass the same
    /// <see cref="SignInThrottle"/>.
    /// </summary>
    public static async Task<SignInAttempt> StartSessionAsync(
        HttpContext http, TrellisDbContext db, IPasswordHasher<User> hasher, TimeProvider time, string login, string secret,
        CancellationToken cancellationToken)
    {
        var throttle = http.RequestServices.GetRequiredService<SignInThrottle>();
        var client = SignInThrottle.ClientOf(http);
        var metrics = http.RequestServices.GetRequiredService<TrellisMetrics>();
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

            signedIn = await CheckPasswordAsync(db, hasher, login, secret, cancellationToken)
                ?? await CheckApiKeyAsync(db, login, secret, cancellationToken);
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

    private static async Task<IResult> SignOutAsync(HttpContext http, TrellisDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        await EndSessionAsync(http, db, time, cancellationToken);
        return TypedResults.Text("{}", "application/json");
    }

    /// <summary>Revokes the request's session, if any, and expires its cookies.</summary>
    public static async Task EndSessionAsync(HttpContext http, TrellisDbContext db, TimeProvider time, CancellationToken cancellationToken)
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
            await http.RequestServices.GetRequiredService<SessionCache>().RevokeAsync(db, SessionEviction.Session(id), cancellationToken);
        }

        AuthCookies.Expire(http.Response, http.Request.IsHttps);
    }

    private static async Task<(User User, long? ApiKeyId)?> CheckPasswordAsync(
        TrellisDbContext db, IPasswordHasher<User> hasher, string login, string password, CancellationToken cancellationToken)
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

    private static async Task<(User User, long? ApiKeyId)?> CheckApiKeyAsync(
        TrellisDbContext db, string clientId, string secret, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.AsNoTracking().SingleOrDefaultAsync(k => k.ClientId == clientId && k.RevokedAt == null, cancellationToken);
        if (key is null || !SessionTokens.HashEquals(key.SecretHash, SessionTokens.Hash(secret)))
        {
            return null;
        }

        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == key.UserId && u.IsActive, cancellationToken);
        return user is null ? null : (user, key.Id);
    }

    private static async Task<JsonObject?> ReadJsonObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
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
