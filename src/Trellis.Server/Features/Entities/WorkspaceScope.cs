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
    internal sealed class Filter(TrellisDbContext db) : IEndpointFilter
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
            var exists = await db.Workspaces.AnyAsync(w => w.Id == workspace && w.SharedSpaceId == space, http.RequestAborted);
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
