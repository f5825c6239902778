using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Trellis.Application.Auth;
using Trellis.Application.ExternalActions;
using Trellis.Server.Features.ExternalActions.Identity;

namespace Trellis.Server.IntegrationTests;

/// <summary>The user-identity token and its keys (docs/identity-tokens.md#the-token), checked by a JWT library Trellis did not write.</summary>
public abstract partial class IdentityTokenTests(TrellisApplication app)
{
    private const string Issuer = "https://trellis.example.com/dev";

    private static readonly string[] ClaimNames = ["iss", "sub", "login", "email", "shared_space", "workspace", "aud", "iat", "exp", "jti"];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ATokenVerifiesAgainstTheJwksWithExactlyTheSpecifiedClaims()
    {
        using var client = app.Anonymous();
        var token = Issue("jane@example.com", "Défaut ✓ > ? ~");
        var result = await ValidateAsync(token, await JwksAsync(client), "Défaut ✓ > ? ~");

        Assert.True(result.IsValid, result.Exception?.Message);
        var now = app.Time.GetUtcNow().ToUnixTimeSeconds();
        Assert.Equal(ClaimNames.Order(StringComparer.Ordinal), result.Claims.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(Issuer, result.Claims["iss"]);
        Assert.Equal("42", result.Claims["sub"]);
        Assert.Equal("jane@example.com", result.Claims["login"]);
        Assert.Equal("jane.doe@example.com", result.Claims["email"]);
        Assert.Equal("1001", result.Claims["shared_space"]);
        Assert.Equal("1002", result.Claims["workspace"]);
        Assert.Equal(now, Convert.ToInt64(result.Claims["iat"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(now + 300, Convert.ToInt64(result.Claims["exp"], System.Globalization.CultureInfo.InvariantCulture));
        Assert.Matches("^[0-9a-f]{32}$", (string)result.Claims["jti"]);
        Assert.NotEqual(result.Claims["jti"], (await ValidateAsync(Issue("jane@example.com", "Défaut ✓ > ? ~"), await JwksAsync(client), "Défaut ✓ > ? ~")).Claims["jti"]);
    }

    [Fact]
    public async Task TheHeaderNamesTheCurrentKeyByItsThumbprint()
    {
        using var client = app.Anonymous();
        var token = Issue("jane@example.com", "Open");
        var header = JsonNode.Parse(Atob(token.Split('.')[0]))!.AsObject();
        var jwks = await client.GetObjectAsync(IdentityApi.JwksPath);
        var key = await client.GetObjectAsync(IdentityApi.KeyPath);

        Assert.Equal(["alg", "typ", "kid"], header.Select(p => p.Key));
        Assert.Equal("RS256", header.Text("alg"));
        Assert.Equal("JWT", header.Text("typ"));
        var spki = Convert.FromBase64String(key.Text("key")!);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(spki)), header.Text("kid"));
        Assert.Equal(header.Text("kid"), jwks["keys"]![0].Text("kid"));
    }

    [Fact]
    public async Task AnExpiredTokenIsRejected()
    {
        using var client = app.Anonymous();
        var token = Issue("jane@example.com", "Open");
        var jwks = await JwksAsync(client);
        app.Time.Advance(TimeSpan.FromSeconds(301));
        var result = await ValidateAsync(token, jwks, "Open", clockSkew: TimeSpan.Zero);
        Assert.IsType<SecurityTokenInvalidLifetimeException>(result.Exception);
    }

    [Fact]
    public async Task ATamperedPayloadOrAnotherAudienceIsRejected()
    {
        using var client = app.Anonymous();
        var jwks = await JwksAsync(client);
        var parts = Issue("jane@example.com", "Open").Split('.');
        var forged = Convert.ToBase64String(Encoding.ASCII.GetBytes(Atob(parts[1]).Replace("\"42\"", "\"43\"", StringComparison.Ordinal))).TrimEnd('=');
        Assert.False((await ValidateAsync($"{parts[0]}.{forged}.{parts[2]}", jwks, "Open")).IsValid);
        Assert.False((await ValidateAsync(string.Join('.', parts), jwks, "Another action")).IsValid);
    }

    [Fact]
    public async Task ThePublicKeyIsAnonymousCacheableBareBase64AndOpenToEveryOrigin()
    {
        using var client = app.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, IdentityApi.KeyPath);
        request.Headers.Add("Origin", "https://app.example.org");
        using var response = await client.SendAsync(request, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=60", response.Headers.CacheControl?.ToString());
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));
        Assert.Matches("""^\{"key":"[A-Za-z0-9+/]+=*"\}$""", text);
        Assert.DoesNotContain("BEGIN", text, StringComparison.Ordinal);
        using var rsa = RSA.Create();
        rsa.ImportSubjectPublicKeyInfo(Convert.FromBase64String(JsonNode.Parse(text).Text("key")!), out _);
        Assert.Equal(2048, rsa.KeySize);
    }

    [Fact]
    public async Task TheJwksListsOneRsaSigningKeyWithItsModulusAndExponent()
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync(IdentityApi.JwksPath, Cancel);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        var key = (await response.ReadObjectAsync())["keys"]![0]!.AsObject();
        Assert.Equal(["kty", "use", "alg", "kid", "n", "e"], key.Select(p => p.Key));
        Assert.Equal(("RSA", "sig", "RS256", "AQAB"), (key.Text("kty"), key.Text("use"), key.Text("alg"), key.Text("e")));
        Assert.Equal(256, Base64UrlEncoder.DecodeBytes(key.Text("n")).Length);
    }

    [Fact]
    public async Task AfterARotationOldTokensVerifyForAnHourAndNewTokensUseTheNewKey()
    {
        using var anonymous = app.Anonymous();
        using var admin = await app.SignedInAsync();
        var before = Issue("jane@example.com", "Open");
        var oldKid = (await JwksAsync(anonymous)).Keys[0].Kid;

        using var rotate = await admin.PostAsync("/admin/identity-keys/rotate", null, Cancel);
        Assert.Equal(HttpStatusCode.OK, rotate.StatusCode);
        var newKid = (await rotate.ReadObjectAsync()).Text("kid");
        var after = Issue("jane@example.com", "Open");
        var jwks = await JwksAsync(anonymous);

        Assert.Equal([newKid, oldKid], jwks.Keys.Select(k => k.Kid));
        Assert.Equal(newKid, JsonNode.Parse(Atob(after.Split('.')[0])).Text("kid"));
        Assert.True((await ValidateAsync(before, jwks, "Open", validateLifetime: false)).IsValid);
        Assert.True((await ValidateAsync(after, jwks, "Open")).IsValid);
        var spki = Convert.FromBase64String((await anonymous.GetObjectAsync(IdentityApi.KeyPath)).Text("key")!);
        Assert.Equal(newKid, Convert.ToHexStringLower(SHA256.HashData(spki)));
        Assert.True(await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "identity.key_rotated" && a.Target == newKid)));

        app.Time.Advance(TimeSpan.FromMinutes(61));
        var later = await JwksAsync(anonymous);
        Assert.Equal([newKid], later.Keys.Select(k => k.Kid));
        Assert.False((await ValidateAsync(before, later, "Open", validateLifetime: false)).IsValid);
    }

    [Fact]
    public async Task OnlySiteAdminsRotateKeys()
    {
        using var anonymous = app.Anonymous();
        using var unauthenticated = await anonymous.PostAsync("/admin/identity-keys/rotate", null, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal("application/problem+json", unauthenticated.Content.Headers.ContentType?.MediaType);
        foreach (var role in new[] { Roles.Viewer, Roles.Member, Roles.WorkspaceAdmin })
        {
            using var client = await app.CreateClientAsync(role);
            using var forbidden = await client.PostAsync("/admin/identity-keys/rotate", null, Cancel);
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
            Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task TheDocumentedJavaScriptVerifierAcceptsAServerTokenAndRejectsATamperedOne()
    {
        var node = FindOnPath("node");
        if (node is null)
        {
            Assert.SkipWhen(Environment.GetEnvironmentVariable("CI") is null, "node is not on PATH; the JavaScript example needs Node 20 or later");
            Assert.Fail("node is not on PATH, and CI must run the JavaScript example");
        }

        using var client = app.Anonymous();
        var key = (await client.GetObjectAsync(IdentityApi.KeyPath)).Text("key")!;
        var token = Issue("jöhn+tilde~@example.com", "Ünïcode ? action");
        var parts = token.Split('.');
        var tampered = $"{parts[0]}.{parts[1]}.{parts[2][..^4]}AAAA";
        var now = app.Time.GetUtcNow().ToUnixTimeSeconds();
        var script = $$"""
            {{DocumentedJavaScript()}}
            const token = {{JsonValue.Create(token).ToJsonString()}};
            const claims = await verifyIdentityToken(token, {{JsonValue.Create(key).ToJsonString()}}, {{now}});
            const forged = await verifyIdentityToken({{JsonValue.Create(tampered).ToJsonString()}}, {{JsonValue.Create(key).ToJsonString()}}, {{now}});
            const late = await verifyIdentityToken(token, {{JsonValue.Create(key).ToJsonString()}}, {{now + 301}});
            console.log(JSON.stringify({ claims, forged, late }));
            """;
        var file = Path.Combine(Path.GetTempPath(), $"verify-{Guid.NewGuid():N}.mjs");
        await File.WriteAllTextAsync(file, script, Cancel);
        try
        {
            using var process = Process.Start(new ProcessStartInfo(node, [file]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = await process.StandardOutput.ReadToEndAsync(Cancel);
            var error = await process.StandardError.ReadToEndAsync(Cancel);
            await process.WaitForExitAsync(Cancel);
            Assert.True(process.ExitCode == 0, error);
            var result = JsonNode.Parse(output)!.AsObject();
            Assert.Equal("jöhn+tilde~@example.com", result["claims"].Text("login"));
            Assert.Equal("Ünïcode ? action", result["claims"].Text("aud"));
            Assert.Null(result["forged"]);
            Assert.Null(result["late"]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    internal static string Atob(string segment) =>
        Encoding.ASCII.GetString(Convert.FromBase64String(segment.PadRight(segment.Length + ((4 - (segment.Length % 4)) % 4), '=')));

    private string Issue(string login, string action)
    {
        app.SkipUnlessAvailable();
        var issuer = app.Services.GetRequiredService<IUserIdentityTokenIssuer>();
        return issuer.Issue(new IdentityTokenRequest(42, login, "jane.doe@example.com", 1001, 1002, action, Issuer));
    }

    private static async Task<JsonWebKeySet> JwksAsync(HttpClient client) =>
        new(await client.GetStringAsync(IdentityApi.JwksPath, Cancel));

    private Task<TokenValidationResult> ValidateAsync(string token, JsonWebKeySet jwks, string audience,
        bool validateLifetime = true, TimeSpan? clockSkew = null) =>
        new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidIssuer = Issuer,
            ValidAudience = audience,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["RS256"],
            ValidateLifetime = validateLifetime,
            // The library reads the wall clock; the server's clock here is a fake one.
            LifetimeValidator = (_, expires, _, _) => expires > app.Time.GetUtcNow().UtcDateTime - (clockSkew ?? TimeSpan.FromMinutes(5)),
        });

    private static string DocumentedJavaScript()
    {
        var markdown = File.ReadAllText(RepositoryFiles.PathOf("docs", "identity-tokens.md"));
        return JsBlock().Match(markdown).Groups[1].Value;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    [GeneratedRegex("```js\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex JsBlock();
}

public sealed class SqliteIdentityTokenTests(SqliteApplication app) : IdentityTokenTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresIdentityTokenTests(PostgresApplication app) : IdentityTokenTests(app), IClassFixture<PostgresApplication>;
