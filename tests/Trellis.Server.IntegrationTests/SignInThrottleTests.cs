using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Application.Auth;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests;

/// <summary>Repeated failed sign-ins are refused for a while, per login and per client, on the API and the sign-in page alike.</summary>
public abstract partial class SignInThrottleTests(TrellisApplication app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RepeatedWrongPasswordsLockTheLoginWith429UntilTheLockoutHasPassed()
    {
        var login = $"locked-{Guid.NewGuid():N}@example.com";
        await app.AddUserAsync(login, "Right-Password-1", "member");
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            var failed = await SignInAsync("198.51.100.1", login, "wrong");
            Assert.Equal(StatusCodes.Status401Unauthorized, failed.Status);
        }

        // Locked: even the right password is not checked, from this client or another.
        var locked = await SignInAsync("198.51.100.1", login, "Right-Password-1");
        Assert.Equal(StatusCodes.Status429TooManyRequests, locked.Status);
        Assert.Equal("platform.too_many_requests", locked.Body["error_code"]?.GetValue<string>());
        Assert.Equal("300", locked.RetryAfter);
        Assert.Equal(StatusCodes.Status429TooManyRequests, (await SignInAsync("198.51.100.2", login, "Right-Password-1")).Status);

        // Other logins from the same client still sign in.
        Assert.Equal(StatusCodes.Status200OK, (await SignInAsync("198.51.100.1", TrellisApplication.AdminLogin, TrellisApplication.AdminPassword)).Status);

        app.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(StatusCodes.Status200OK, (await SignInAsync("198.51.100.1", login, "Right-Password-1")).Status);
    }

    [Fact]
    public async Task ManyFailuresFromOneClientLockThatClientOnly()
    {
        for (var attempt = 1; attempt <= 30; attempt++)
        {
            Assert.Equal(StatusCodes.Status401Unauthorized, (await SignInAsync("203.0.113.7", $"guess-{attempt}", "wrong")).Status);
        }

        var locked = await SignInAsync("203.0.113.7", TrellisApplication.AdminLogin, TrellisApplication.AdminPassword);
        Assert.Equal(StatusCodes.Status429TooManyRequests, locked.Status);
        Assert.NotNull(locked.RetryAfter);
        Assert.Equal(StatusCodes.Status200OK, (await SignInAsync("203.0.113.8", TrellisApplication.AdminLogin, TrellisApplication.AdminPassword)).Status);
    }

    [Fact]
    public async Task TheSignInPageIsThrottledLikeTheApi()
    {
        var login = $"page-{Guid.NewGuid():N}@example.com";
        await app.AddUserAsync(login, "Right-Password-1", "member");
        using var client = app.Anonymous();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            using var failed = await PostSignInFormAsync(client, login, "wrong");
            Assert.Equal(HttpStatusCode.OK, failed.StatusCode);
            Assert.Contains("The login or the password is wrong.", await failed.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        }

        using var locked = await PostSignInFormAsync(client, login, "Right-Password-1");
        Assert.Equal(HttpStatusCode.TooManyRequests, locked.StatusCode);
        Assert.Equal(TimeSpan.FromMinutes(5), locked.Headers.RetryAfter?.Delta);
        Assert.Contains("Too many failed sign-ins.", await locked.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        // The same lock holds on the REST sign-in.
        using var rest = await client.PostAsJsonAsync("/authentication/sign_in", new { user = login, password = "Right-Password-1" }, Cancel);
        Assert.Equal(HttpStatusCode.TooManyRequests, rest.StatusCode);
    }

    private async Task<(int Status, JsonObject Body, string? RetryAfter)> SignInAsync(string client, string login, string password)
    {
        app.SkipUnlessAvailable();
        var body = JsonSerializer.SerializeToUtf8Bytes(new { user = login, password });
        var context = await app.Server.SendAsync(http =>
        {
            http.Request.Method = HttpMethods.Post;
            http.Request.Path = "/authentication/sign_in";
            http.Request.ContentType = "application/json";
            http.Request.Body = new MemoryStream(body);
            http.Request.ContentLength = body.Length;
            http.Connection.RemoteIpAddress = IPAddress.Parse(client);
        }, Cancel);
        var text = await new StreamReader(context.Response.Body, Encoding.UTF8).ReadToEndAsync(Cancel);
        var retryAfter = context.Response.Headers.RetryAfter.ToString();
        return (context.Response.StatusCode, JsonNode.Parse(text) as JsonObject ?? [], retryAfter.Length > 0 ? retryAfter : null);
    }

    private static async Task<HttpResponseMessage> PostSignInFormAsync(HttpClient client, string login, string password)
    {
        var page = await client.GetStringAsync("/login", Cancel);
        var token = AntiforgeryField().Match(page).Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "sign-in",
            ["__RequestVerificationToken"] = token,
            ["Input.Login"] = login,
            ["Input.Password"] = password,
        });
        return await client.PostAsync("/login", form, Cancel);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}

public sealed class SqliteSignInThrottleTests(SqliteApplication app) : SignInThrottleTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresSignInThrottleTests(PostgresApplication app) : SignInThrottleTests(app), IClassFixture<PostgresApplication>;

/// <summary>One password check at a time and no queue, so a check in progress makes the next sign-in wait for nothing.</summary>
public sealed class SingleCheckApplication() : TrellisApplication(DatabaseProvider.Sqlite)
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Trellis:Auth:SignIn:MaxConcurrentChecks", "1");
        builder.UseSetting("Trellis:Auth:SignIn:MaxQueuedChecks", "0");
    }
}

/// <summary>Password checks are bounded per node: beyond the slots and the queue a sign-in is refused, and the rest of the server keeps answering.</summary>
public sealed class SignInConcurrencyTests(SingleCheckApplication app) : IClassFixture<SingleCheckApplication>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhileEveryPasswordCheckSlotIsTakenASignInGets429AndHealthStillAnswers()
    {
        using var client = app.Anonymous();
        var throttle = app.Services.GetRequiredService<SignInThrottle>();
        var (lease, _) = await throttle.AcquireCheckAsync(Cancel);
        using (lease)
        {
            Assert.True(lease.IsAcquired);
            using var refused = await client.PostAsJsonAsync("/authentication/sign_in",
                new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel);
            await AuthenticationTests.AssertOctaneErrorAsync(refused, HttpStatusCode.TooManyRequests, "platform.too_many_requests");
            Assert.Equal(TimeSpan.FromSeconds(2), refused.Headers.RetryAfter?.Delta);

            using var health = await client.GetAsync("/healthz", Cancel);
            Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        }

        using var signedIn = await client.PostAsJsonAsync("/authentication/sign_in",
            new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
    }
}
