namespace Trellis.Server.Features.Auth;

/// <summary>Lets only site admins through a Trellis-only (problem details) route group; others get 403.</summary>
internal sealed class SiteAdminFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        return CurrentUser.From(context.HttpContext.User).IsSiteAdmin
            ? await next(context)
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Only a site admin may do this.", type: "platform.forbidden");
    }
}

/// <summary>Route-group policy for site-admin endpoints.</summary>
internal static class SiteAdminExtensions
{
    /// <summary>Requires a session and the <c>site_admin</c> role.</summary>
    public static RouteGroupBuilder RequireSiteAdmin(this RouteGroupBuilder group) =>
        group.RequireAuthorization().AddEndpointFilter<SiteAdminFilter>();
}
