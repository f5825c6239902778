using System.Globalization;
using System.Security.Claims;

namespace Trellis.Application.Auth;

/// <summary>
/// The principal of a checked session, shared by every request the check covers, with its <see cref="CurrentUser"/>
/// read once from the same data. Nothing may add claims or identities to it.
/// </summary>
internal sealed class SessionPrincipal : ClaimsPrincipal
{
    /// <summary>The authentication scheme of Trellis's sessions (the session cookie or an API key's session).</summary>
    public const string AuthenticationScheme = "OctaneSession";

    private SessionPrincipal(ClaimsIdentity identity, CurrentUser user)
        : base(identity) => User = user;

    /// <summary>Gets the signed-in user the claims describe.</summary>
    public CurrentUser User { get; }

    /// <summary>The claims of a session check, in the order the handler always issued them.</summary>
    public static SessionPrincipal For(CachedSession session)
    {
        var claims = new List<Claim>(5 + session.Grants.Length + session.Spaces.Length)
        {
            new(CurrentUser.IdClaim, session.UserId.ToString(CultureInfo.InvariantCulture)),
            new(CurrentUser.LoginClaim, session.Login),
            new(CurrentUser.SessionClaim, session.Id),
            new(CurrentUser.XsrfClaim, session.XsrfToken),
            new(ClaimTypes.Name, session.Login),
        };
        foreach (var grant in session.Grants)
        {
            claims.Add(new Claim(CurrentUser.GrantClaim, grant));
        }

        foreach (var space in session.Spaces)
        {
            claims.Add(new Claim(CurrentUser.SpaceClaim, space.ToString(CultureInfo.InvariantCulture)));
        }

        var user = new CurrentUser(session.UserId, session.Login, session.Id, [.. session.Grants]) { Spaces = [.. session.Spaces] };
        return new SessionPrincipal(new ClaimsIdentity(claims, AuthenticationScheme), user);
    }
}
