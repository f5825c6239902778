using System.Net;
using System.Text.Json.Nodes;

namespace Trellis.Server.IntegrationTests;

/// <summary>Commit-message validation as Octane's IDE plugins and SDKs call it, and Octane's error JSON on the internal API.</summary>
public abstract class CommitPatternTests(TrellisApplication app)
{
    private const string Validate = "/internal-api/shared_spaces/1001/workspaces/1002/ali/validateCommitPattern";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<string> CreateAsync(HttpClient client, string collection, string name)
    {
        var body = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["name"] = name }) };
        using var response = await client.PostAsync($"{TrellisApplication.Base}/{collection}", new StringContent(body.ToJsonString()), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync()).Data()[0].Text("id")!;
    }

    [Fact]
    public async Task AMessageNamesTheWorkItemsOfEachPattern()
    {
        using var client = await app.SignedInAsync();
        var defect = await CreateAsync(client, "defects", "Named in a commit");
        var story = await CreateAsync(client, "stories", "Named in a commit");
        var quality = await CreateAsync(client, "quality_stories", "Named in a commit");

        // The IDE plugin's own message ("user story #<id>: task #<id>") and the other two patterns, one with an id that is not there.
        var comment = $"user story #{story}: task #42\nFixes Defect #{defect} and quality story # {quality}; defect #{story} is a story";
        var answer = await client.GetObjectAsync($"{Validate}?comment={Uri.EscapeDataString(comment)}");

        Assert.Equal([long.Parse(story, System.Globalization.CultureInfo.InvariantCulture)], answer["story"]!.AsArray().Select(n => n!.GetValue<long>()));
        Assert.Equal([long.Parse(defect, System.Globalization.CultureInfo.InvariantCulture)], answer["defect"]!.AsArray().Select(n => n!.GetValue<long>()));
        Assert.Equal([long.Parse(quality, System.Globalization.CultureInfo.InvariantCulture)], answer["quality_story"]!.AsArray().Select(n => n!.GetValue<long>()));
    }

    [Fact]
    public async Task TheWorkspacesOwnCommitPatternsDecide()
    {
        using var client = await app.SignedInAsync();
        var defect = await CreateAsync(client, "defects", "Named by a pattern of our own");
        JsonObject Pattern(string pattern, string appliesTo) => new()
        {
            ["pattern"] = pattern,
            ["entity_type"] = new JsonObject { ["type"] = "list_node", ["id"] = "list_node.scm_commit_pattern_entity_type.defect" },
            ["applies_to"] = new JsonObject { ["type"] = "list_node", ["id"] = $"list_node.commit_pattern.applies_to.{appliesTo}" },
        };
        var body = new JsonObject { ["data"] = new JsonArray(Pattern(@"\bfixes\s+(\d+)", "commit"), Pattern("(unclosed", "commit"), Pattern(@"closes\s+(\d+)", "branch")) };
        using (var created = await client.PostAsync($"{TrellisApplication.Base}/scm_commit_patterns", new StringContent(body.ToJsonString()), Cancel))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // A pattern that does not compile names nothing; a branch pattern is not read in commit messages.
        var answer = await client.GetObjectAsync($"{Validate}?comment={Uri.EscapeDataString($"FIXES {defect}, closes {defect}")}");
        var onlyBranch = await client.GetObjectAsync($"{Validate}?comment={Uri.EscapeDataString($"closes {defect}")}");

        Assert.Equal([long.Parse(defect, System.Globalization.CultureInfo.InvariantCulture)], answer["defect"]!.AsArray().Select(n => n!.GetValue<long>()));
        Assert.Empty(onlyBranch["defect"]!.AsArray());
    }

    [Fact]
    public async Task AMessageWithoutAPatternNamesNothing()
    {
        using var client = await app.SignedInAsync();
        var answer = await client.GetObjectAsync($"{Validate}?comment={Uri.EscapeDataString("Refactor the login page")}");
        Assert.Equal("""{"story":[],"defect":[],"quality_story":[]}""", answer.ToJsonString());
    }

    [Fact]
    public async Task ErrorsUnderTheInternalApiAreOctaneErrorJson()
    {
        using var anonymous = app.Anonymous();
        using (var response = await anonymous.GetAsync($"{Validate}?comment=x", Cancel))
        {
            await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.Unauthorized, "platform.authentication_required");
        }

        using var client = await app.SignedInAsync();
        using (var response = await client.GetAsync("/internal-api/shared_spaces/1001/workspaces/1002/no_such_thing", Cancel))
        {
            await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.NotFound, "platform.entity_not_found");
        }

        using (var response = await client.GetAsync("/internal-api/shared_spaces/1001/workspaces/987654/ali/validateCommitPattern?comment=x", Cancel))
        {
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            Assert.NotNull((await response.ReadObjectAsync()).Text("error_code"));
            Assert.False(response.IsSuccessStatusCode);
        }
    }
}

public sealed class SqliteCommitPatternTests(SqliteApplication app) : CommitPatternTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresCommitPatternTests(PostgresApplication app) : CommitPatternTests(app), IClassFixture<PostgresApplication>;
