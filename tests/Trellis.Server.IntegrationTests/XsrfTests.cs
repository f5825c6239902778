using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;

namespace Trellis.Server.IntegrationTests;

/// <summary>The XSRF double-submit check on cross-site browser writes (docs/reference/rest.md#xsrf).</summary>
public abstract partial class XsrfTests(TrellisApplication app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Sec-Fetch-Site, Origin, which XSRF-HEADER to send (none, right, wrong), whether the write goes through.</summary>
    public static TheoryData<string?, string?, string, bool> Cases => new()
    {
        { "cross-site", null, "none", false },
        { "cross-site", "https://app.example.com", "wrong", false },
        { "same-site", null, "none", false },
        { "cross-site", "https://app.example.com", "right", true },
        { null, "https://app.example.com", "none", false },
        { null, "https://app.example.com", "wrong", false },
        { null, "https://app.example.com", "right", true },
        // Sec-Fetch-Site wins over Origin when both are there.
        { "same-origin", "https://app.example.com", "none", true },
        { "none", null, "none", true },
        { null, "http://localhost", "none", true },
        // The SDKs, scripts and curl send neither.
        { null, null, "none", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ACookieWriteNeedsTheXsrfHeaderOnlyWhenABrowserSendsItCrossSite(string? fetchSite, string? origin, string header, bool allowed)
    {
        using var client = app.Anonymous(handleCookies: false);
        var (session, xsrf) = await SignInAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{TrellisApplication.Base}/defects")
        {
            Content = JsonContent.Create(new { data = new[] { new { name = "From an app" } } }),
        };
        request.Headers.Add("Cookie", $"LWSSO_COOKIE_KEY={session}; XSRF_COOKIE={xsrf}");
        Add(request, fetchSite, origin);
        if (header != "none")
        {
            request.Headers.Add("XSRF-HEADER", header == "right" ? xsrf : "not-the-token");
        }

        using var response = await client.SendAsync(request, Cancel);
        if (allowed)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }
        else
        {
            await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.Forbidden, "platform.xsrf_validation_failed");
        }
    }

    [Fact]
    public async Task AnotherSessionsTokenDoesNotCount()
    {
        using var client = app.Anonymous(handleCookies: false);
        var (session, _) = await SignInAsync(client);
        var (_, otherXsrf) = await SignInAsync(client);
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"{TrellisApplication.Base}/defects/999999");
        request.Headers.Add("Cookie", $"LWSSO_COOKIE_KEY={session}; XSRF_COOKIE={otherXsrf}");
        Add(request, "cross-site", "https://app.example.com");
        request.Headers.Add("XSRF-HEADER", otherXsrf);
        using var response = await client.SendAsync(request, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.Forbidden, "platform.xsrf_validation_failed");
    }

    [Fact]
    public async Task ReadsAndSignInAreExemptAndAdminPathsAnswerInProblemDetails()
    {
        using var client = app.Anonymous(handleCookies: false);
        var (session, _) = await SignInAsync(client);
        using var read = new HttpRequestMessage(HttpMethod.Get, "/api/current_user");
        read.Headers.Add("Cookie", $"LWSSO_COOKIE_KEY={session}");
        Add(read, "cross-site", "https://app.example.com");
        using (var response = await client.SendAsync(read, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var admin = new HttpRequestMessage(HttpMethod.Put, "/admin/params/CORS_MAX_AGE") { Content = JsonContent.Create(new { value = "60" }) };
        admin.Headers.Add("Cookie", $"LWSSO_COOKIE_KEY={session}");
        Add(admin, "cross-site", "https://app.example.com");
        using (var response = await client.SendAsync(admin, Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Contains("platform.xsrf_validation_failed", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        using var signIn = new HttpRequestMessage(HttpMethod.Post, "/authentication/sign_in")
        {
            Content = JsonContent.Create(new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }),
        };
        signIn.Headers.Add("Cookie", $"LWSSO_COOKIE_KEY={session}");
        Add(signIn, "cross-site", "https://app.example.com");
        using (var response = await client.SendAsync(signIn, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task ACrossSiteSignOutWithoutTheHeaderDoesNotEndTheSession()
    {
        using var client = app.Anonymous(handleCookies: false);
        var (session, xsrf) = await SignInAsync(client);
        using var forged = new HttpRequestMessage(HttpMethod.Post, "/authentication/sign_out");
        forged.Headers.Add("Cookie", $"LWSSO_COOKIE_KEY={session}");
        Add(forged, "cross-site", "https://evil.example.com");
        using (var response = await client.SendAsync(forged, Cancel))
        {
            await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.Forbidden, "platform.xsrf_validation_failed");
        }

        using (var stillIn = await SessionCookies.SendAsync(client, HttpMethod.Get, "/api/current_user", session))
        {
            Assert.Equal(HttpStatusCode.OK, stillIn.StatusCode);
        }

        // An app that echoes the token signs out as before.
        using var echoed = new HttpRequestMessage(HttpMethod.Post, "/authentication/sign_out");
        echoed.Headers.Add("Cookie", $"LWSSO_COOKIE_KEY={session}");
        Add(echoed, "cross-site", "https://app.example.com");
        echoed.Headers.Add("XSRF-HEADER", xsrf);
        using (var response = await client.SendAsync(echoed, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        using var signedOut = await SessionCookies.SendAsync(client, HttpMethod.Get, "/api/current_user", session);
        Assert.Equal(HttpStatusCode.Unauthorized, signedOut.StatusCode);
    }

    private static void Add(HttpRequestMessage request, string? fetchSite, string? origin)
    {
        if (fetchSite is not null)
        {
            request.Headers.Add("Sec-Fetch-Site", fetchSite);
        }

        if (origin is not null)
        {
            request.Headers.Add("Origin", origin);
        }
    }

    private static async Task<(string Session, string Xsrf)> SignInAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/authentication/sign_in",
            new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel);
        var cookies = string.Join('\n', response.Headers.GetValues("Set-Cookie"));
        return (SessionCookies.From(response), XsrfCookie().Match(cookies).Groups[1].Value);
    }

    [GeneratedRegex("XSRF_COOKIE=([^;]+);")]
    private static partial Regex XsrfCookie();
}

public sealed class SqliteXsrfTests(SqliteApplication app) : XsrfTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresXsrfTests(PostgresApplication app) : XsrfTests(app), IClassFixture<PostgresApplication>;
