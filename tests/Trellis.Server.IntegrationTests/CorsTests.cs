using System.Net;
using System.Net.Http.Json;

namespace Trellis.Server.IntegrationTests;

/// <summary>CORS driven by the site parameters (docs/reference/rest.md#cors).</summary>
public abstract class CorsTests(TrellisApplication app)
{
    private const string App = "https://app.example.com";
    private const string Other = "https://other.example.com";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>CORS_ENABLED, EXTERNAL_ACTIONS_CORS_ENABLED, CORS_AUTH_ALLOW_ORIGIN, CORS_ALLOW_ORIGIN, Origin; then the expected Allow-Origin, Allow-Credentials and Vary.</summary>
    public static TheoryData<bool, bool, string, string, string, string?, bool, bool> Rows => new()
    {
        // CORS off: nothing, whatever the lists say.
        { false, true, App, App, App, null, false, false },
        // A credentialed origin with the switch on.
        { true, true, $"{Other}, {App}", "", App, App, true, true },
        // Origins compare by scheme, host ignoring case, and port (443 is https's own).
        { true, true, "HTTPS://App.Example.COM:443", "", App, App, true, true },
        // Without the external-actions switch a credentialed origin gets nothing.
        { true, false, App, "", App, null, false, false },
        // ... unless it is also an open origin.
        { true, false, App, App, App, App, false, true },
        // An open origin: no credentials.
        { true, true, "", App, App, App, false, true },
        { true, true, "", "*", App, "*", false, false },
        // '*' is never a credentialed origin.
        { true, true, "*", "", App, null, false, false },
        // Another port is another origin.
        { true, true, "", "https://app.example.com:8443", App, null, false, false },
        { true, true, App, App, Other, null, false, false },
        // The server's own origin is not a CORS request.
        { true, true, "", "*", "http://localhost", null, false, false },
    };

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task EachOriginGetsTheHeadersItsRowSays(
        bool cors, bool actionsCors, string authOrigins, string openOrigins, string origin, string? allowOrigin, bool credentials, bool vary)
    {
        await SetAsync(cors, actionsCors, authOrigins, openOrigins);
        using var client = app.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/admin/server/version");
        request.Headers.Add("Origin", origin);
        using var response = await client.SendAsync(request, Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(allowOrigin, response.Headers.TryGetValues("Access-Control-Allow-Origin", out var a) ? Assert.Single(a) : null);
        Assert.Equal(credentials ? "true" : null, response.Headers.TryGetValues("Access-Control-Allow-Credentials", out var c) ? Assert.Single(c) : null);
        Assert.Equal(vary, response.Headers.Vary.Contains("Origin"));
    }

    [Fact]
    public async Task AnAllowedPreflightIsAnswered204WithoutAuthenticationAndExactlyTheListedHeaders()
    {
        await SetAsync(true, true, App, "", maxAge: "321");
        using var client = app.Anonymous();
        using var response = await client.SendAsync(Preflight($"{TrellisApplication.Base}/defects", App), Cancel);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(App, Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Credentials")));
        Assert.Equal("GET, POST, PUT, PATCH, DELETE, OPTIONS", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Methods")));
        Assert.Equal("content-type, accept, hpeclienttype, xsrf-header, alm-octane-tech-preview, alm_octane_tech_preview, alm-octane-private",
            Assert.Single(response.Headers.GetValues("Access-Control-Allow-Headers")));
        Assert.Equal("321", Assert.Single(response.Headers.GetValues("Access-Control-Max-Age")));
    }

    [Theory]
    [InlineData(true, Other)]
    [InlineData(false, App)]
    public async Task ADisallowedPreflightGets403WithoutCorsHeaders(bool cors, string origin)
    {
        await SetAsync(cors, true, App, App);
        using var client = app.Anonymous();
        using var response = await client.SendAsync(Preflight($"{TrellisApplication.Base}/defects", origin), Cancel);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("/api/jwt/key")]
    [InlineData("/.well-known/jwks.json")]
    [InlineData("/ui/external-actions/style/alm-octane-style.css")]
    public async Task PublicResourcesAreOpenToEveryOriginEvenWithCorsOff(string path)
    {
        await SetAsync(false, false, "", "");
        using var client = app.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Origin", Other);
        using var response = await client.SendAsync(request, Cancel);
        Assert.Equal("*", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.False(response.Headers.Contains("Access-Control-Allow-Credentials"));

        using var preflight = await client.SendAsync(Preflight(path, Other), Cancel);
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal("*", Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Origin")));
    }

    private static HttpRequestMessage Preflight(string path, string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type, xsrf-header");
        return request;
    }

    private async Task SetAsync(bool cors, bool actionsCors, string authOrigins, string openOrigins, string maxAge = "600")
    {
        using var admin = await app.SignedInAsync();
        foreach (var (name, value) in new[]
        {
            ("CORS_ENABLED", cors ? "true" : "false"),
            ("EXTERNAL_ACTIONS_CORS_ENABLED", actionsCors ? "true" : "false"),
            ("CORS_AUTH_ALLOW_ORIGIN", authOrigins),
            ("CORS_ALLOW_ORIGIN", openOrigins),
            ("CORS_MAX_AGE", maxAge),
        })
        {
            using var response = await admin.PutAsJsonAsync($"/admin/params/{name}", new { value }, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }
}

public sealed class SqliteCorsTests(SqliteApplication app) : CorsTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresCorsTests(PostgresApplication app) : CorsTests(app), IClassFixture<PostgresApplication>;
