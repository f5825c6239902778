using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Auth;

namespace Trellis.Server.IntegrationTests;

/// <summary>The sliding session expiry writes the last-seen time at most once a minute (docs/reference/rest.md#authentication).</summary>
public abstract class SessionWriteTests(TrellisApplication app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Authenticate_TwoRequestsWithinAMinute_WriteLastSeenOnce()
    {
        using var client = app.Anonymous(handleCookies: false);
        var cookie = await SignInCookieAsync(client);
        var signedIn = await LastSeenAsync(cookie);

        app.Time.Advance(TimeSpan.FromSeconds(61));
        await GetCurrentUserAsync(client, cookie);
        var written = await LastSeenAsync(cookie);
        Assert.Equal(app.Time.GetUtcNow(), written);
        Assert.True(written > signedIn);

        app.Time.Advance(TimeSpan.FromSeconds(30));
        await GetCurrentUserAsync(client, cookie);
        app.Time.Advance(TimeSpan.FromSeconds(29));
        await GetCurrentUserAsync(client, cookie);
        Assert.Equal(written, await LastSeenAsync(cookie));

        app.Time.Advance(TimeSpan.FromSeconds(1));
        await GetCurrentUserAsync(client, cookie);
        Assert.Equal(app.Time.GetUtcNow(), await LastSeenAsync(cookie));
    }

    [Fact]
    public async Task Authenticate_RequestsEvery59Seconds_KeepTheSessionAlivePast60Minutes()
    {
        using var client = app.Anonymous(handleCookies: false);
        var cookie = await SignInCookieAsync(client);
        for (var elapsed = TimeSpan.Zero; elapsed < TimeSpan.FromMinutes(90); elapsed += TimeSpan.FromSeconds(59))
        {
            app.Time.Advance(TimeSpan.FromSeconds(59));
            await GetCurrentUserAsync(client, cookie);
        }
    }

    private Task<DateTimeOffset> LastSeenAsync(string cookie)
    {
        var id = SessionTokens.Hash(cookie);
        return app.WithDbAsync(db => db.Sessions.AsNoTracking().Where(s => s.Id == id).Select(s => s.LastSeenAt).SingleAsync(Cancel));
    }

    private static async Task GetCurrentUserAsync(HttpClient client, string cookie)
    {
        using var response = await SessionCookies.SendAsync(client, HttpMethod.Get, "/api/current_user", cookie);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string> SignInCookieAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/authentication/sign_in",
            new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel);
        return SessionCookies.From(response);
    }
}

public sealed class SqliteSessionWriteTests(SqliteApplication app) : SessionWriteTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresSessionWriteTests(PostgresApplication app) : SessionWriteTests(app), IClassFixture<PostgresApplication>;
