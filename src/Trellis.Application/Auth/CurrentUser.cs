using System.Globalization;
using System.Security.Claims;

namespace Trellis.Application.Auth;

/// <summary>The signed-in user of a request, read from the claims the session handler issued.</summary>
internal sealed record CurrentUser(long Id, string Login, string SessionId, IReadOnlyList<string> Grants)
{
    public const string IdClaim = "trellis:user_id";
    public const string LoginClaim = "trellis:login";
    public const string SessionClaim = "trellis:session";

    /// <summary>The XSRF token bound to the session (the <c>XSRF_COOKIE</c> value).</summary>
    public const string XsrfClaim = "trellis:xsrf";

    /// <summary>One claim per role: <c>site_admin</c>, <c>space_admin:&lt;space&gt;</c> or <c>&lt;role&gt;:&lt;workspace&gt;</c>.</summary>
    public const string GrantClaim = "trellis:grant";

    /// <summary>One claim per shared space the user holds any role in (the space id).</summary>
    public const string SpaceClaim = "trellis:space";

    /// <summary>Gets the shared spaces the user holds any role in.</summary>
    public IReadOnlyList<long> Spaces { get; init; } = [];

    public bool IsSiteAdmin => Grants.Contains(Roles.SiteAdmin);

    public bool IsSpaceAdmin(long sharedSpaceId) => IsSiteAdmin || Grants.Contains(Grant(Roles.SpaceAdmin, sharedSpaceId));

    /// <summary>A site admin, or a user with any role in the space (from the session's grants, without a query).</summary>
    public bool IsSpaceMember(long sharedSpaceId) => IsSiteAdmin || Spaces.Contains(sharedSpaceId);

    /// <summary>The user's role in a workspace, an admin role counting as the strongest; <see langword="null"/> without one.</summary>
    public string? WorkspaceRole(long sharedSpaceId, long workspaceId)
    {
        if (IsSpaceAdmin(sharedSpaceId) || Grants.Contains(Grant(Roles.WorkspaceAdmin, workspaceId)))
        {
            return Roles.WorkspaceAdmin;
        }

        return Grants.Contains(Grant(Roles.Member, workspaceId)) ? Roles.Member
            : Grants.Contains(Grant(Roles.Viewer, workspaceId)) ? Roles.Viewer
            : null;
    }

    public static string Grant(string role, long scopeId) => $"{role}:{scopeId.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The user of a request; a session's principal carries it ready-made.</summary>
    public static CurrentUser From(ClaimsPrincipal principal) => principal is SessionPrincipal session ? session.User :
        new(long.Parse(principal.FindFirstValue(IdClaim) ?? throw new InvalidOperationException("The request is not authenticated."), CultureInfo.InvariantCulture),
            principal.FindFirstValue(LoginClaim) ?? "",
            principal.FindFirstValue(SessionClaim) ?? "",
            [.. principal.FindAll(GrantClaim).Select(c => c.Value)])
        {
            Spaces = [.. principal.FindAll(SpaceClaim).Select(c => long.Parse(c.Value, CultureInfo.InvariantCulture))],
        };
}
