using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trellis.Data;

namespace Trellis.Server.Features.Auth;

/// <summary>
/// Authenticates a request by its <c>LWSSO_COOKIE_KEY</c> session, kept in the database so every node agrees.
/// Each request slides the session; the cookie value never changes. A success is kept for a few seconds in the
/// node's <see cref="SessionCache"/>. A challenge is a JSON 401, never a redirect:
/// the JS SDK signs in again and retries once after a 401.
/// </summary>
internal sealed class SessionAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    SessionCache cache,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    private const string FailureCodeKey = "trellis:auth_failure";

    // Resolved only when the database is read: a cached check needs no context at all.
    private TrellisDbContext Db => Context.RequestServices.GetRequiredService<TrellisDbContext>();

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var token = Request.Cookies[AuthCookies.Session];
        if (string.IsNullOrEmpty(token))
        {
            return AuthenticateResult.NoResult();
        }

        var id = cache.IdOf(token);
        var now = time.GetUtcNow();
        // A recent check on this node stands in for the database unless it would now fail: failures are always re-read.
        var session = cache.TryGet(id, out var cached) && Failure(cached.CreatedAt, cached.LastSeenAt, now) is null
            ? cached
            : await LoadAsync(id, now);
        if (session is null)
        {
            return AuthenticateResult.Fail((string)Context.Items[FailureCodeKey]!);
        }

        // Sliding: every request moves the idle deadline, but the row is written at most once a minute (the write
        // dominated a request's cost; a session may so end up to a minute early, which nobody can notice).
        if (now - session.LastSeenAt >= SessionPolicy.LastSeenResolution)
        {
            await Db.Sessions.Where(s => s.Id == id)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.LastSeenAt, now), Context.RequestAborted);
            cache.Seen(session, now);
        }

        cache.Checked(token, id);
        // The claims of a cached check are built once, not per request.
        var principal = session.Principal;
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SessionPrincipal.AuthenticationScheme));
    }

    /// <summary>Checks the session in the database and keeps a success in the node's cache.</summary>
    /// <returns><see langword="null"/> after recording the failure code.</returns>
    private async Task<CachedSession?> LoadAsync(string id, DateTimeOffset now)
    {
        var generation = cache.Generation;
        var db = Db;
        var session = await db.Sessions.AsNoTracking().SingleOrDefaultAsync(s => s.Id == id, Context.RequestAborted);
        var failure = session switch
        {
            null => OctaneErrorCodes.AuthenticationRequired,
            { RevokedAt: not null } => OctaneErrorCodes.AuthenticationRequired,
            _ => Failure(session.CreatedAt, session.LastSeenAt, now),
        };
        if (failure is not null || session is null)
        {
            Context.Items[FailureCodeKey] = failure ?? OctaneErrorCodes.AuthenticationRequired;
            return null;
        }

        var user = await db.Users.AsNoTracking()
            .Where(u => u.Id == session.UserId && u.IsActive)
            .Select(u => new { u.Id, u.Login })
            .SingleOrDefaultAsync(Context.RequestAborted);
        var keyRevoked = session.ApiKeyId is { } keyId
            && !await db.ApiKeys.AnyAsync(k => k.Id == keyId && k.RevokedAt == null, Context.RequestAborted);
        if (user is null || keyRevoked)
        {
            Context.Items[FailureCodeKey] = OctaneErrorCodes.AuthenticationRequired;
            return null;
        }

        var grants = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.UserId == user.Id)
            .Select(r => new { r.Role, r.SharedSpaceId, r.WorkspaceId })
            .ToListAsync(Context.RequestAborted);
        var checkedSession = new CachedSession(
            id,
            user.Id,
            user.Login,
            session.ApiKeyId,
            session.XsrfToken,
            session.CreatedAt,
            session.LastSeenAt,
            [.. grants.Select(g => g switch
            {
                { WorkspaceId: { } ws } => CurrentUser.Grant(g.Role, ws),
                { SharedSpaceId: { } ss } => CurrentUser.Grant(g.Role, ss),
                _ => g.Role,
            })],
            [.. grants.Where(g => g.SharedSpaceId is not null).Select(g => g.SharedSpaceId!.Value).Distinct()],
            now);
        cache.Store(checkedSession, generation);
        return checkedSession;
    }

    /// <summary>The timeout a session has reached at <paramref name="now"/>, if any.</summary>
    private static string? Failure(DateTimeOffset createdAt, DateTimeOffset lastSeenAt, DateTimeOffset now) =>
        now - createdAt >= SessionPolicy.AbsoluteTimeout ? OctaneErrorCodes.GlobalTimeOut
        : now - lastSeenAt >= SessionPolicy.IdleTimeout ? OctaneErrorCodes.IdleTimeOut
        : null;

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var code = Context.Items[FailureCodeKey] as string ?? OctaneErrorCodes.AuthenticationRequired;
        var description = code switch
        {
            OctaneErrorCodes.IdleTimeOut => "The session ended after 60 minutes without a request; sign in again.",
            OctaneErrorCodes.GlobalTimeOut => "The session ended 12 hours after sign-in; sign in again.",
            _ => OctaneError.AuthenticationRequired().Description,
        };
        var error = new OctaneError(StatusCodes.Status401Unauthorized, code, description);
        if (OctaneSurface.Contains(Request.Path))
        {
            await error.ToResult().ExecuteAsync(Context);
            return;
        }

        // A person opening a page is sent to the sign-in page and brought back; programs get the 401.
        if (HttpMethods.IsGet(Request.Method) && Request.GetTypedHeaders().Accept.Any(a => a.MediaType == "text/html"))
        {
            Response.Redirect(Request.PathBase + UiPaths.SignIn(Request.PathBase + Request.Path + Request.QueryString));
            return;
        }

        await TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: description, type: code).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        var error = OctaneError.Forbidden("The signed-in user may not do this.");
        if (OctaneSurface.Contains(Request.Path))
        {
            await error.ToResult().ExecuteAsync(Context);
            return;
        }

        await TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: error.Description).ExecuteAsync(Context);
    }
}
