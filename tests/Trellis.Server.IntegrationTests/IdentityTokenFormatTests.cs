using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CsCheck;
using Trellis.Application.ExternalActions;
using Trellis.Application.ExternalActions.Identity;

namespace Trellis.Server.IntegrationTests;

/// <summary>The <c>atob</c> quirk of docs/identity-tokens.md#the-token: the header and payload segments never contain <c>-</c> or <c>_</c>.</summary>
public sealed class IdentityTokenFormatTests
{
    private static readonly Lazy<IdentityKey> Key = new(() =>
    {
        using var rsa = RSA.Create(2048);
        var spki = rsa.ExportSubjectPublicKeyInfo();
        var parameters = rsa.ExportParameters(false);
        return new IdentityKey(IdentityKeyStore.Thumbprint(spki), rsa.ExportPkcs8PrivateKey(), spki, parameters.Modulus!, parameters.Exponent!);
    });

    // Any Unicode scalar value, including the ASCII characters whose bytes would base64 to '-' or '_'.
    private static readonly Gen<string> Text = Gen.OneOf(
            Gen.Int[0, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF),
            Gen.OneOf(0x3E, 0x3F, 0x7E, 0x7F, 0x1F, 0x22, 0x5C))
        .Array[0, 24].Select(codes => string.Concat(codes.Select(char.ConvertFromUtf32)));

    [Fact]
    public void Sign_ArbitraryUnicodeClaims_HeaderAndPayloadAreAtobSafeAndRoundTrip()
    {
        Gen.Select(Text, Text, Text, Gen.Long[1, long.MaxValue], Gen.Long[0, 4_000_000_000]).Sample((login, email, action, user, iat) =>
        {
            var request = new IdentityTokenRequest(user, login, email, 1001, 1002, action, "https://trellis.example.com");
            var parts = IdentityTokenIssuer.Sign(Key.Value, request, iat, new byte[16]).Split('.');

            Assert.DoesNotContain(parts[0] + parts[1], c => c is '-' or '_' or '=');
            var header = JsonNode.Parse(IdentityTokenTests.Atob(parts[0]))!.AsObject();
            var payload = JsonNode.Parse(IdentityTokenTests.Atob(parts[1]))!.AsObject();
            Assert.Equal(Key.Value.Kid, header["kid"]!.GetValue<string>());
            Assert.Equal(login, payload["login"]!.GetValue<string>());
            Assert.Equal(email, payload["email"]!.GetValue<string>());
            Assert.Equal(action, payload["aud"]!.GetValue<string>());
            Assert.Equal(user.ToString(CultureInfo.InvariantCulture), payload["sub"]!.GetValue<string>());
            Assert.Equal(iat + 300, payload["exp"]!.GetValue<long>());
        });
    }

    [Theory]
    [InlineData('>', "\\u003e")]
    [InlineData('?', "\\u003f")]
    [InlineData('~', "\\u007e")]
    [InlineData('\u007f', "\\u007f")]
    [InlineData('é', "\\u00e9")]
    public void Sign_QuirkCharacters_AreWrittenAsUnicodeEscapes(char c, string escape)
    {
        var request = new IdentityTokenRequest(1, $"a{c}b", null, 1001, 1002, "x", "https://trellis.example.com");
        var payload = IdentityTokenTests.Atob(IdentityTokenIssuer.Sign(Key.Value, request, 0, new byte[16]).Split('.')[1]);
        Assert.Contains($"\"login\":\"a{escape}b\"", payload, StringComparison.Ordinal);
    }
}
