using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;

namespace Trellis.Server.Features.Platform;

/// <summary>The site scope of docs/reference/rest.md#urls-and-parameters: shared spaces, their workspaces, the current user and the version.</summary>
internal static class PlatformApi
{
    public static IEndpointRouteBuilder MapPlatform(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/admin/server/version", () => TypedResults.Ok(new ServerVersion(DisplayVersion)))
            .AllowAnonymous().WithName("ServerVersion").WithTags("Platform");

        var api = routes.MapGroup("/api").WithOctaneErrors().RequireAuthorization().WithTags("Platform");
        api.MapGet("/current_user", GetCurrentUserAsync).WithName("CurrentUser");
        api.MapGet("/shared_spaces", ListSharedSpacesAsync).WithName("ListSharedSpaces");
        api.MapGet("/shared_spaces/{sharedSpaceId:long}", GetSharedSpaceAsync).WithName("GetSharedSpace");
        api.MapGet("/shared_spaces/{sharedSpaceId:long}/workspaces", ListWorkspacesAsync).WithName("ListWorkspaces");
        api.MapGet("/shared_spaces/{sharedSpaceId:long}/workspaces/{workspaceId:long}", GetWorkspaceAsync).WithName("GetWorkspace");
        // Any other /api path: 401 before sign-in like every /api path, 404 in Octane's shape after.
        // A request delegate, not a handler: the request delegate generator maps a handler's fallback at the default
        // pattern ({*path:nonfile}) instead of the one given.
        api.MapFallback("{**path}", http => new OctaneError(StatusCodes.Status404NotFound, OctaneErrorCodes.EntityNotFound,
            $"Nothing is at /api/{http.GetRouteValue("path")}.").ToResult().ExecuteAsync(http));
        return routes;
    }

    private static string DisplayVersion { get; } =
        typeof(PlatformApi).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    private static async Task<IResult> GetCurrentUserAsync(HttpContext http, [FromServices] TrellisDbContext db, CancellationToken cancellationToken)
    {
        var current = CurrentUser.From(http.User);
        var user = await db.Users.AsNoTracking().SingleAsync(u => u.Id == current.Id, cancellationToken);
        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == user.Id)
            .OrderBy(r => r.Id).Select(r => new RoleGrant(r.Role, r.WorkspaceId)).ToListAsync(cancellationToken);
        return TypedResults.Ok(new CurrentUserResponse("user", Id(user.Id), user.Login, user.Email, user.FirstName, user.LastName,
            $"{user.FirstName} {user.LastName}".Trim(), roles.Select(r => new RoleResponse(r.Role, r.WorkspaceId is { } ws ? Id(ws) : null)).ToList()));
    }

    private static async Task<IResult> ListSharedSpacesAsync(HttpContext http, [FromServices] TrellisDbContext db, CancellationToken cancellationToken)
    {
        var current = CurrentUser.From(http.User);
        var visible = await VisibleSpaceIdsAsync(db, current, cancellationToken);
        var spaces = await db.SharedSpaces.AsNoTracking().OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var data = spaces.Where(s => visible is null || visible.Contains(s.Id)).Select(s => new SpaceResponse("shared_space", Id(s.Id), s.Name)).ToList();
        return TypedResults.Ok(new Page<SpaceResponse>(data.Count, data));
    }

    private static async Task<IResult> GetSharedSpaceAsync(long sharedSpaceId, HttpContext http, [FromServices] TrellisDbContext db, CancellationToken cancellationToken)
    {
        var current = CurrentUser.From(http.User);
        var visible = await VisibleSpaceIdsAsync(db, current, cancellationToken);
        var space = await db.SharedSpaces.AsNoTracking().SingleOrDefaultAsync(s => s.Id == sharedSpaceId, cancellationToken);
        return space is null || (visible is not null && !visible.Contains(space.Id))
            ? OctaneError.NotFound("shared_space", Id(sharedSpaceId)).ToResult()
            : TypedResults.Ok(new SpaceResponse("shared_space", Id(space.Id), space.Name));
    }

    private static async Task<IResult> ListWorkspacesAsync(
        long sharedSpaceId, HttpContext http, [FromServices] AccessResolver access, CancellationToken cancellationToken)
    {
        var workspaces = await access.VisibleWorkspacesAsync(CurrentUser.From(http.User), sharedSpaceId, cancellationToken);
        var data = workspaces.Select(w => new WorkspaceResponse("workspace", Id(w.Id), w.Name, w.Description)).ToList();
        return TypedResults.Ok(new Page<WorkspaceResponse>(data.Count, data));
    }

    private static async Task<IResult> GetWorkspaceAsync(
        long sharedSpaceId, long workspaceId, HttpContext http, [FromServices] AccessResolver access, CancellationToken cancellationToken)
    {
        var workspace = (await access.VisibleWorkspacesAsync(CurrentUser.From(http.User), sharedSpaceId, cancellationToken)).FirstOrDefault(w => w.Id == workspaceId);
        return workspace is null
            ? OctaneError.NotFound("workspace", Id(workspaceId)).ToResult()
            : TypedResults.Ok(new WorkspaceResponse("workspace", Id(workspace.Id), workspace.Name, workspace.Description));
    }

    /// <summary>The spaces the user has any role in; <see langword="null"/> for a site admin, who sees all.</summary>
    private static async Task<HashSet<long>?> VisibleSpaceIdsAsync(TrellisDbContext db, CurrentUser current, CancellationToken cancellationToken)
    {
        if (current.IsSiteAdmin)
        {
            return null;
        }

        var direct = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == current.Id && r.SharedSpaceId != null)
            .Select(r => r.SharedSpaceId!.Value).ToListAsync(cancellationToken);
        var viaWorkspace = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == current.Id && r.WorkspaceId != null)
            .Join(db.Workspaces, r => r.WorkspaceId, w => w.Id, (r, w) => w.SharedSpaceId).ToListAsync(cancellationToken);
        return [.. direct, .. viaWorkspace];
    }

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record RoleGrant(string Role, long? WorkspaceId);

    internal sealed record ServerVersion([property: JsonPropertyName("display_version")] string DisplayVersion);

    internal sealed record Page<T>([property: JsonPropertyName("total_count")] int TotalCount, [property: JsonPropertyName("data")] IReadOnlyList<T> Data)
    {
        [JsonPropertyName("exceeds_total_count")]
        public bool ExceedsTotalCount => false;
    }

    internal sealed record SpaceResponse(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("name")] string Name);

    internal sealed record WorkspaceResponse(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("description")] string? Description);

    internal sealed record RoleResponse(
        [property: JsonPropertyName("role")] string Role,
        [property: JsonPropertyName("workspace_id")] string? WorkspaceId);

    internal sealed record CurrentUserResponse(
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("id")] string Id,
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("email")] string Email,
        [property: JsonPropertyName("first_name")] string FirstName,
        [property: JsonPropertyName("last_name")] string LastName,
        [property: JsonPropertyName("full_name")] string FullName,
        [property: JsonPropertyName("roles")] IReadOnlyList<RoleResponse> Roles);
}
