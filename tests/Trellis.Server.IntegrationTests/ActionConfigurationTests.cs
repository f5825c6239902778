using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Trellis.Server.IntegrationTests;

/// <summary>The external-action configuration API (docs/reference/rest.md#configuration-api).</summary>
public abstract class ActionConfigurationTests(TrellisApplication app)
{
    public const string Config = "/api/shared_spaces/1001/external-entity-actions";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheDemoConfigurationIsVersionOneFromBootstrap()
    {
        using var admin = await app.SignedInAsync();
        var first = await admin.GetObjectAsync($"{Config}/history/1");
        Assert.Equal("bootstrap", first.Text("source"));
        Assert.Null(first["author"]);
        var names = first.Data().Select(a => a.Text("name")).ToList();
        Assert.Equal(["search_web", "quick_note", "feature_insights", "summarize_selection", "external_details", "panel_notes", "whats_new"], names);
        Assert.All(first.Data(), a => Assert.True(Guid.TryParse(a.Text("guid"), out _)));
        var empty = await admin.GetObjectAsync($"{Config}/history/0");
        Assert.Empty(empty.Data());
    }

    [Fact]
    public async Task AMemberReadsTheConfigurationInOctanesListShapeWithAnETag()
    {
        using var admin = await app.SignedInAsync();
        using var member = await app.CreateClientAsync("member");
        var version = await ReplaceAsync(admin, """[{"name":"read_me","title":"Read me","entity_type":["defect"],"views":["list"],"url":"https://example.com/?ids={entity_ids}"}]""");
        using var response = await member.GetAsync(Config + "/", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal($"\"{version}\"", response.Headers.ETag?.Tag);
        var body = await response.ReadObjectAsync();
        Assert.Equal(["total_count", "data", "exceeds_total_count"], body.Select(p => p.Key));
        Assert.Equal(1, body["total_count"]!.GetValue<int>());
        Assert.False(body["exceeds_total_count"]!.GetValue<bool>());
        var action = body.Data()[0]!.AsObject();
        Assert.Equal("read_me", action.Text("name"));
        Assert.True(Guid.TryParse(action.Text("guid"), out _));
        Assert.True(action.ContainsKey("bundle_guid"));
        Assert.Null(action["bundle_guid"]);
    }

    [Fact]
    public async Task OnlySpaceAdminsWriteAndReadHistoryAndAnonymousCallersMustSignIn()
    {
        using var anonymous = app.Anonymous();
        using var member = await app.CreateClientAsync("member");
        using var unauthenticated = await anonymous.GetAsync(Config, Cancel);
        await AssertErrorAsync(unauthenticated, HttpStatusCode.Unauthorized, "platform.authentication_required");
        using var put = await member.PutAsync(Config, new StringContent("[]"), Cancel);
        await AssertErrorAsync(put, HttpStatusCode.Forbidden, "platform.forbidden");
        using var history = await member.GetAsync(Config + "/history", Cancel);
        await AssertErrorAsync(history, HttpStatusCode.Forbidden, "platform.forbidden");
        using var restore = await member.PostAsync(Config + "/history/1/restore", null, Cancel);
        await AssertErrorAsync(restore, HttpStatusCode.Forbidden, "platform.forbidden");
    }

    [Fact]
    public async Task AnInvalidConfigurationIsRejectedWithDiagnosticsAndNothingIsStored()
    {
        using var admin = await app.SignedInAsync();
        var before = await CurrentVersionAsync(admin);
        var count = await app.WithDbAsync(db => db.ActionConfigVersions.CountAsync(Cancel));
        using var response = await admin.PutAsync(Config, new StringContent("""
            [
              {"name": "ok", "title": "Fine", "entity_type": ["defect"], "views": ["list"], "url": "https://example.com"},
              {"name": "bad", "entity_type": ["defect"], "views": ["list"], "url": "javascript:alert(1)"}
            ]
            """), Cancel);
        var body = await AssertErrorAsync(response, HttpStatusCode.BadRequest, "external_actions.invalid_configuration");
        var diagnostics = body["diagnostics"]!.AsArray();
        var missingTitle = diagnostics.Single(d => d.Text("code") == "XA1201");
        Assert.Equal("error", missingTitle.Text("severity"));
        Assert.Equal("/1/title", missingTitle.Text("pointer"));
        Assert.Equal(3, missingTitle!["line"]!.GetValue<int>());
        Assert.True(missingTitle["column"]!.GetValue<int>() >= 1);
        Assert.Contains(diagnostics, d => d.Text("code") == "XA1503" && d.Text("pointer") == "/1/url");
        Assert.Equal(before, await CurrentVersionAsync(admin));
        Assert.Equal(count, await app.WithDbAsync(db => db.ActionConfigVersions.CountAsync(Cancel)));

        using var wrapped = await admin.PutAsync(Config, new StringContent("{\"comment\": \"x\",\n \"data\":\n  [{\"name\": \"no_title\"}]}"), Cancel);
        var wrappedBody = await AssertErrorAsync(wrapped, HttpStatusCode.BadRequest, "external_actions.invalid_configuration");
        var wrappedTitle = wrappedBody["diagnostics"]!.AsArray().Single(d => d.Text("code") == "XA1201");
        Assert.Equal(3, wrappedTitle!["line"]!.GetValue<int>());
        Assert.Equal(4, wrappedTitle["column"]!.GetValue<int>());

        using var notJson = await admin.PutAsync(Config, new StringContent("[{"), Cancel);
        var notJsonBody = await AssertErrorAsync(notJson, HttpStatusCode.BadRequest, "external_actions.invalid_configuration");
        Assert.Equal("XA1001", notJsonBody["diagnostics"]![0].Text("code"));
    }

    [Fact]
    public async Task ActionsAreStoredExactlyAsWrittenWithWarningsAndAComment()
    {
        using var admin = await app.SignedInAsync();
        var current = await CurrentVersionAsync(admin);
        const string action = """{"url":"https://example.com/{entity_ids}","views":["list"],"name":"keeps_order","x_custom":{"a":[1,2.50]},"title":"Keeps order","entity_type":["story"]}""";
        using var request = new HttpRequestMessage(HttpMethod.Put, Config + "?comment=first%20cut") { Content = new StringContent($$"""{"data":[{{action}}]}""", null, "text/plain") };
        request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{current}\""));
        using var response = await admin.SendAsync(request, Cancel);
        var body = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(current + 1, body["version"]!.GetValue<int>());
        Assert.Equal($"\"{current + 1}\"", response.Headers.ETag?.Tag);
        Assert.Equal(1, body["total_count"]!.GetValue<int>());
        Assert.Contains(body["diagnostics"]!.AsArray(), d => d.Text("code") == "XA1006" && d.Text("severity") == "warning");
        var stored = body.Data()[0]!.AsObject();
        Assert.Equal(["url", "views", "name", "x_custom", "title", "entity_type", "guid", "bundle_guid"], stored.Select(p => p.Key));
        Assert.Equal("""{"a":[1,2.50]}""", stored["x_custom"]!.ToJsonString());

        var history = await admin.GetObjectAsync(Config + "/history?limit=1");
        var newest = history.Data()[0]!;
        Assert.Equal(current + 1, newest["version"]!.GetValue<int>());
        Assert.Equal("first cut", newest.Text("comment"));
        Assert.Equal("rest", newest.Text("source"));
        Assert.Equal(1, newest["action_count"]!.GetValue<int>());
        Assert.Equal(TrellisApplication.AdminLogin, newest["author"].Text("login"));
        Assert.Equal(history["total_count"]!.GetValue<int>(), current + 1);

        // The same content again (as the GET returned it) stores no version.
        using var again = await admin.PutAsync(Config, new StringContent(body.Data().ToJsonString()), Cancel);
        Assert.Equal(current + 1, (await again.ReadObjectAsync())["version"]!.GetValue<int>());
        Assert.Equal(current + 1, await CurrentVersionAsync(admin));

        Assert.True(await app.WithDbAsync(db => db.AuditLog.AnyAsync(a => a.Action == "external_actions.save" && a.Target == $"external_actions/{current + 1}", Cancel)));
    }

    [Fact]
    public async Task ACommentLongerThan500CharactersIsRefused()
    {
        using var admin = await app.SignedInAsync();
        using var response = await admin.PutAsync($"{Config}?comment={new string('c', 501)}", new StringContent("[]"), Cancel);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "platform.illegal_field_value");
    }

    [Fact]
    public async Task AStaleIfMatchIsAVersionConflict()
    {
        using var admin = await app.SignedInAsync();
        var current = await ReplaceAsync(admin, Single("stale_one", "https://example.com/a"));
        using var stale = await PutAsync(admin, Single("stale_two", "https://example.com/b"), current - 1);
        var body = await AssertErrorAsync(stale, HttpStatusCode.PreconditionFailed, "external_actions.version_conflict");
        Assert.Equal(current.ToString(System.Globalization.CultureInfo.InvariantCulture), body["properties"].Text("current_version"));
        Assert.Equal(current, await CurrentVersionAsync(admin));
    }

    [Fact]
    public async Task AnActionKeepsItsGuidAcrossEditsAndRenames()
    {
        using var admin = await app.SignedInAsync();
        await ReplaceAsync(admin, Single("original", "https://example.com/1"));
        var guid = (await admin.GetObjectAsync(Config)).Data()[0].Text("guid");

        // A case-only rename with no guid matches by name.
        await ReplaceAsync(admin, Single("ORIGINAL", "https://example.com/2"));
        Assert.Equal(guid, (await admin.GetObjectAsync(Config)).Data()[0].Text("guid"));

        // A real rename keeps the guid when the input carries it.
        await ReplaceAsync(admin, $$"""[{"name":"renamed","title":"T","entity_type":["defect"],"views":["list"],"url":"https://example.com/3","guid":"{{guid}}"}]""");
        var renamed = (await admin.GetObjectAsync(Config)).Data()[0]!;
        Assert.Equal("renamed", renamed.Text("name"));
        Assert.Equal(guid, renamed.Text("guid"));

        // A new name without a guid is a new action.
        await ReplaceAsync(admin, Single("another", "https://example.com/4"));
        Assert.NotEqual(guid, (await admin.GetObjectAsync(Config)).Data()[0].Text("guid"));
    }

    [Fact]
    public async Task ABundleStaysWithItsGuidThroughRemovalAndRestore()
    {
        using var admin = await app.SignedInAsync();
        var withBundle = await ReplaceAsync(admin, Single("bundled", "https://example.com/b"));
        var guid = (await admin.GetObjectAsync(Config)).Data()[0].Text("guid")!;
        var bundle = Guid.NewGuid().ToString("D");
        await app.WithDbAsync(async db =>
        {
            var identity = await db.ActionIdentities.SingleAsync(i => i.SharedSpaceId == 1001 && i.Guid == guid, Cancel);
            identity.BundleGuid = bundle;
            return await db.SaveChangesAsync(Cancel);
        });
        Assert.Equal(bundle, (await admin.GetObjectAsync(Config)).Data()[0].Text("bundle_guid"));

        await ReplaceAsync(admin, Single("unbundled", "https://example.com/u"));
        Assert.Null((await admin.GetObjectAsync(Config)).Data()[0]!["bundle_guid"]);
        using var restore = await admin.PostAsync($"{Config}/history/{withBundle}/restore", null, Cancel);
        var restored = (await restore.ReadObjectAsync()).Data()[0]!;
        Assert.Equal(guid, restored.Text("guid"));
        Assert.Equal(bundle, restored.Text("bundle_guid"));
    }

    public static TheoryData<string> OutOfRangePages { get; } = ["limit=0", "limit=1001", "offset=-1"];

    [Theory]
    [MemberData(nameof(OutOfRangePages))]
    public async Task HistoryRefusesLimitsOutOfRange(string query)
    {
        using var admin = await app.SignedInAsync();
        using var response = await admin.GetAsync($"{Config}/history?{query}", Cancel);
        await AssertErrorAsync(response, HttpStatusCode.BadRequest, "platform.invalid_limit");
    }

    [Fact]
    public async Task ConcurrentWritersWithTheSameIfMatchHaveExactlyOneWinner()
    {
        using var admin = await app.SignedInAsync();
        var current = await ReplaceAsync(admin, Single("race_base", "https://example.com/base"));
        const int writers = 6;
        var responses = await Task.WhenAll(Enumerable.Range(0, writers)
            .Select(i => PutAsync(admin, Single($"race_{i}", $"https://example.com/{i}"), current)));
        try
        {
            Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
            Assert.Equal(writers - 1, responses.Count(r => r.StatusCode == HttpStatusCode.PreconditionFailed));
            Assert.Equal(current + 1, await CurrentVersionAsync(admin));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        // Without If-Match every writer gets a version of its own, and the history has them all.
        var unconditional = await Task.WhenAll(Enumerable.Range(0, writers)
            .Select(i => PutAsync(admin, Single($"free_{i}", $"https://example.com/free/{i}"), null)));
        var versions = new List<int>();
        foreach (var response in unconditional)
        {
            using (response)
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                versions.Add((await response.ReadObjectAsync())["version"]!.GetValue<int>());
            }
        }

        Assert.Equal(Enumerable.Range(current + 2, writers), versions.Order());
        var history = await admin.GetObjectAsync($"{Config}/history?limit={writers + 1}");
        Assert.Equal(Enumerable.Range(current + 1, writers + 1).Reverse(), history.Data().Select(v => v!["version"]!.GetValue<int>()));
    }

    [Fact]
    public async Task RestoreSavesAnOldVersionAsANewOne()
    {
        using var admin = await app.SignedInAsync();
        var current = await ReplaceAsync(admin, Single("before_restore", "https://example.com/r"));
        using var restore = await admin.PostAsync($"{Config}/history/1/restore", null, Cancel);
        var body = await restore.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, restore.StatusCode);
        Assert.Equal(current + 1, body["version"]!.GetValue<int>());
        Assert.Equal("search_web", body.Data()[0].Text("name"));
        var original = await admin.GetObjectAsync($"{Config}/history/1");
        Assert.Equal(original.Data()[0].Text("guid"), body.Data()[0].Text("guid"));
        var newest = (await admin.GetObjectAsync($"{Config}/history?limit=1")).Data()[0]!;
        Assert.Equal("restore", newest.Text("source"));
        Assert.Equal(1, newest["restored_from"]!.GetValue<int>());

        using var missing = await admin.PostAsync($"{Config}/history/9999/restore", null, Cancel);
        await AssertErrorAsync(missing, HttpStatusCode.NotFound, "platform.entity_not_found");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{Config}/history/1/restore");
        request.Headers.TryAddWithoutValidation("If-Match", "\"1\"");
        using var stale = await admin.SendAsync(request, Cancel);
        await AssertErrorAsync(stale, HttpStatusCode.PreconditionFailed, "external_actions.version_conflict");
    }

    [Fact]
    public async Task ARestoredVersionIsValidatedAgainstTheCurrentPolicy()
    {
        using var admin = await app.SignedInAsync();
        var mail = await ReplaceAsync(admin, Single("mail_it", "mailto:team@example.com?subject={entity_ids}"));
        await ReplaceAsync(admin, Single("plain", "https://example.com/plain"));
        var parameters = app.Services.GetRequiredService<Trellis.Application.SiteParameters.SiteParameterStore>();
        await parameters.SetAsync("ENTITY_EXTERNAL_ACTIONS_SUPPORTED_PROTOCOLS", "https,http", 1, Cancel);
        try
        {
            using var restore = await admin.PostAsync($"{Config}/history/{mail}/restore", null, Cancel);
            var body = await AssertErrorAsync(restore, HttpStatusCode.BadRequest, "external_actions.invalid_configuration");
            Assert.Contains(body["diagnostics"]!.AsArray(), d => d.Text("code") == "XA1503");
        }
        finally
        {
            await parameters.SetAsync("ENTITY_EXTERNAL_ACTIONS_SUPPORTED_PROTOCOLS", "https,http,mailto", 1, Cancel);
        }
    }

    /// <summary>An Octane error body (docs/reference/rest.md#errors), which on these paths may add <c>diagnostics</c>.</summary>
    internal static async Task<JsonObject> AssertErrorAsync(HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(code, body.Text("error_code"));
        foreach (var key in new[] { "correlation_id", "description", "description_translated", "properties" })
        {
            Assert.True(body.ContainsKey(key), key);
        }

        Assert.Empty(body.Select(p => p.Key).Except(["error_code", "correlation_id", "description", "description_translated", "properties", "diagnostics"]));
        return body;
    }

    internal static string Single(string name, string url) =>
        $$"""[{"name":"{{name}}","title":"T","entity_type":["defect"],"views":["list"],"url":"{{url}}"}]""";

    internal static async Task<int> CurrentVersionAsync(HttpClient admin)
    {
        using var response = await admin.GetAsync(Config, Cancel);
        return int.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Replaces the configuration as the current version's writer and returns the new version.</summary>
    internal static async Task<int> ReplaceAsync(HttpClient admin, string json)
    {
        using var response = await PutAsync(admin, json, await CurrentVersionAsync(admin));
        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"PUT answered {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!["version"]!.GetValue<int>();
    }

    internal static Task<HttpResponseMessage> PutAsync(HttpClient client, string json, int? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, Config) { Content = new StringContent(json) };
        if (ifMatch is { } version)
        {
            request.Headers.TryAddWithoutValidation("If-Match", $"\"{version}\"");
        }

        return client.SendAsync(request, Cancel);
    }
}

public sealed class SqliteActionConfigurationTests(SqliteApplication app) : ActionConfigurationTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresActionConfigurationTests(PostgresApplication app) : ActionConfigurationTests(app), IClassFixture<PostgresApplication>;
