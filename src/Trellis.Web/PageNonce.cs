namespace Trellis.Web;

/// <summary>The script nonce of one page response: the host's security headers put it in the policy, the page on its import map.</summary>
internal static class PageNonce
{
    /// <summary>Where the request keeps it.</summary>
    public const string Key = "trellis.csp-nonce";

    /// <summary>The page's script nonce, for the one inline script Blazor writes (the import map).</summary>
    public static string? Of(HttpContext http) => http.Items[Key] as string;
}
