using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Server.Features.Auth;
using Trellis.Server.Features.Errors;

namespace Trellis.Server.Features.Entities;

/// <summary>The workspace a request works in, and the caller's role there.</summary>
internal sealed record WorkspaceScope(long SharedSpaceId, long WorkspaceId, CurrentUser User, string Role)
{
    private static readonly object Key = new();

    public bool CanWrite => Role is not Roles.Viewer;

    public static WorkspaceScope Get(HttpContext context) =>
        context.Items[Key] as WorkspaceScope ?? throw new InvalidOperationException("The workspace filter did not run.");

    /// <summary>
    /// The workspace group's filter: the workspace must exist in the space and the caller must have a role in it;
    /// writes need more than <c>viewer</c>.
    /// </summary>
    internal sealed class Filter(TrellisDbContext db, KnownWorkspaces known) : IEndpointFilter
    {
        public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
        {
            var http = context.HttpContext;
            if (!long.TryParse(http.GetRouteValue("sharedSpaceId") as string, NumberStyles.None, CultureInfo.InvariantCulture, out var space)
                || !long.TryParse(http.GetRouteValue("workspaceId") as string, NumberStyles.None, CultureInfo.InvariantCulture, out var workspace))
            {
                return OctaneError.NotFound("workspace", http.GetRouteValue("workspaceId") as string ?? "");
            }

            var user = CurrentUser.From(http.User);
            var exists = known.Contains(space, workspace);
            if (!exists && await db.Workspaces.AnyAsync(w => w.Id == workspace && w.SharedSpaceId == space, http.RequestAborted))
            {
                known.Add(space, workspace);
                exists = true;
            }

            var role = exists ? user.WorkspaceRole(space, workspace) : null;
            if (role is null)
            {
                // The same answer whether the workspace is missing or hidden: its existence is not disclosed.
                return OctaneError.NotFound("workspace", workspace.ToString(CultureInfo.InvariantCulture));
            }

            var scope = new WorkspaceScope(space, workspace, user, role);
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !scope.CanWrite)
            {
                return OctaneError.Forbidden("A viewer may read this workspace but not change it.");
            }

            http.Items[Key] = scope;
            return await next(context);
        }
    }
}

/// <summary>
/// The workspaces seen to exist, by shared space, so the check every workspace request makes reads no row after the
/// first. Only existence is kept: a workspace is created once and never deleted or moved to another space, so
/// nothing held here can go stale on any node (a feature that deletes or moves workspaces must evict here and
/// announce it to the other nodes).
/// </summary>
internal sealed class KnownWorkspaces
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(long Space, long Workspace), bool> _known = new();

    public bool Contains(long sharedSpaceId, long workspaceId) => _known.ContainsKey((sharedSpaceId, workspaceId));

    public void Add(long sharedSpaceId, long workspaceId) => _known.TryAdd((sharedSpaceId, workspaceId), true);
}
