using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// A node behind a reverse proxy (docs/deployment.md, "Behind a reverse proxy"): forwarded headers from configured
/// proxies only, and a path base.
/// </summary>
public sealed class ProxyTests(SqliteApplication plain) : IClassFixture<SqliteApplication>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WithoutConfiguredProxies_XForwardedProtoIsIgnored()
    {
        using var client = plain.Anonymous(handleCookies: false);

        var cookie = await SessionCookieAsync(client, peer: "127.0.0.1", forwardedProto: "https");

        Assert.EndsWith("; HttpOnly; SameSite=Lax", cookie, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.0.10.20")]
    public async Task BehindAKnownProxyOrNetwork_HttpsForwardedGivesTheSessionCookieSecureAndSameSiteNone(string peer)
    {
        await using var app = new ConfiguredApplication(new()
        {
            ["Trellis:ForwardedHeaders:KnownProxies"] = "127.0.0.1",
            ["Trellis:ForwardedHeaders:KnownNetworks"] = "127.0.10.0/24",
        });
        await app.InitializeAsync();
        using var client = app.Anonymous(handleCookies: false);

        var cookie = await SessionCookieAsync(client, peer, forwardedProto: "https");

        Assert.EndsWith("; HttpOnly; Secure; SameSite=None", cookie, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownPeer_CannotClaimHttps()
    {
        await using var app = new ConfiguredApplication(new() { ["Trellis:ForwardedHeaders:KnownProxies"] = "127.0.0.1" });
        await app.InitializeAsync();
        using var client = app.Anonymous(handleCookies: false);

        var cookie = await SessionCookieAsync(client, peer: "127.0.0.9", forwardedProto: "https");

        Assert.EndsWith("; HttpOnly; SameSite=Lax", cookie, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Trellis:ForwardedHeaders:KnownProxies", "10.0.0.300")]
    [InlineData("Trellis:ForwardedHeaders:KnownNetworks", "10.0.0.0/33")]
    [InlineData("Trellis:PathBase", "trellis/")]
    public void ABadSetting_StopsTheStartNamingTheKeyAndTheValue(string key, string value)
    {
        using var app = new ConfiguredApplication(new() { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains($"{key}: '{value}'", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnderAPathBase_TheUiAndTheApiAnswerThere_AndEveryLinkStaysUnderIt()
    {
        await using var app = new ConfiguredApplication(new() { ["Trellis:PathBase"] = "/trellis" });
        await app.InitializeAsync();
        using var client = app.Anonymous();

        using (var health = await client.GetAsync("/trellis/healthz", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        var login = await client.GetStringAsync("/trellis/login", Cancel);
        Assert.Contains("<base href=\"/trellis/\"", login, StringComparison.Ordinal);

        // A signed-out person is sent to the sign-in page under the path base, and back there afterwards.
        using (var page = new HttpRequestMessage(HttpMethod.Get, "/trellis/1001/1002/backlog"))
        {
            page.Headers.Add("Accept", "text/html");
            using var redirect = await client.SendAsync(page, Cancel);
            Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
            Assert.Equal("/trellis/login?ReturnUrl=%2Ftrellis%2F1001%2F1002%2Fbacklog", redirect.Headers.Location?.OriginalString);
        }

        using (var signIn = await client.PostAsJsonAsync("/trellis/authentication/sign_in",
            new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        var backlog = await client.GetStringAsync("/trellis/1001/1002/backlog", Cancel);
        Assert.Contains("href=\"1001/1002/backlog\"", backlog, StringComparison.Ordinal);
        // Every other link, form and script is relative to that base, so none leaves the path base.
        var rest = backlog.Replace("<base href=\"/trellis/\" />", "", StringComparison.Ordinal);
        Assert.DoesNotMatch("(href|action|src)=\"/", rest);

        // The not-found page leads back to the start page under the path base too.
        using (var missing = new HttpRequestMessage(HttpMethod.Get, "/trellis/1001/1002/defect/999999"))
        {
            missing.Headers.Add("Accept", "text/html");
            using var notFound = await client.SendAsync(missing, Cancel);
            Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
            Assert.Contains("<a href=\"/trellis/\">Go to your workspaces</a>", await notFound.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }
    }

    private static async Task<string> SessionCookieAsync(HttpClient client, string peer, string forwardedProto)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/authentication/sign_in")
        {
            Content = JsonContent.Create(new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }),
        };
        request.Headers.Add(PeerAddress.Header, peer);
        request.Headers.Add("X-Forwarded-Proto", forwardedProto);
        request.Headers.Add("X-Forwarded-For", "203.0.113.7");
        using var response = await client.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("LWSSO_COOKIE_KEY=", StringComparison.Ordinal));
    }

    /// <summary>A SQLite node with extra settings, whose requests come from the address a test names.</summary>
    private sealed class ConfiguredApplication(Dictionary<string, string> settings) : TrellisApplication(DatabaseProvider.Sqlite)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<IStartupFilter, PeerAddress>());
            foreach (var (key, value) in settings)
            {
                builder.UseSetting(key, value);
            }
        }
    }
}

/// <summary>The in-memory test server has no client address: a test header sets it, before the pipeline runs.</summary>
internal sealed class PeerAddress : IStartupFilter
{
    public const string Header = "X-Test-Peer";

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use((context, nextMiddleware) =>
        {
            if (IPAddress.TryParse(context.Request.Headers[Header].ToString(), out var address))
            {
                context.Connection.RemoteIpAddress = address;
            }

            return nextMiddleware(context);
        });
        next(app);
    };
}
