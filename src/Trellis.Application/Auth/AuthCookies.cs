namespace Trellis.Application.Auth;

/// <summary>
/// The three sign-in cookies, written by hand so their text is exactly docs/reference/rest.md#authentication, docs/reference/rest.md#xsrf: the C# SDK matches
/// <c>LWSSO_COOKIE_KEY=(.*?);</c>, so a <c>;</c> must follow the value, and no <c>Domain</c> is ever set.
/// </summary>
internal static class AuthCookies
{
    public const string Session = "LWSSO_COOKIE_KEY";
    public const string User = "OCTANE_USER";
    public const string Xsrf = "XSRF_COOKIE";

    private const string Expired = "; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0";

    public static void Append(HttpResponse response, bool https, string sessionToken, string login, string xsrfToken)
    {
        var site = SiteAttributes(https);
        response.Headers.Append("Set-Cookie", $"{Session}={sessionToken}; Path=/; HttpOnly{site}");
        response.Headers.Append("Set-Cookie", $"{User}={CookieValue(login)}; Path=/{site}");
        response.Headers.Append("Set-Cookie", $"{Xsrf}={xsrfToken}; Path=/{site}");
    }

    public static void Expire(HttpResponse response, bool https)
    {
        var site = SiteAttributes(https);
        response.Headers.Append("Set-Cookie", $"{Session}=; Path=/; HttpOnly{site}{Expired}");
        response.Headers.Append("Set-Cookie", $"{User}=; Path=/{site}{Expired}");
        response.Headers.Append("Set-Cookie", $"{Xsrf}=; Path=/{site}{Expired}");
    }

    // A login such as jane@example.com goes in as it is; only what RFC 6265 forbids in a cookie value is escaped.
    private static string CookieValue(string text) =>
        text.All(c => c is > ' ' and < (char)0x7F and not ('"' or ',' or ';' or '\\')) ? text : Uri.EscapeDataString(text);

    // Over https an app on another site may call with credentials (SameSite=None needs Secure); over http, Lax.
    private static string SiteAttributes(bool https) => https ? "; Secure; SameSite=None" : "; SameSite=Lax";
}
