using System.Collections.Frozen;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Auth;
using Trellis.Application.Entities;
using Trellis.Data;

namespace Trellis.Application.Organization;

/// <summary>One of Octane's roles as Trellis grants it: the stored role name, Octane's id, logical name and label.</summary>
internal sealed record OctaneRole(string Stored, int Index, string LogicalName, string Name)
{
    public JsonObject ToReference() => new()
    {
        ["type"] = "role",
        ["id"] = OctaneJson.Id(Index),
        ["logical_name"] = LogicalName,
        ["name"] = Name,
    };
}

/// <summary>
/// Octane's <c>workspace_roles</c> (docs/rest-api.md#workspace-roles): a role in one workspace, or the shared-space admin
/// role in the space, which users hold through their <c>workspace_roles</c> multi-reference. One pair of role and place is
/// one entity shared by everyone who holds it (the C# SDK finds the space-admin role once and adds that one id to a user),
/// so its id is computed, never stored: the place's id times ten plus the role's index. Spaces and workspaces draw their
/// ids from one sequence, so no two pairs share an id.
/// </summary>
internal static class WorkspaceRoles
{
    public const string Type = "workspace_role";

    /// <summary>The multi-reference through which a user lists the workspace roles it holds.</summary>
    public const string UserField = "workspace_roles";

    /// <summary>The roles of a space, by their stored name; <c>site_admin</c> is the site's and has no workspace role.</summary>
    public static readonly FrozenDictionary<string, OctaneRole> ByStored = new OctaneRole[]
    {
        new(Roles.SpaceAdmin, 1, "role.shared.space.admin", "Shared Space Admin"),
        new(Roles.WorkspaceAdmin, 2, "role.workspace.admin", "Workspace Admin"),
        new(Roles.Member, 3, "role.workspace.team.member", "Team Member"),
        new(Roles.Viewer, 4, "role.workspace.viewer", "Viewer"),
    }.ToFrozenDictionary(r => r.Stored, StringComparer.Ordinal);

    /// <summary>The fields a workspace role has, and what a query may name through its references.</summary>
    public static readonly FilterFields Filter = new(new Dictionary<string, FilterFields?>(StringComparer.Ordinal)
    {
        ["id"] = null,
        ["role"] = RoleFilter,
        ["workspace"] = new(new Dictionary<string, FilterFields?>(StringComparer.Ordinal) { ["id"] = null, ["name"] = null }),
        ["users"] = new(new Dictionary<string, FilterFields?>(StringComparer.Ordinal) { ["id"] = null, ["name"] = null }),
    }, new Dictionary<string, string>(StringComparer.Ordinal) { ["user"] = "users" });

    public static FilterFields RoleFilter => new(new Dictionary<string, FilterFields?>(StringComparer.Ordinal)
    {
        ["id"] = null,
        ["logical_name"] = null,
        ["name"] = null,
    });

    /// <summary>The id of a role in a place: the workspace's for a workspace role, the space's for the space-admin role.</summary>
    public static long IdOf(OctaneRole role, long placeId) => (placeId * 10) + role.Index;

    /// <summary>
    /// The workspace role that <paramref name="stored"/> held in a workspace (or, for space admin, in the space) is, as a
    /// user's <c>workspace_roles</c> lists it; <see langword="null"/> for site admin.
    /// </summary>
    public static JsonObject? ReferenceOf(string stored, long? workspaceId, long? sharedSpaceId) =>
        ByStored.TryGetValue(stored, out var role) && (workspaceId ?? sharedSpaceId) is { } place
            ? new JsonObject
            {
                ["type"] = Type,
                ["id"] = OctaneJson.Id(IdOf(role, place)),
                ["role"] = role.ToReference(),
                // Only the id: a user's roles may name workspaces the reader holds no role in.
                ["workspace"] = workspaceId is { } ws ? new JsonObject { ["type"] = "workspace", ["id"] = OctaneJson.Id(ws) } : null,
            }
            : null;

    /// <summary>
    /// The <c>workspace_roles</c> of workspace users, by user id: the roles each holds in this workspace and the space-admin
    /// role of its space, which applies here too. Roles in other workspaces are left out: a reader of one workspace may
    /// hold no role in them.
    /// </summary>
    public static async Task<ILookup<long, JsonObject>> OfWorkspaceUsersAsync(TrellisDbContext db, long workspaceId, IReadOnlyList<long> userIds, CancellationToken cancellationToken)
    {
        var spaceId = await db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.SharedSpaceId).SingleAsync(cancellationToken);
        var held = await db.RoleAssignments.AsNoTracking()
            .Where(r => userIds.Contains(r.UserId)
                && (r.WorkspaceId == workspaceId || (r.WorkspaceId == null && r.SharedSpaceId == spaceId && r.Role == Roles.SpaceAdmin)))
            .Select(r => new { r.UserId, r.Role, r.WorkspaceId })
            .ToListAsync(cancellationToken);
        return held.Select(r => (r.UserId, Reference: ReferenceOf(r.Role, r.WorkspaceId, spaceId)))
            .Where(r => r.Reference is not null)
            .DistinctBy(r => (r.UserId, r.Reference!["id"]!.GetValue<string>()))
            .OrderBy(r => long.Parse(r.Reference!["id"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture))
            .ToLookup(r => r.UserId, r => r.Reference!);
    }

    /// <summary>
    /// Every workspace role of the space the reader may see, with its holders: the space-admin role, and each role of
    /// every workspace in <paramref name="workspaces"/> (all of the space's for its admins, their own for everyone else).
    /// </summary>
    public static async Task<List<JsonObject>> ListAsync(TrellisDbContext db, long sharedSpaceId, IReadOnlyList<(long Id, string Name)> workspaces, CancellationToken cancellationToken)
    {
        var ids = workspaces.Select(w => w.Id).ToList();
        var held = await db.RoleAssignments.AsNoTracking()
            .Where(r => (r.SharedSpaceId == sharedSpaceId && r.WorkspaceId == null && r.Role == Roles.SpaceAdmin) || (r.WorkspaceId != null && ids.Contains(r.WorkspaceId.Value)))
            .Join(db.Users, r => r.UserId, u => u.Id, (r, u) => new { r.Role, r.WorkspaceId, UserId = u.Id, u.Login })
            .ToListAsync(cancellationToken);
        var holders = held.ToLookup(h => (h.Role, h.WorkspaceId));

        var items = new List<JsonObject> { Render(ByStored[Roles.SpaceAdmin], sharedSpaceId, null, holders[(Roles.SpaceAdmin, null)].Select(h => (h.UserId, h.Login))) };
        foreach (var (workspaceId, name) in workspaces)
        {
            items.AddRange(ByStored.Values.Where(r => r.Stored != Roles.SpaceAdmin).OrderBy(r => r.Index)
                .Select(role => Render(role, workspaceId, name, holders[(role.Stored, workspaceId)].Select(h => (h.UserId, h.Login)))));
        }

        return [.. items.OrderBy(i => long.Parse(i["id"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>
    /// The <c>roles</c> list (<c>{"role","workspace_id"}</c> items) that writing a user's <c>workspace_roles</c> stands for:
    /// the roles named, plus, with <paramref name="append"/>, those the user holds in the space already. A site admin the
    /// caller may not revoke (only a site admin writes site roles) is kept as it is.
    /// </summary>
    public static async Task<(JsonArray? Roles, string? Error)> ToRolesAsync(
        TrellisDbContext db, long sharedSpaceId, long userId, JsonNode value, bool append, bool callerIsSiteAdmin, CancellationToken cancellationToken)
    {
        var items = value is JsonObject { } wrapper && wrapper["data"] is JsonArray data ? data : value as JsonArray;
        if (items is null)
        {
            return (null, "workspace_roles must be {\"data\":[{\"type\":\"workspace_role\",\"id\":\"…\"}]}.");
        }

        var workspaces = await db.Workspaces.Where(w => w.SharedSpaceId == sharedSpaceId).Select(w => w.Id).ToListAsync(cancellationToken);
        var held = await db.RoleAssignments.AsNoTracking()
            .Where(r => r.UserId == userId && ((r.SharedSpaceId == null && r.WorkspaceId == null) || r.SharedSpaceId == sharedSpaceId)).ToListAsync(cancellationToken);
        var roles = new JsonArray();
        foreach (var kept in held.Where(r => r.Role == Roles.SiteAdmin ? callerIsSiteAdmin : append))
        {
            roles.Add(new JsonObject { ["role"] = kept.Role, ["workspace_id"] = kept.WorkspaceId is { } ws ? OctaneJson.Id(ws) : null });
        }

        foreach (var item in items)
        {
            if (item is not JsonObject reference || !OctaneJson.TryGetId(reference["id"], out var id)
                || ByStored.Values.FirstOrDefault(r => r.Index == id % 10) is not { } role)
            {
                return (null, $"Item {roles.Count} of workspace_roles is not a workspace_role reference {{\"type\":\"workspace_role\",\"id\":\"…\"}}.");
            }

            var place = id / 10;
            if (role.Stored == Roles.SpaceAdmin ? place != sharedSpaceId : !workspaces.Contains(place))
            {
                return (null, $"The workspace_role {OctaneJson.Id(id)} is not a role of this shared space.");
            }

            roles.Add(new JsonObject { ["role"] = role.Stored, ["workspace_id"] = role.Stored == Roles.SpaceAdmin ? null : OctaneJson.Id(place) });
        }

        return (roles, null);
    }

    private static JsonObject Render(OctaneRole role, long placeId, string? workspaceName, IEnumerable<(long Id, string Login)> users) => new()
    {
        ["type"] = Type,
        ["id"] = OctaneJson.Id(IdOf(role, placeId)),
        ["role"] = role.ToReference(),
        ["workspace"] = workspaceName is null ? null : new JsonObject { ["type"] = "workspace", ["id"] = OctaneJson.Id(placeId), ["name"] = workspaceName },
        ["users"] = OctaneJson.MultiReference(users.DistinctBy(u => u.Id).OrderBy(u => u.Id)
            .Select(u => (JsonNode?)new JsonObject { ["type"] = "user", ["id"] = OctaneJson.Id(u.Id), ["name"] = u.Login })),
    };
}
