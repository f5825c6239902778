using System.Net;
using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Application.Auth;
using Trellis.Application.ExternalActions.Bundles;
using Trellis.Server.IntegrationTests.Bundles;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// The per-node shortcuts of the two hottest reads, bundle files and the toolbar list: what they hold never outlives the
/// change that makes it stale, and who may read is decided on every request.
/// </summary>
public abstract class ServingCacheTests(TrellisApplication app)
{
    private const string Actions = "/api/shared_spaces/1001/external-entity-actions";
    private const string Files = Actions + "/bundle/";
    private const string Applicable = TrellisApplication.Base + "/external-actions/applicable?entity_type=defect&view=list";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task BundleFile_Held_AnswersIfNoneMatchWith304AndTheSameHeaders()
    {
        using var admin = await app.SignedInAsync();
        var entry = Unique("held");
        await UploadAsync(admin, TestZip.Create().File($"{entry}/index.html", "<p>one</p>"));
        var first = await HeldAsync(admin, $"{entry}/index.html");

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"{Files}{entry}/index.html");
        conditional.Headers.IfNoneMatch.Add(first);
        using var response = await admin.SendAsync(conditional, Cancel);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);
        Assert.Equal(first, response.Headers.ETag);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        // No bundle origin under the test server: the file runs sandboxed, in an opaque origin.
        Assert.Equal("sandbox allow-scripts allow-forms allow-popups allow-modals; frame-ancestors 'self'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Empty(await response.Content.ReadAsByteArrayAsync(Cancel));

        using var other = new HttpRequestMessage(HttpMethod.Get, $"{Files}{entry}/index.html");
        other.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue("\"0000\""));
        using var full = await admin.SendAsync(other, Cancel);
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("<p>one</p>", await full.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("text/html; charset=utf-8", full.Content.Headers.ContentType!.ToString());
    }

    [Fact]
    public async Task BundleFile_HeldThenReplaced_ServesTheNewContentAtOnce()
    {
        using var admin = await app.SignedInAsync();
        var entry = Unique("replaced");
        var guid = await UploadAsync(admin, TestZip.Create().File($"{entry}/index.html", "v1").File($"{entry}/old.js", "1"));
        var before = await HeldAsync(admin, $"{entry}/index.html");
        await HeldAsync(admin, $"{entry}/old.js");

        using var replace = await admin.PutAsync($"{Actions}/bundles/{guid}", new ByteArrayContent(TestZip.Create().File($"{entry}/index.html", "v2").Build()), Cancel);
        Assert.Equal(HttpStatusCode.OK, replace.StatusCode);

        using var page = await admin.GetAsync($"{Files}{entry}/index.html", Cancel);
        Assert.Equal("v2", await page.Content.ReadAsStringAsync(Cancel));
        Assert.NotEqual(before, page.Headers.ETag);
        using var gone = await admin.GetAsync($"{Files}{entry}/old.js", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task BundleFile_HeldThenDeleted_Is404AtOnce()
    {
        using var admin = await app.SignedInAsync();
        var entry = Unique("deleted");
        var guid = await UploadAsync(admin, TestZip.Create().File($"{entry}/index.html", "here"));
        await HeldAsync(admin, $"{entry}/index.html");

        using var delete = await admin.DeleteAsync($"{Actions}/bundles/{guid}", Cancel);
        Assert.Equal(HttpStatusCode.NoContent, delete.StatusCode);

        Assert.False(app.Services.GetRequiredService<BundleFileCache>().TryGet(1001, $"{entry}/index.html", out _));
        using var gone = await admin.GetAsync($"{Files}{entry}/index.html", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task BundleFile_HeldThenTheReaderLosesEveryRole_IsRefusedAtOnce()
    {
        using var admin = await app.SignedInAsync();
        var entry = Unique("private");
        await UploadAsync(admin, TestZip.Create().File($"{entry}/index.html", "members only"));
        var (member, userId) = await MemberAsync();
        using (member)
        {
            await HeldAsync(member, $"{entry}/index.html");

            using var roles = await admin.PutAsJsonAsync($"/api/shared_spaces/1001/users/{userId}", new { roles = Array.Empty<object>() }, Cancel);
            Assert.Equal(HttpStatusCode.OK, roles.StatusCode);

            using var refused = await member.GetAsync($"{Files}{entry}/index.html", Cancel);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }
    }

    [Fact]
    public async Task BundleFile_HeldThenSignedOut_IsRefusedAtOnce()
    {
        using var admin = await app.SignedInAsync();
        var entry = Unique("signed_out");
        await UploadAsync(admin, TestZip.Create().File($"{entry}/index.html", "x"));
        await HeldAsync(admin, $"{entry}/index.html");

        // The same cookie before and after: only the session's end can refuse it.
        using var reader = app.Anonymous(handleCookies: false);
        using var signIn = await reader.PostAsJsonAsync("/authentication/sign_in",
            new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel);
        var cookie = SessionCookies.From(signIn);
        using (var allowed = await SessionCookies.SendAsync(reader, HttpMethod.Get, $"{Files}{entry}/index.html", cookie))
        {
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var signOut = await SessionCookies.SendAsync(reader, HttpMethod.Post, "/authentication/sign_out", cookie);
        Assert.Equal(HttpStatusCode.OK, signOut.StatusCode);
        using var refused = await SessionCookies.SendAsync(reader, HttpMethod.Get, $"{Files}{entry}/index.html", cookie);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task Applicable_AskedAgainAfterAPut_AnswersTheNewVersionAtOnce()
    {
        using var admin = await app.SignedInAsync();
        var name = Unique("toolbar");
        using var first = await admin.GetAsync(Applicable, Cancel);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        using var again = await admin.GetAsync(Applicable, Cancel);
        Assert.Equal(first.Headers.ETag, again.Headers.ETag);
        Assert.Equal(await first.Content.ReadAsStringAsync(Cancel), await again.Content.ReadAsStringAsync(Cancel));
        Assert.Equal("application/json; charset=utf-8", again.Content.Headers.ContentType!.ToString());

        var version = await ActionConfigurationTests.ReplaceAsync(admin, ActionConfigurationTests.Single(name, "https://example.com/fresh"));

        using var after = await admin.GetAsync(Applicable, Cancel);
        var body = await after.ReadObjectAsync();
        Assert.Equal(version, body["version"]!.GetValue<int>());
        Assert.Equal($"\"{version}\"", after.Headers.ETag!.Tag);
        Assert.Contains(body.Data(), a => a.Text("name") == name);
    }

    [Fact]
    public async Task Applicable_AnsweredThenTheViewerLosesTheWorkspace_IsRefusedAtOnce()
    {
        using var admin = await app.SignedInAsync();
        var (member, userId) = await MemberAsync();
        using (member)
        {
            using var allowed = await member.GetAsync(Applicable, Cancel);
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
            using var held = await member.GetAsync(Applicable, Cancel);
            Assert.Equal(HttpStatusCode.OK, held.StatusCode);

            using var roles = await admin.PutAsJsonAsync($"/api/shared_spaces/1001/users/{userId}", new { roles = Array.Empty<object>() }, Cancel);
            Assert.Equal(HttpStatusCode.OK, roles.StatusCode);

            using var refused = await member.GetAsync(Applicable, Cancel);
            Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        }
    }

    [Fact]
    public async Task Applicable_TwoModulesAskedInTurn_EachAnswersItsOwnPlace()
    {
        using var admin = await app.SignedInAsync();
        var name = Unique("module_only");
        const string config = """[{"name":"NAME","title":"T","entity_type":["defect"],"views":["list"],"url":"https://example.com/m#ids={entity_ids}","mode":{"name":"side_panel","modules":["backlog"]}}]""";
        await ActionConfigurationTests.ReplaceAsync(admin, config.Replace("NAME", name, StringComparison.Ordinal));

        foreach (var (module, expected) in new[] { ("backlog", true), ("quality", false), ("backlog", true), ("quality", false) })
        {
            var body = await admin.GetObjectAsync($"{Applicable}&module={module}&kind=side_panel");
            Assert.Equal(expected, body.Data().Any(a => a.Text("name") == name));
        }
    }

    /// <summary>Uploads a bundle and returns its guid.</summary>
    private static async Task<string> UploadAsync(HttpClient admin, TestZip zip)
    {
        using var response = await admin.PostAsync(Actions + "/bundle", new ByteArrayContent(zip.Build()), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync()).Text("guid")!;
    }

    /// <summary>Reads a file until this node holds its path (on PostgreSQL, once the listener is up) and returns its tag.</summary>
    private async Task<System.Net.Http.Headers.EntityTagHeaderValue> HeldAsync(HttpClient client, string path)
    {
        var cache = app.Services.GetRequiredService<BundleFileCache>();
        for (var attempt = 0; ; attempt++)
        {
            using var response = await client.GetAsync(Files + path, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            if (cache.TryGet(1001, path, out var entry))
            {
                Assert.Equal(entry.ETag, response.Headers.ETag!.Tag);
                return response.Headers.ETag;
            }

            Assert.True(attempt < 50, $"The node never held {path}.");
            await Task.Delay(100, Cancel);
        }
    }

    private async Task<(HttpClient Client, long UserId)> MemberAsync()
    {
        var login = $"reader-{Guid.NewGuid():N}@example.com";
        var id = await app.AddUserAsync(login, "Role-Password-1", Roles.Member);
        return (await app.SignedInAsync(login, "Role-Password-1"), id);
    }

    private static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 9)];
}

public sealed class SqliteServingCacheTests(SqliteApplication app) : ServingCacheTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresServingCacheTests(PostgresApplication app) : ServingCacheTests(app), IClassFixture<PostgresApplication>;

/// <summary>A bundle change on one node reaches the paths the other node holds.</summary>
public sealed class BundleFileCacheTwoNodeTests(TwoPostgresNodes nodes) : IClassFixture<TwoPostgresNodes>
{
    private const string Actions = "/api/shared_spaces/1001/external-entity-actions";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Replace_OnOneNode_IsServedByTheOtherWithinASecond()
    {
        if (nodes.First is null || nodes.Second is null)
        {
            Assert.Skip(TrellisApplication.NoPostgres);
        }

        using var one = await nodes.First.SignedInAsync();
        using var two = await nodes.Second.SignedInAsync();
        var entry = $"two_nodes_{Guid.NewGuid():N}"[..18];
        var path = $"{entry}/index.html";
        using var upload = await one.PostAsync(Actions + "/bundle", new ByteArrayContent(TestZip.Create().File(path, "before").Build()), Cancel);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        var guid = (await upload.ReadObjectAsync()).Text("guid")!;

        // The second node holds the path (its listener must be up before it keeps anything).
        var cache = nodes.Second.Services.GetRequiredService<BundleFileCache>();
        for (var attempt = 0; attempt < 50 && !cache.TryGet(1001, path, out _); attempt++)
        {
            using var warm = await two.GetAsync($"{Actions}/bundle/{path}", Cancel);
            Assert.Equal("before", await warm.Content.ReadAsStringAsync(Cancel));
            await Task.Delay(100, Cancel);
        }

        Assert.True(cache.TryGet(1001, path, out _), "The second node never held the path.");

        using var replace = await one.PutAsync($"{Actions}/bundles/{guid}", new ByteArrayContent(TestZip.Create().File(path, "after").Build()), Cancel);
        Assert.Equal(HttpStatusCode.OK, replace.StatusCode);

        var text = "before";
        await Eventually.HoldsAsync(async () =>
        {
            using var onSecond = await two.GetAsync($"{Actions}/bundle/{path}", Cancel);
            text = await onSecond.Content.ReadAsStringAsync(Cancel);
            return text != "before";
        }, TimeSpan.FromSeconds(1));
        Assert.Equal("after", text);
    }
}
