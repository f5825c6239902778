using System.Security.Cryptography;

namespace Trellis.Web;

/// <summary>The script nonce of one page response: the page puts it on its import map, the host's security headers in the policy.</summary>
internal static class PageNonce
{
    private const string Key = "trellis.csp-nonce";

    /// <summary>The page's script nonce, for the one inline script Blazor writes (the import map): made on first use, so
    /// only pages pay for the random bytes, and the header and the page read the same one.</summary>
    public static string Of(HttpContext http)
    {
        if (http.Items[Key] is string nonce)
        {
            return nonce;
        }

        // Hex, so the nonce reads the same in the header and in the HTML attribute (no '+' for the encoder to escape).
        nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        http.Items[Key] = nonce;
        return nonce;
    }
}
