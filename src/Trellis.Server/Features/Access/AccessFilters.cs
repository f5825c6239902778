using System.Globalization;

namespace Trellis.Server.Features.Access;

/// <summary>
/// The REST adapters of <see cref="AccessResolver"/>: a route group declares the tier it needs, the filter resolves the
/// scope from the route's ids, puts it on the request and answers a refusal in the path's error shape.
/// </summary>
internal static class AccessFilters
{
    /// <summary>
    /// <c>{sharedSpaceId}/…/{workspaceId}</c> routes: reads need a role in the workspace, and it must belong to the space;
    /// every other method needs more than viewer, unless the group names its <paramref name="tier"/> (launches and a user's
    /// own panel settings are a viewer's too). An endpoint that needs more asks its scope (<see cref="WorkspaceScope.Lacks"/>).
    /// </summary>
    public static RouteGroupBuilder RequireWorkspace(this RouteGroupBuilder group, WorkspaceTier? tier = null) =>
        group.RequireAuthorization().AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (RouteId(http, "sharedSpaceId") is not { } space || RouteId(http, "workspaceId") is not { } workspace)
            {
                return OctaneError.NotFound("workspace", http.GetRouteValue("workspaceId") as string ?? "").ToResult();
            }

            var needed = tier ?? (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) ? WorkspaceTier.Viewer : WorkspaceTier.Member);
            var access = await Resolver(http).WorkspaceAsync(CurrentUser.From(http.User), space, workspace, needed, http.RequestAborted);
            if (access.Scope is not { } scope)
            {
                return Answer(http, access.Refusal!);
            }

            scope.AttachTo(http);
            return await next(context);
        });

    /// <summary><c>{sharedSpaceId}</c> routes: the caller must hold <paramref name="tier"/> in that space.</summary>
    public static TBuilder RequireSpace<TBuilder>(this TBuilder builder, SpaceTier tier)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization().AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (RouteId(http, "sharedSpaceId") is not { } space)
            {
                return Answer(http, AccessRefusal.NotFound("shared_space", 0));
            }

            var access = await Resolver(http).SpaceAsync(CurrentUser.From(http.User), space, tier, http.RequestAborted);
            if (access.Scope is not { } scope)
            {
                return Answer(http, access.Refusal!);
            }

            scope.AttachTo(http);
            return await next(context);
        });

    /// <summary>Site parameters, identity keys: site admins only.</summary>
    public static TBuilder RequireSiteAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization().AddEndpointFilter(static async (context, next) =>
            AccessResolver.SiteAdmin(CurrentUser.From(context.HttpContext.User)) is { } refusal
                ? Answer(context.HttpContext, refusal)
                : await next(context));

    /// <summary>A refusal in the error shape of the request's path.</summary>
    public static IResult Answer(HttpContext http, AccessRefusal refusal) =>
        OctaneSurface.Contains(http.Request.Path) ? refusal.ToOctaneError().ToResult() : refusal.ToProblem();

    private static AccessResolver Resolver(HttpContext http) => http.RequestServices.GetRequiredService<AccessResolver>();

    private static long? RouteId(HttpContext http, string name) =>
        long.TryParse(http.GetRouteValue(name) as string, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
}
