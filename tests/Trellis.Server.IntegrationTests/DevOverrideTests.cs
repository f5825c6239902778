using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Auth;
using Trellis.Application.Errors;
using Trellis.Application.ExternalActions.DevOverrides;

namespace Trellis.Server.IntegrationTests;

/// <summary>Development overrides (docs/reference/launches.md#development-overrides): one author's launches only, expiring, audited.</summary>
public abstract class DevOverrideTests(TrellisApplication app)
{
    private const string Overrides = "/api/shared_spaces/1001/external-action-overrides";
    private const string Launch = TrellisApplication.Base + "/external-actions/panel/launch";
    private const string RealUrl = "https://panel.example.com/app/index.html?ws=1002#ids=";

    private const string Configuration = """
        [
          {"name":"panel","title":"Panel","entity_type":["work_item"],"views":["list"],
           "url":"https://panel.example.com/app/index.html?ws={workspace}#ids={entity_ids}","mode":{"name":"side_panel","modules":["backlog"]}},
          {"name":"chip","title":"Chip","entity_type":["work_item"],"views":["list"],"mode":{"name":"aviator_chat","prompt":"Summarize."}},
          {"name":"mail","title":"Mail","entity_type":["defect"],"views":["list"],"url":"mailto:team@example.com"}
        ]
        """;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheOwnerLaunchesTheOverrideAndEveryoneElseTheRealUrl()
    {
        using var owner = await ConfiguredAsync();
        using var colleague = await SpaceAdminAsync();
        using var viewer = await app.CreateClientAsync(Roles.Viewer);

        // Other tests of the class audit overrides of the same action: only the lines from here on count.
        var before = await app.WithDbAsync(db => db.AuditLog.MaxAsync(a => (long?)a.Id, Cancel)) ?? 0;
        using var set = await owner.PutAsJsonAsync($"{Overrides}/panel", new { url = "http://localhost:3000/" }, Cancel);

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        var body = await set.ReadObjectAsync();
        Assert.Equal("panel", body.Text("action"));
        Assert.Equal("http://localhost:3000", body.Text("url"));
        Assert.Equal(app.Time.GetUtcNow().AddHours(8), body["expires_at"]!.GetValue<DateTimeOffset>());
        var mine = await LaunchAsync(owner);
        Assert.Equal("http://localhost:3000/app/index.html?ws=1002#ids=", mine.Text("url"));
        Assert.Equal("http://localhost:3000", mine.Text("app_origin"));
        Assert.Equal("http://localhost:3000", mine.Text("dev_override"));
        foreach (var other in new[] { colleague, viewer })
        {
            var theirs = await LaunchAsync(other);
            Assert.Equal(RealUrl, theirs.Text("url"));
            Assert.Equal("https://panel.example.com", theirs.Text("app_origin"));
            Assert.Null(theirs["dev_override"]);
        }

        Assert.Equal(["panel"], (await owner.GetObjectAsync(Overrides)).Data().Select(o => o.Text("action")));
        Assert.Empty((await colleague.GetObjectAsync(Overrides)).Data());
        using var notTheirs = await colleague.DeleteAsync($"{Overrides}/panel", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        Assert.Equal("http://localhost:3000/app/index.html?ws=1002#ids=", (await LaunchAsync(owner)).Text("url"));
        var audit = await app.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Id > before && a.Action == DevOverrideStore.SetAudit && a.Target == "external_action/panel").ToListAsync(Cancel));
        var line = Assert.Single(audit);
        Assert.Equal(app.Time.GetUtcNow(), line.At);
        Assert.Equal(1001L, line.SharedSpaceId);
        Assert.Contains("\"url\":\"http://localhost:3000\"", line.Details, StringComparison.Ordinal);
        Assert.NotNull(line.UserId);
        Assert.Equal("admin", await app.WithDbAsync(db => db.Users.Where(u => u.Id == line.UserId).Select(u => u.Login).SingleAsync(Cancel)));
    }

    [Fact]
    public async Task AnExpiredOverrideIsIgnored()
    {
        using var owner = await ConfiguredAsync();
        using var set = await owner.PutAsJsonAsync($"{Overrides}/panel", new { url = "http://127.0.0.1:5173", expires_in_minutes = 1 }, Cancel);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal("http://127.0.0.1:5173/app/index.html?ws=1002#ids=", (await LaunchAsync(owner)).Text("url"));

        app.Time.Advance(TimeSpan.FromMinutes(2));

        Assert.Equal(RealUrl, (await LaunchAsync(owner)).Text("url"));
        Assert.Empty((await owner.GetObjectAsync(Overrides)).Data());
    }

    [Fact]
    public async Task AUserWhoMayNotEditActionsIsRefusedAndNothingIsWritten()
    {
        using var admin = await ConfiguredAsync();
        using var member = await app.CreateClientAsync(Roles.WorkspaceAdmin);

        using var refused = await member.PutAsJsonAsync($"{Overrides}/panel", new { url = "http://localhost:3000" }, Cancel);

        await AuthenticationTests.AssertOctaneErrorAsync(refused, HttpStatusCode.Forbidden, OctaneErrorCodes.Forbidden);
        Assert.Equal(RealUrl, (await LaunchAsync(member)).Text("url"));
        Assert.False(await app.WithDbAsync(db => db.ActionUrlOverrides.AnyAsync(Cancel)));
    }

    [Theory]
    [InlineData("panel", "ftp://files.example.com", "only http and https")]
    [InlineData("panel", "localhost:3000", "only http and https")]
    [InlineData("panel", "/relative", "not an absolute URL")]
    [InlineData("panel", "javascript:alert(1)", "only http and https")]
    [InlineData("panel", "http://localhost:3000/?debug=1", "base only")]
    [InlineData("panel", "", "url is required")]
    [InlineData("chip", "http://localhost:3000", "Aviator chip")]
    [InlineData("mail", "http://localhost:3000", "no http, https")]
    public async Task ABadOverrideIsRefusedSayingWhatIsWrong(string action, string url, string expected)
    {
        using var owner = await ConfiguredAsync();

        using var refused = await owner.PutAsJsonAsync($"{Overrides}/{action}", new { url }, Cancel);

        var text = await refused.Content.ReadAsStringAsync(Cancel);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(OctaneErrorCodes.IllegalFieldValue, JsonNode.Parse(text).Text("error_code"));
        Assert.Contains(expected, JsonNode.Parse(text).Text("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownActionOrTooLongALifetimeIsRefused()
    {
        using var owner = await ConfiguredAsync();

        using var unknown = await owner.PutAsJsonAsync($"{Overrides}/nope", new { url = "http://localhost:3000" }, Cancel);
        using var tooLong = await owner.PutAsJsonAsync($"{Overrides}/panel", new { url = "http://localhost:3000", expires_in_minutes = 24 * 60 + 1 }, Cancel);

        await AuthenticationTests.AssertOctaneErrorAsync(unknown, HttpStatusCode.NotFound, OctaneErrorCodes.EntityNotFound);
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
        Assert.Contains("expires_in_minutes must be between 1 and 1440", await tooLong.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ManySetsOfTheSameOverrideAtOnce_AllLandAndOneRowRemains()
    {
        using var owner = await ConfiguredAsync();
        var urls = Enumerable.Range(0, 8).Select(i => $"http://localhost:{3000 + i}").ToList();

        var answers = await Task.WhenAll(urls.Select(async url =>
        {
            using var set = await owner.PutAsJsonAsync($"{Overrides}/panel", new { url }, Cancel);
            return set.StatusCode;
        }));

        Assert.All(answers, status => Assert.Equal(HttpStatusCode.OK, status));
        var rows = await app.WithDbAsync(db => db.ActionUrlOverrides.AsNoTracking().ToListAsync(Cancel));
        Assert.Contains(Assert.Single(rows).BaseUrl, urls);
    }

    [Fact]
    public async Task ClearingEndsTheOverrideAndIsAudited()
    {
        using var owner = await ConfiguredAsync();
        using var set = await owner.PutAsJsonAsync($"{Overrides}/Panel", new { url = "https://dev.example.com/app" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, set.StatusCode);

        using var cleared = await owner.DeleteAsync($"{Overrides}/panel", Cancel);
        using var again = await owner.DeleteAsync($"{Overrides}/panel", Cancel);

        Assert.Equal(HttpStatusCode.NoContent, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(RealUrl, (await LaunchAsync(owner)).Text("url"));
        var line = await app.WithDbAsync(db => db.AuditLog.AsNoTracking().Where(a => a.Action == DevOverrideStore.ClearAudit).OrderByDescending(a => a.Id).FirstAsync(Cancel));
        Assert.Equal("external_action/panel", line.Target);
        Assert.Contains("https://dev.example.com/app", line.Details, StringComparison.Ordinal);
    }

    private async Task<HttpClient> ConfiguredAsync()
    {
        var admin = await app.SignedInAsync();
        using var response = await ActionConfigurationTests.PutAsync(admin, Configuration, null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // Each test starts from no overrides.
        await app.WithDbAsync(db => db.ActionUrlOverrides.ExecuteDeleteAsync(Cancel));
        return admin;
    }

    private async Task<HttpClient> SpaceAdminAsync()
    {
        var login = $"author-{Guid.NewGuid():N}@example.com";
        await app.AddUserWithRolesAsync(login, "Author-Password-1", 1001, (Roles.SpaceAdmin, 1001, null));
        return await app.SignedInAsync(login, "Author-Password-1");
    }

    private static async Task<JsonObject> LaunchAsync(HttpClient client)
    {
        using var response = await client.PostAsJsonAsync(Launch, new { view = "list", entity_type = "work_item", module = "backlog", entity_ids = Array.Empty<string>() }, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"launch answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }
}

public sealed class SqliteDevOverrideTests(SqliteApplication app) : DevOverrideTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresDevOverrideTests(PostgresApplication app) : DevOverrideTests(app), IClassFixture<PostgresApplication>;
