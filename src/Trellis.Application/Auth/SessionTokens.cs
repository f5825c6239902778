using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace Trellis.Application.Auth;

/// <summary>Random cookie values and the hashes the database keeps instead of them.</summary>
internal static class SessionTokens
{
    /// <summary>A new random value of <paramref name="bytes"/> bytes, base64url without padding.</summary>
    public static string NewToken(int bytes) => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(bytes));

    /// <summary>The SHA-256 of a high-entropy secret (session cookie, API key secret), base64url; a slow hash adds nothing there.</summary>
    public static string Hash(string secret) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>Compares two hashes in constant time.</summary>
    public static bool HashEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(a), Encoding.ASCII.GetBytes(b));
}
