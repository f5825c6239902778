namespace Trellis.Server.Features.Errors;

/// <summary>The two error surfaces: Octane's JSON on <c>/api</c> and <c>/authentication</c>, RFC 9457 elsewhere.</summary>
internal static class ErrorExtensions
{
    public static IServiceCollection AddErrorSurfaces(this IServiceCollection services)
    {
        services.AddExceptionHandler<OctaneExceptionHandler>();
        services.AddProblemDetails();
        return services;
    }

    /// <summary>Puts the Octane error filter on a route group.</summary>
    public static RouteGroupBuilder WithOctaneErrors(this RouteGroupBuilder group) => group.AddEndpointFilter<OctaneErrorFilter>();

    /// <summary>Gives bodiless error statuses a body in the path's own shape (an unknown route under /api gets Octane JSON).</summary>
    public static IApplicationBuilder UseErrorStatusBodies(this IApplicationBuilder app) =>
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (http.Response.StatusCode == StatusCodes.Status404NotFound && WebPage.IsPageRequest(http.Request))
            {
                // A person's browser asked for a page that is not there, or not theirs: a page says so.
                await WebPage.WriteNotFoundAsync(http);
                return;
            }

            if (!OctaneSurface.Contains(http.Request.Path))
            {
                var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
                await problems.WriteAsync(new ProblemDetailsContext { HttpContext = http });
                return;
            }

            var code = http.Response.StatusCode switch
            {
                StatusCodes.Status400BadRequest => OctaneErrorCodes.IllegalFieldValue,
                StatusCodes.Status401Unauthorized => OctaneErrorCodes.AuthenticationRequired,
                StatusCodes.Status403Forbidden => OctaneErrorCodes.Forbidden,
                StatusCodes.Status404NotFound => OctaneErrorCodes.EntityNotFound,
                _ => OctaneErrorCodes.GeneralError,
            };
            await new OctaneError(http.Response.StatusCode, code, $"The request failed with status {http.Response.StatusCode}.").ToResult().ExecuteAsync(http);
        });
}
