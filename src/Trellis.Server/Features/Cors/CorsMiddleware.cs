
namespace Trellis.Server.Features.Cors;

/// <summary>
/// CORS as docs/reference/rest.md#cors says, driven by the site parameters: credentialed origins (only with the external-actions
/// switch on), origins without credentials, preflights answered before authentication, and a few public
/// resources open to every origin whatever the parameters say.
/// </summary>
internal sealed class CorsMiddleware(RequestDelegate next, SiteParameterStore parameters)
{
    public const string AllowMethods = "GET, POST, PUT, PATCH, DELETE, OPTIONS";
    public const string AllowHeaders = "content-type, accept, hpeclienttype, xsrf-header, alm-octane-tech-preview, alm_octane_tech_preview, alm-octane-private";

    private static readonly string[] s_publicPaths = ["/api/jwt/key", "/.well-known/jwks.json", "/ui/external-actions/style/alm-octane-style.css"];

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin.ToString();
        // Most requests carry no Origin or their own: they get no CORS headers and pass without an async state machine.
        return !IsPublic(request.Path) && (origin.Length == 0 || Origins.IsSameOrigin(request, origin))
            ? next(context)
            : AnswerAsync(context, origin);
    }

    private async Task AnswerAsync(HttpContext context, string origin)
    {
        var request = context.Request;
        var response = context.Response;
        var preflight = HttpMethods.IsOptions(request.Method) && origin.Length > 0 && request.Headers.ContainsKey("Access-Control-Request-Method");

        if (IsPublic(request.Path))
        {
            response.Headers.AccessControlAllowOrigin = "*";
            if (preflight)
            {
                await AnswerPreflightAsync(context, (await parameters.GetAsync(context.RequestAborted)).GetInt32(SiteParameterNames.CorsMaxAge, 600));
                return;
            }

            await next(context);
            return;
        }

        if (origin.Length == 0 || Origins.IsSameOrigin(request, origin))
        {
            await next(context);
            return;
        }

        var snapshot = await parameters.GetAsync(context.RequestAborted);
        var grant = Grant(snapshot, origin);
        if (grant is not null)
        {
            response.Headers.AccessControlAllowOrigin = grant.Value.AllowOrigin;
            if (grant.Value.Credentials)
            {
                response.Headers.AccessControlAllowCredentials = "true";
            }

            // The answer depends on the Origin whenever it echoes it.
            if (grant.Value.AllowOrigin != "*")
            {
                response.Headers.Append("Vary", "Origin");
            }
        }

        if (preflight)
        {
            if (grant is null)
            {
                response.StatusCode = StatusCodes.Status403Forbidden;
                return;
            }

            await AnswerPreflightAsync(context, snapshot.GetInt32(SiteParameterNames.CorsMaxAge, 600));
            return;
        }

        await next(context);
    }

    /// <summary>What an origin is allowed, or <see langword="null"/> when it gets no CORS headers.</summary>
    private static (string AllowOrigin, bool Credentials)? Grant(SiteParameterSnapshot snapshot, string origin)
    {
        if (!snapshot.GetBoolean(SiteParameterNames.CorsEnabled))
        {
            return null;
        }

        // '*' is never a credentialed origin: browsers refuse it with credentials.
        if (snapshot.GetBoolean(SiteParameterNames.ExternalActionsCorsEnabled)
            && Origins.List(snapshot.Get(SiteParameterNames.CorsAuthAllowOrigin)).Any(o => o != "*" && Origins.AreEqual(o, origin)))
        {
            return (origin, true);
        }

        var open = Origins.List(snapshot.Get(SiteParameterNames.CorsAllowOrigin)).ToList();
        return open.Contains("*") ? ("*", false)
            : open.Any(o => Origins.AreEqual(o, origin)) ? (origin, false)
            : null;
    }

    private static Task AnswerPreflightAsync(HttpContext context, int maxAge)
    {
        var headers = context.Response.Headers;
        headers.AccessControlAllowMethods = AllowMethods;
        headers.AccessControlAllowHeaders = AllowHeaders;
        headers.AccessControlMaxAge = maxAge.ToString(System.Globalization.CultureInfo.InvariantCulture);
        context.Response.StatusCode = StatusCodes.Status204NoContent;
        return Task.CompletedTask;
    }

    private static bool IsPublic(PathString path) =>
        s_publicPaths.Any(p => path.Equals(p, StringComparison.OrdinalIgnoreCase));
}

/// <summary>Puts the CORS middleware in the pipeline.</summary>
internal static class CorsExtensions
{
    /// <summary>Answers preflights and adds CORS headers; must run before authentication.</summary>
    public static IApplicationBuilder UseTrellisCors(this IApplicationBuilder app) => app.UseMiddleware<CorsMiddleware>();
}
