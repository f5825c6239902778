using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Application.Auth;

namespace Trellis.Server.IntegrationTests;

/// <summary>Session checks kept per node for a few seconds: a shortcut that never outlives a revocation this node saw.</summary>
public abstract class SessionCacheTests(TrellisApplication app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Authenticate_SessionRevokedInTheDatabaseOnly_IsRefusedOnceTheCachedCheckIsOlderThanItsLifetime()
    {
        using var client = app.Anonymous(handleCookies: false);
        var cookie = await SignInCookieAsync(client);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, cookie));
        Assert.True(await CachedAsync(cookie), "The first check was not kept.");

        // No node announced this revocation: the node trusts its check for at most the lifetime.
        var id = SessionTokens.Hash(cookie);
        await app.WithDbAsync(db => db.Sessions.Where(s => s.Id == id).ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, app.Time.GetUtcNow()), Cancel));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, cookie));

        app.Time.Advance(app.Services.GetRequiredService<SessionCache>().Lifetime);
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, cookie));
    }

    [Fact]
    public async Task Authenticate_CachedSessionAfterSignOut_IsRefusedAtOnce()
    {
        using var client = app.Anonymous(handleCookies: false);
        var cookie = await SignInCookieAsync(client);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, cookie));
        Assert.True(await CachedAsync(cookie), "The first check was not kept.");

        using var signOut = await SessionCookies.SendAsync(client, HttpMethod.Post, "/authentication/sign_out", cookie);
        Assert.False(app.Services.GetRequiredService<SessionCache>().TryGet(SessionTokens.Hash(cookie), out _));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(client, cookie));
    }

    [Fact]
    public async Task Authenticate_CachedSessionPastTheIdleTimeout_IsRefusedWithTheIdleCode()
    {
        using var client = app.Anonymous(handleCookies: false);
        var cookie = await SignInCookieAsync(client);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(client, cookie));

        app.Time.Advance(SessionPolicy.IdleTimeout);
        using var response = await SessionCookies.SendAsync(client, HttpMethod.Get, "/api/current_user", cookie);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.Unauthorized, "VALIDATION_TOKEN_EXPIRED_IDLE_TIME_OUT");
    }

    private async Task<bool> CachedAsync(string cookie)
    {
        // On PostgreSQL the cache serves only once the listener hears other nodes; give it a moment to connect.
        var cache = app.Services.GetRequiredService<SessionCache>();
        var id = SessionTokens.Hash(cookie);
        for (var attempt = 0; attempt < 50 && !cache.TryGet(id, out _); attempt++)
        {
            await Task.Delay(100, Cancel);
            using var client = app.Anonymous(handleCookies: false);
            using var response = await SessionCookies.SendAsync(client, HttpMethod.Get, "/api/current_user", cookie);
        }

        return cache.TryGet(id, out _);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string cookie)
    {
        using var response = await SessionCookies.SendAsync(client, HttpMethod.Get, "/api/current_user", cookie);
        return response.StatusCode;
    }

    private static async Task<string> SignInCookieAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync("/authentication/sign_in",
            new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel);
        return SessionCookies.From(response);
    }
}

public sealed class SqliteSessionCacheTests(SqliteApplication app) : SessionCacheTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresSessionCacheTests(PostgresApplication app) : SessionCacheTests(app), IClassFixture<PostgresApplication>;

/// <summary>A sign-out on one node ends the session that the other node holds in its cache.</summary>
public sealed class SessionCacheTwoNodeTests(TwoPostgresNodes nodes) : IClassFixture<TwoPostgresNodes>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignOut_OnOneNode_EndsTheSessionCachedOnTheOtherWithinASecond()
    {
        if (nodes.First is null || nodes.Second is null)
        {
            Assert.Skip(TrellisApplication.NoPostgres);
        }

        using var one = nodes.First.Anonymous(handleCookies: false);
        using var two = nodes.Second.Anonymous(handleCookies: false);
        using var signIn = await one.PostAsJsonAsync("/authentication/sign_in",
            new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel);
        var cookie = SessionCookies.From(signIn);
        var id = SessionTokens.Hash(cookie);

        // The second node checks the session and keeps the check (its clock stands still, so only a notice ends it).
        var cache = nodes.Second.Services.GetRequiredService<SessionCache>();
        for (var attempt = 0; attempt < 50 && !cache.TryGet(id, out _); attempt++)
        {
            using var warm = await SessionCookies.SendAsync(two, HttpMethod.Get, "/api/current_user", cookie);
            Assert.Equal(HttpStatusCode.OK, warm.StatusCode);
            await Task.Delay(100, Cancel);
        }

        Assert.True(cache.TryGet(id, out _), "The second node never kept the session.");

        using var signOut = await SessionCookies.SendAsync(one, HttpMethod.Post, "/authentication/sign_out", cookie);
        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);

        var status = HttpStatusCode.OK;
        await Eventually.HoldsAsync(async () =>
        {
            using var onSecond = await SessionCookies.SendAsync(two, HttpMethod.Get, "/api/current_user", cookie);
            status = onSecond.StatusCode;
            return status != HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }
}
