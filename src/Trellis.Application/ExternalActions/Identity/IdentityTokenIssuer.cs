using System.Buffers.Text;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Trellis.Application.ExternalActions.Identity;

/// <summary>Signs the RS256 user-identity token of docs/identity-tokens.md#the-token with the store's current key.</summary>
internal sealed class IdentityTokenIssuer(IdentityKeyStore keys, TimeProvider time) : IUserIdentityTokenIssuer
{
    /// <summary>Seconds from <c>iat</c> to <c>exp</c>.</summary>
    public const int LifetimeSeconds = 300;

    public string Issue(IdentityTokenRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Sign(keys.Get().Current, request, time.GetUtcNow().ToUnixTimeSeconds(), RandomNumberGenerator.GetBytes(16));
    }

    /// <summary>The compact JWS for one set of claims; the header and payload are written so <c>atob</c> can read them.</summary>
    public static string Sign(IdentityKey key, IdentityTokenRequest request, long issuedAt, ReadOnlySpan<byte> jti)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(request);
        var header = new AsciiJson().String("alg", "RS256").String("typ", "JWT").String("kid", key.Kid).ToUtf8();
        var payload = new AsciiJson()
            .String("iss", request.Issuer)
            .String("sub", request.UserId.ToString(CultureInfo.InvariantCulture))
            .String("login", request.Login)
            .String("email", request.Email ?? "")
            .String("shared_space", request.SharedSpace.ToString(CultureInfo.InvariantCulture))
            .String("workspace", request.Workspace.ToString(CultureInfo.InvariantCulture))
            .String("aud", request.ActionName)
            .Number("iat", issuedAt)
            .Number("exp", issuedAt + LifetimeSeconds)
            .String("jti", Convert.ToHexStringLower(jti))
            .ToUtf8();
        var signingInput = $"{Base64Url.EncodeToString(header)}.{Base64Url.EncodeToString(payload)}";
        using var rsa = RSA.Create();
        rsa.ImportPkcs8PrivateKey(key.Pkcs8PrivateKey, out _);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return $"{signingInput}.{Base64Url.EncodeToString(signature)}";
    }
}
