using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;

namespace Trellis.Server.Features.Auth;

/// <summary>
/// The XSRF double-submit check of docs/reference/rest.md#xsrf: a state-changing request authenticated by the session cookie and
/// sent cross-site by a browser must carry <c>XSRF-HEADER</c> equal to the session's token. Same-origin pages, and
/// callers that send neither <c>Origin</c> nor <c>Sec-Fetch-Site</c> (the Octane SDKs, scripts, curl), are exempt, and
/// so is sign-in (it starts a session rather than using one); a cross-site sign-out without the header ends nothing.
/// </summary>
internal sealed class XsrfMiddleware(RequestDelegate next)
{
    public const string HeaderName = "XSRF-HEADER";

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        if (!IsUnsafe(request.Method)
            || request.Path.StartsWithSegments("/authentication/sign_in", StringComparison.OrdinalIgnoreCase)
            || context.User.FindFirstValue(CurrentUser.XsrfClaim) is not { } expected
            || !IsCrossSiteBrowser(request)
            || Matches(request.Headers[HeaderName].ToString(), expected))
        {
            return next(context);
        }

        const string description = "A cross-site request needs the XSRF-HEADER header with the XSRF_COOKIE value.";
        return OctaneSurface.Contains(request.Path)
            ? new OctaneError(StatusCodes.Status403Forbidden, OctaneErrorCodes.XsrfValidationFailed, description).ToResult().ExecuteAsync(context)
            : TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: description, type: OctaneErrorCodes.XsrfValidationFailed).ExecuteAsync(context);
    }

    private static bool IsUnsafe(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>A browser says where a request comes from with <c>Sec-Fetch-Site</c>; older ones only with <c>Origin</c>.</summary>
    private static bool IsCrossSiteBrowser(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Length > 0)
        {
            return site is not ("same-origin" or "none");
        }

        var origin = request.Headers.Origin.ToString();
        return origin.Length > 0 && !Origins.IsSameOrigin(request, origin);
    }

    private static bool Matches(string header, string expected) =>
        header.Length > 0 && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(expected));
}

/// <summary>Puts the XSRF check in the pipeline.</summary>
internal static class XsrfExtensions
{
    /// <summary>Checks XSRF on cross-site browser writes; must run after authentication.</summary>
    public static IApplicationBuilder UseXsrfProtection(this IApplicationBuilder app) => app.UseMiddleware<XsrfMiddleware>();
}
