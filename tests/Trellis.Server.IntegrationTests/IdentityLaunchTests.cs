using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Trellis.Server.Features.ExternalActions.Identity;

namespace Trellis.Server.IntegrationTests;

/// <summary>A launch whose URL carries <c>{user_identity_token}</c> (docs/identity-tokens.md#the-token): the token verifies against the JWKS.</summary>
public abstract partial class IdentityLaunchTests(TrellisApplication app)
{
    private const string ActionName = "who-am-i.v2";

    private const string Configuration = """
        [{"name":"who-am-i.v2","title":"Who","entity_type":["defect"],"views":["list","details"],
          "url":"https://whoami.example.com/open?ids={entity_ids}&t={user_identity_token}#x"}]
        """;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Launch_UrlWithUserIdentityToken_CarriesAJwtThatVerifiesAgainstTheJwks()
    {
        using var admin = await app.SignedInAsync();
        using var put = await ActionConfigurationTests.PutAsync(admin, Configuration, null);
        Assert.True(put.StatusCode == HttpStatusCode.OK, await put.Content.ReadAsStringAsync(Cancel));

        using var launch = await admin.PostAsJsonAsync($"{TrellisApplication.Base}/external-actions/{Uri.EscapeDataString(ActionName)}/launch",
            new { view = "list", entity_type = "defect" }, Cancel);
        var text = await launch.Content.ReadAsStringAsync(Cancel);
        Assert.True(launch.StatusCode == HttpStatusCode.OK, text);
        var url = JsonNode.Parse(text)!["url"]!.GetValue<string>();
        var token = Uri.UnescapeDataString(TokenParameter().Match(url).Groups[1].Value);
        Assert.Equal(3, token.Split('.').Length);

        using var anonymous = app.Anonymous();
        var jwks = new JsonWebKeySet(await anonymous.GetStringAsync(IdentityApi.JwksPath, Cancel));
        var result = await new JsonWebTokenHandler().ValidateTokenAsync(token, new TokenValidationParameters
        {
            ValidateIssuer = false,
            ValidAudience = ActionName,
            IssuerSigningKeys = jwks.GetSigningKeys(),
            ValidAlgorithms = ["RS256"],
            // The library reads the wall clock; the server's clock here is a fake one.
            LifetimeValidator = (_, expires, _, _) => expires > app.Time.GetUtcNow().UtcDateTime,
        });

        Assert.True(result.IsValid, result.Exception?.Message);
        var adminId = await app.WithDbAsync(db => db.Users.Where(u => u.Login == TrellisApplication.AdminLogin).Select(u => u.Id).SingleAsync(Cancel));
        Assert.Equal(ActionName, result.Claims["aud"]);
        Assert.Equal(adminId.ToString(CultureInfo.InvariantCulture), result.Claims["sub"]);
        Assert.Equal(TrellisApplication.AdminLogin, result.Claims["login"]);
        Assert.Equal("1001", result.Claims["shared_space"]);
        Assert.Equal("1002", result.Claims["workspace"]);
    }

    [GeneratedRegex("[?&]t=([^&#]+)")]
    private static partial Regex TokenParameter();
}

public sealed class SqliteIdentityLaunchTests(SqliteApplication app) : IdentityLaunchTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresIdentityLaunchTests(PostgresApplication app) : IdentityLaunchTests(app), IClassFixture<PostgresApplication>;
