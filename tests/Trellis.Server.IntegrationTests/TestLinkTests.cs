using System.Net;
using System.Text.Json.Nodes;

namespace Trellis.Server.IntegrationTests;

/// <summary>A suite's tests, a test's versions and a Gherkin test's covered manual test, as clients write and read them.</summary>
public abstract class TestLinkTests(TrellisApplication app)
{
    private const string Base = TrellisApplication.Base;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static JsonObject Ref(string type, string id) => new() { ["type"] = type, ["id"] = id };

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string collection, JsonObject item)
    {
        var body = new JsonObject { ["data"] = new JsonArray(item) };
        using var response = await client.PostAsync($"{Base}/{collection}", new StringContent(body.ToJsonString()), Cancel);
        return (response.StatusCode, await response.ReadObjectAsync());
    }

    private static async Task<string> FirstIdAsync(HttpClient client, string collection) =>
        (await client.GetObjectAsync($"{Base}/{collection}?fields=name&order_by=id&limit=1")).Data()[0].Text("id")!;

    [Fact]
    public async Task ASuiteLinksToItsTestsAndIsFoundByThem()
    {
        using var client = await app.SignedInAsync();
        var suite = await FirstIdAsync(client, "test_suites");
        var test = await FirstIdAsync(client, "manual_tests");

        var (status, created) = await PostAsync(client, "test_suite_link_to_tests",
            new JsonObject { ["test_suite"] = Ref("test_suite", suite), ["test"] = Ref("test_manual", test), ["execution_order"] = 1 });
        Assert.Equal(HttpStatusCode.Created, status);

        var query = Uri.EscapeDataString($"\"test_suite={{id={suite}}}\"");
        var links = await client.GetObjectAsync($"{Base}/test_suite_link_to_tests?fields=test,test_suite,execution_order&query={query}");
        var link = links.Data().Single(l => l.Text("id") == created.Data()[0].Text("id"))!;
        Assert.Equal(test, link["test"].Text("id"));
        Assert.Equal("test_manual", link["test"].Text("type"));
        Assert.Equal(1, link["execution_order"]!.GetValue<int>());
    }

    [Fact]
    public async Task ALinkNeedsASuiteAndATest()
    {
        using var client = await app.SignedInAsync();
        var defect = await FirstIdAsync(client, "defects");
        var test = await FirstIdAsync(client, "manual_tests");

        var (wrongType, wrongBody) = await PostAsync(client, "test_suite_link_to_tests", new JsonObject { ["test_suite"] = Ref("defect", defect), ["test"] = Ref("test_manual", test) });
        var (missing, missingBody) = await PostAsync(client, "test_suite_link_to_tests", new JsonObject { ["test"] = Ref("test_manual", test) });

        Assert.Equal(HttpStatusCode.BadRequest, wrongType);
        Assert.Equal("platform.illegal_field_value", wrongBody.Text("error_code"));
        Assert.Equal(HttpStatusCode.BadRequest, missing);
        Assert.Equal("platform.missing_required_field", missingBody.Text("error_code"));
    }

    [Fact]
    public async Task ATestHasVersions()
    {
        using var client = await app.SignedInAsync();
        var test = await FirstIdAsync(client, "manual_tests");
        var (status, _) = await PostAsync(client, "test_versions", new JsonObject { ["test"] = Ref("test_manual", test), ["description"] = "<p>Second draft</p>" });
        Assert.Equal(HttpStatusCode.Created, status);

        var query = Uri.EscapeDataString($"\"test={{id={test}}}\"");
        var versions = await client.GetObjectAsync($"{Base}/test_versions?fields=test,description&query={query}");
        Assert.Contains(versions.Data(), v => v.Text("description") == "<p>Second draft</p>" && v!["test"].Text("id") == test);
    }

    [Fact]
    public async Task AGherkinTestNamesTheManualTestItCovers()
    {
        using var client = await app.SignedInAsync();
        var manual = await FirstIdAsync(client, "manual_tests");
        var (status, created) = await PostAsync(client, "gherkin_tests",
            new JsonObject { ["name"] = "Sign-in scenarios", ["covered_manual_test"] = Ref("test_manual", manual) });
        Assert.Equal(HttpStatusCode.Created, status);

        var gherkin = await client.GetObjectAsync($"{Base}/gherkin_tests/{created.Data()[0].Text("id")}?fields=covered_manual_test");
        Assert.Equal(manual, gherkin["covered_manual_test"].Text("id"));
    }
}

public sealed class SqliteTestLinkTests(SqliteApplication app) : TestLinkTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresTestLinkTests(PostgresApplication app) : TestLinkTests(app), IClassFixture<PostgresApplication>;
