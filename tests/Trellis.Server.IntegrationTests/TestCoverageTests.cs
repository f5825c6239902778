using System.Net;
using System.Text.Json.Nodes;

namespace Trellis.Server.IntegrationTests;

/// <summary>A work item's <c>test</c> coverage, written with <c>reference_update_mode=append</c> as the C# SDK's coverage test does.</summary>
public abstract class TestCoverageTests(TrellisApplication app)
{
    private const string Base = TrellisApplication.Base;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Query(string query) => Uri.EscapeDataString("\"" + query + "\"");

    private static JsonObject Tests(params string[] ids) =>
        new() { ["data"] = new JsonArray([.. ids.Select(id => (JsonNode)new JsonObject { ["type"] = "test", ["id"] = id })]) };

    private static async Task<List<string>> CreateManualTestsAsync(HttpClient client, int count)
    {
        var items = new JsonArray([.. Enumerable.Range(1, count).Select(i => (JsonNode)new JsonObject { ["name"] = $"Coverage test {Guid.NewGuid():N}" })]);
        using var response = await client.PostAsync($"{Base}/manual_tests", new StringContent(new JsonObject { ["data"] = items }.ToJsonString()), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return [.. (await response.ReadObjectAsync()).Data().Select(t => t.Text("id")!)];
    }

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PutAsync(HttpClient client, string url, JsonObject body)
    {
        using var response = await client.PutAsync(url, new StringContent(body.ToJsonString()), Cancel);
        return (response.StatusCode, await response.ReadObjectAsync());
    }

    private static async Task<List<string>> CoveringAsync(HttpClient client, string workItem) =>
        [.. (await client.GetObjectAsync($"{Base}/tests?fields=name&query={Query($"covered_content={{id={workItem}}}")}")).Data().Select(t => t.Text("id")!).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task AppendAddsTestsToADefectsCoverageAsTheSdkDoes()
    {
        using var client = await app.SignedInAsync();
        var tests = await CreateManualTestsAsync(client, 3);
        var defect = (await client.CreateDefectsAsync("Covered defect"))[0];

        var (status, _) = await PutAsync(client, $"{Base}/defects/{defect}?reference_update_mode=append",
            new JsonObject { ["id"] = defect, ["test"] = Tests(tests[0]) });
        Assert.Equal(HttpStatusCode.OK, status);
        (status, var updated) = await PutAsync(client, $"{Base}/defects/{defect}?reference_update_mode=append&fields=test",
            new JsonObject { ["id"] = defect, ["test"] = Tests(tests[2]) });

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([tests[0], tests[2]], await CoveringAsync(client, defect));
        Assert.Equal([tests[0], tests[2]], updated["test"]!["data"]!.AsArray().Select(t => t.Text("id")));
        Assert.Equal(2, updated["test"]!["total_count"]!.GetValue<int>());
        Assert.Equal("test_manual", updated["test"]!["data"]![0].Text("type"));
    }

    [Fact]
    public async Task WithoutAppendTheListReplacesTheCoverage()
    {
        using var client = await app.SignedInAsync();
        var tests = await CreateManualTestsAsync(client, 3);
        var defect = (await client.CreateDefectsAsync("Replaced coverage"))[0];
        await PutAsync(client, $"{Base}/defects/{defect}", new JsonObject { ["test"] = Tests(tests[0], tests[1]) });

        var (status, _) = await PutAsync(client, $"{Base}/defects/{defect}?reference_update_mode=replace", new JsonObject { ["test"] = Tests(tests[1], tests[2]) });
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([tests[1], tests[2]], await CoveringAsync(client, defect));

        await PutAsync(client, $"{Base}/defects/{defect}", new JsonObject { ["test"] = Tests() });
        Assert.Empty(await CoveringAsync(client, defect));
    }

    [Fact]
    public async Task ATestsCoveredContentIsTheSameLinkSeenFromTheOtherSide()
    {
        using var client = await app.SignedInAsync();
        var test = (await CreateManualTestsAsync(client, 1))[0];
        var stories = await client.GetObjectAsync($"{Base}/stories?fields=name&order_by=id&limit=2");
        var story = stories.Data()[0].Text("id")!;
        var other = stories.Data()[1].Text("id")!;
        await PutAsync(client, $"{Base}/manual_tests/{test}", new JsonObject
        {
            ["covered_content"] = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["type"] = "work_item", ["id"] = other }) },
        });

        // Appending the story's coverage keeps what the test covered before.
        await PutAsync(client, $"{Base}/stories/{story}?reference_update_mode=append", new JsonObject { ["test"] = Tests(test) });
        var read = await client.GetObjectAsync($"{Base}/manual_tests/{test}?fields=covered_content");
        var fromStory = await client.GetObjectAsync($"{Base}/work_items?fields=test&query={Query($"id={story}")}");

        Assert.Equal(new[] { other, story }.Order(StringComparer.Ordinal), read["covered_content"]!["data"]!.AsArray().Select(w => w.Text("id")).Order(StringComparer.Ordinal));
        Assert.Contains(test, fromStory.Data()[0]!["test"]!["data"]!.AsArray().Select(t => t.Text("id")));
    }

    [Fact]
    public async Task ADefectCreatedWithTestsIsCoveredByThem()
    {
        using var client = await app.SignedInAsync();
        var tests = await CreateManualTestsAsync(client, 2);
        var body = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["name"] = "Born covered", ["test"] = Tests(tests[0], tests[1]) }) };
        using var response = await client.PostAsync($"{Base}/defects?fields=test", new StringContent(body.ToJsonString()), Cancel);
        var created = await response.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var defect = created.Data()[0].Text("id")!;
        Assert.Equal(tests.Order(StringComparer.Ordinal), await CoveringAsync(client, defect));
        Assert.Equal(2, created.Data()[0]!["test"]!["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task AppendAddsToAnyMultiReference()
    {
        using var client = await app.SignedInAsync();
        var areas = await client.GetObjectAsync($"{Base}/product_areas?fields=name&order_by=id&limit=2");
        var (first, second) = (areas.Data()[0].Text("id")!, areas.Data()[1].Text("id")!);
        var defect = (await client.CreateDefectsAsync("Two areas"))[0];
        JsonObject Areas(string id) => new() { ["product_areas"] = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["type"] = "product_area", ["id"] = id }) } };

        await PutAsync(client, $"{Base}/defects/{defect}", Areas(first));
        var (_, appended) = await PutAsync(client, $"{Base}/defects/{defect}?reference_update_mode=append&fields=product_areas", Areas(second));
        var (_, replaced) = await PutAsync(client, $"{Base}/defects/{defect}?fields=product_areas", Areas(second));

        Assert.Equal([first, second], appended["product_areas"]!["data"]!.AsArray().Select(a => a.Text("id")));
        Assert.Equal([second], replaced["product_areas"]!["data"]!.AsArray().Select(a => a.Text("id")));
    }

    [Theory]
    [InlineData("reference_update_mode=merge", "platform.illegal_field_value")]
    [InlineData("reference_update_mode=append&reference_update_mode=replace", "platform.illegal_field_value")]
    public async Task AnUnknownUpdateModeIsRefused(string parameters, string code)
    {
        using var client = await app.SignedInAsync();
        var defect = (await client.CreateDefectsAsync("Bad mode"))[0];
        var (status, body) = await PutAsync(client, $"{Base}/defects/{defect}?{parameters}", new JsonObject { ["name"] = "Still bad" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(code, body.Text("error_code"));
        Assert.Contains("reference_update_mode", body.Text("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CoverageNamesOnlyTests()
    {
        using var client = await app.SignedInAsync();
        var defects = await client.CreateDefectsAsync("Covered by a defect?", "Not a test");
        var (status, body) = await PutAsync(client, $"{Base}/defects/{defects[0]}", new JsonObject
        {
            ["test"] = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["type"] = "defect", ["id"] = defects[1] }) },
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("platform.illegal_field_value", body.Text("error_code"));
    }
}

public sealed class SqliteTestCoverageTests(SqliteApplication app) : TestCoverageTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresTestCoverageTests(PostgresApplication app) : TestCoverageTests(app), IClassFixture<PostgresApplication>;
