using System.Net;
using System.Text.Json.Nodes;

namespace Trellis.Server.IntegrationTests;

/// <summary>Source control as the public create-branch external-action app calls it after its launch.</summary>
public abstract class SourceControlTests(TrellisApplication app)
{
    private const string Base = TrellisApplication.Base;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static string Query(string query) => Uri.EscapeDataString("\"" + query + "\"");

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string collection, JsonObject item)
    {
        var body = new JsonObject { ["data"] = new JsonArray(item) };
        using var response = await client.PostAsync($"{Base}/{collection}", new StringContent(body.ToJsonString()), Cancel);
        return (response.StatusCode, await response.ReadObjectAsync());
    }

    [Fact]
    public async Task TheCreateBranchAppMakesABranchForAStoryAndTheStoryShowsIt()
    {
        using var client = await app.SignedInAsync();
        var story = (await client.GetObjectAsync($"{Base}/stories?fields=name&order_by=id&limit=1")).Data()[0]!;
        var repoUrl = $"https://github.com/example/{Guid.NewGuid():N}.git";

        // 1. The branch pattern of the story's type names the branch.
        var patterns = await client.GetObjectAsync($"{Base}/scm_commit_patterns?fields=pattern,entity_type,applies_to&query=" +
            Query("(entity_type EQ {(id EQ 'list_node.scm_commit_pattern_entity_type.user_story')};applies_to EQ {(id EQ 'list_node.commit_pattern.applies_to.branch')})"));
        var pattern = Assert.Single(patterns.Data())!;
        Assert.Equal(@"us_(\d+)", pattern.Text("pattern"));
        Assert.Equal("User story", pattern["entity_type"].Text("name"));

        // 2. The repository root is looked up by its URL and, the first time, created.
        var roots = await client.GetObjectAsync($"{Base}/scm_repository_roots?query={Query($"(url EQ '{repoUrl}')")}");
        Assert.Equal(0, roots["total_count"]!.GetValue<int>());
        var (rootStatus, rootBody) = await PostAsync(client, "scm_repository_roots", new JsonObject { ["name"] = repoUrl, ["url"] = repoUrl, ["scm_type"] = 2 });
        Assert.Equal(HttpStatusCode.Created, rootStatus);
        var root = rootBody.Data()[0]!;
        Assert.Equal("scm_repository_root", root.Text("type"));
        roots = await client.GetObjectAsync($"{Base}/scm_repository_roots?query={Query($"(url EQ '{repoUrl}')")}");
        Assert.Equal(root.Text("id"), Assert.Single(roots.Data()).Text("id"));

        // 3. The branch, in that repository (the app passes the root entity as it received it), then linked to the story
        //    through the CI analytics path, appending to the story's branches as the app asks.
        var branchName = $"us_{story.Text("id")}-Sign_in";
        var (branchStatus, branchBody) = await PostAsync(client, "scm_repositories", new JsonObject { ["name"] = branchName, ["repository"] = root.DeepClone() });
        Assert.Equal(HttpStatusCode.Created, branchStatus);
        var branch = branchBody.Data()[0]!.Text("id");
        var link = new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject
            {
                ["scm_branches"] = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["id"] = branch, ["type"] = "scm_repository" }) },
                ["id"] = story.Text("id"),
            }),
        };
        using (var linked = await client.PutAsync($"{Base}/analytics/ci/link-stories-to-branch?reference-update-mode=append", new StringContent(link.ToJsonString()), Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        }

        // 4. The story shows its branch, and the branch its repository and story.
        var shown = await client.GetObjectAsync($"{Base}/stories/{story.Text("id")}?fields=name,scm_branches");
        var shownBranch = Assert.Single(shown["scm_branches"]!["data"]!.AsArray());
        Assert.Equal((branch, "scm_repository", branchName), (shownBranch.Text("id"), shownBranch.Text("type"), shownBranch.Text("name")));
        var read = await client.GetObjectAsync($"{Base}/scm_repositories?fields=name,repository,work_items&query={Query($"work_items={{id={story.Text("id")}}}")}");
        var found = Assert.Single(read.Data(), b => b.Text("id") == branch)!;
        Assert.Equal(root.Text("id"), found["repository"].Text("id"));
    }

    [Fact]
    public async Task AStoryTakesBranchesFromItsOwnSide()
    {
        using var client = await app.SignedInAsync();
        var story = (await client.GetObjectAsync($"{Base}/stories?fields=name&order_by=-id&limit=1")).Data()[0].Text("id")!;
        var (_, rootBody) = await PostAsync(client, "scm_repository_roots", new JsonObject { ["name"] = "r", ["url"] = "https://git.example/r.git", ["scm_type"] = 2 });
        var root = rootBody.Data()[0].Text("id")!;
        var branches = new List<string>();
        foreach (var name in new[] { "one", "two" })
        {
            var (_, created) = await PostAsync(client, "scm_repositories", new JsonObject { ["name"] = name, ["repository"] = new JsonObject { ["type"] = "scm_repository_root", ["id"] = root } });
            branches.Add(created.Data()[0].Text("id")!);
        }

        JsonObject Branch(string id) => new() { ["scm_branches"] = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["type"] = "scm_repository", ["id"] = id }) } };
        using (await client.PutAsync($"{Base}/stories/{story}", new StringContent(Branch(branches[0]).ToJsonString()), Cancel))
        {
        }

        using var appended = await client.PutAsync($"{Base}/stories/{story}?reference_update_mode=append&fields=scm_branches", new StringContent(Branch(branches[1]).ToJsonString()), Cancel);
        var body = await appended.ReadObjectAsync();

        Assert.Equal(HttpStatusCode.OK, appended.StatusCode);
        Assert.Equal(branches, body["scm_branches"]!["data"]!.AsArray().Select(b => b.Text("id")));
        var second = await client.GetObjectAsync($"{Base}/scm_repositories/{branches[1]}?fields=work_items");
        Assert.Equal(story, Assert.Single(second["work_items"]!["data"]!.AsArray()).Text("id"));
    }

    [Fact]
    public async Task TheAnalyticsLinkAppendsToTheBranchesAStoryHas_AndRefusesAnUnknownMode()
    {
        using var client = await app.SignedInAsync();
        var story = (await client.GetObjectAsync($"{Base}/stories?fields=name&order_by=-id&limit=1")).Data()[0].Text("id")!;
        var (_, rootBody) = await PostAsync(client, "scm_repository_roots", new JsonObject { ["name"] = "a", ["url"] = $"https://git.example/{Guid.NewGuid():N}.git", ["scm_type"] = 2 });
        var root = new JsonObject { ["type"] = "scm_repository_root", ["id"] = rootBody.Data()[0].Text("id") };
        var branches = new List<string>();
        foreach (var name in new[] { "first", "second" })
        {
            var (_, created) = await PostAsync(client, "scm_repositories", new JsonObject { ["name"] = name, ["repository"] = root.DeepClone() });
            branches.Add(created.Data()[0].Text("id")!);
        }

        string Link(string branch) => new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject
            {
                ["id"] = story,
                ["scm_branches"] = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["type"] = "scm_repository", ["id"] = branch }) },
            }),
        }.ToJsonString();
        foreach (var branch in branches)
        {
            using var linked = await client.PutAsync($"{Base}/analytics/ci/link-stories-to-branch?reference-update-mode=append", new StringContent(Link(branch)), Cancel);
            Assert.Equal(HttpStatusCode.OK, linked.StatusCode);
        }

        var shown = await client.GetObjectAsync($"{Base}/stories/{story}?fields=scm_branches");
        Assert.Equal(branches, shown["scm_branches"]!["data"]!.AsArray().Select(b => b.Text("id")).Where(id => id is not null && branches.Contains(id)));

        using var badMode = await client.PutAsync($"{Base}/analytics/ci/link-stories-to-branch?reference-update-mode=merge", new StringContent(Link(branches[0])), Cancel);
        var error = await badMode.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.BadRequest, badMode.StatusCode);
        Assert.Equal("platform.illegal_field_value", error.Text("error_code"));
        Assert.Contains("reference-update-mode", error.Text("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABranchNeedsARepository()
    {
        using var client = await app.SignedInAsync();
        var (status, body) = await PostAsync(client, "scm_repositories", new JsonObject { ["name"] = "orphan" });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("platform.missing_required_field", body.Text("error_code"));
        Assert.Contains("repository", body.Text("description"), StringComparison.Ordinal);
    }
}

public sealed class SqliteSourceControlTests(SqliteApplication app) : SourceControlTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresSourceControlTests(PostgresApplication app) : SourceControlTests(app), IClassFixture<PostgresApplication>;
