using System.Net;
using System.Text.Json.Nodes;

namespace Trellis.Server.IntegrationTests;

/// <summary>Releases with a sprint duration get their sprints, and teams take their members and releases, as the C# SDK writes them.</summary>
public abstract class ReleaseAndTeamTests(TrellisApplication app)
{
    private const string Base = TrellisApplication.Base;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static async Task<(HttpStatusCode Status, JsonObject Body)> PostAsync(HttpClient client, string collection, JsonObject item)
    {
        var body = new JsonObject { ["data"] = new JsonArray(item) };
        using var response = await client.PostAsync($"{Base}/{collection}", new StringContent(body.ToJsonString()), Cancel);
        return (response.StatusCode, await response.ReadObjectAsync());
    }

    [Fact]
    public async Task AReleaseWithASprintDurationGetsItsSprintsBackToBack()
    {
        using var client = await app.SignedInAsync();
        var (status, created) = await PostAsync(client, "releases", new JsonObject
        {
            ["name"] = "Release " + Guid.NewGuid().ToString("N")[..8],
            ["start_date"] = "2026-03-01T00:00:00Z",
            ["end_date"] = "2026-03-31T00:00:00Z",
            ["sprint_duration"] = 14,
        });

        Assert.Equal(HttpStatusCode.Created, status);
        var release = created.Data()[0]!;
        Assert.Equal(14, release["sprint_duration"]!.GetValue<int>());
        Assert.Equal(3, release["num_of_sprints"]!.GetValue<int>());

        var query = Uri.EscapeDataString($"\"release={{id={release.Text("id")}}}\"");
        var sprints = await client.GetObjectAsync($"{Base}/sprints?fields=name,start_date,end_date,release&order_by=start_date&query={query}");
        Assert.Equal(["Sprint 1", "Sprint 2", "Sprint 3"], sprints.Data().Select(s => s.Text("name")));
        Assert.Equal(["2026-03-01T00:00:00Z", "2026-03-15T00:00:00Z", "2026-03-29T00:00:00Z"], sprints.Data().Select(s => s.Text("start_date")));
        Assert.Equal(["2026-03-14T00:00:00Z", "2026-03-28T00:00:00Z", "2026-03-31T00:00:00Z"], sprints.Data().Select(s => s.Text("end_date")));
        Assert.All(sprints.Data(), s => Assert.Equal(release.Text("id"), s!["release"].Text("id")));
    }

    [Fact]
    public async Task AReleaseWithoutASprintDurationHasNoSprints()
    {
        using var client = await app.SignedInAsync();
        var (status, created) = await PostAsync(client, "releases", new JsonObject
        {
            ["name"] = "Release " + Guid.NewGuid().ToString("N")[..8],
            ["start_date"] = "2026-03-01T00:00:00Z",
            ["end_date"] = "2026-03-31T00:00:00Z",
        });

        Assert.Equal(HttpStatusCode.Created, status);
        var query = Uri.EscapeDataString($"\"release={{id={created.Data()[0].Text("id")}}}\"");
        Assert.Equal(0, (await client.GetObjectAsync($"{Base}/sprints?query={query}"))["total_count"]!.GetValue<int>());
    }

    public static TheoryData<int, string?, string?> BadSprintPlans => new()
    {
        { 0, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z" },
        { 400, "2026-03-01T00:00:00Z", "2026-03-31T00:00:00Z" },
        { 7, null, "2026-03-31T00:00:00Z" },
        { 7, "2026-03-31T00:00:00Z", "2026-03-01T00:00:00Z" },
        { 1, "2026-01-01T00:00:00Z", "2030-01-01T00:00:00Z" },
    };

    [Theory]
    [MemberData(nameof(BadSprintPlans))]
    public async Task ASprintPlanThatMakesNoSenseIsRefusedAndNothingIsMade(int duration, string? start, string? end)
    {
        using var client = await app.SignedInAsync();
        var name = "Release " + Guid.NewGuid().ToString("N")[..8];
        var (status, body) = await PostAsync(client, "releases", new JsonObject
        {
            ["name"] = name,
            ["start_date"] = start,
            ["end_date"] = end,
            ["sprint_duration"] = duration,
        });

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("platform.illegal_field_value", body.Text("error_code"));
        var query = Uri.EscapeDataString($"\"name='{name}'\"");
        Assert.Equal(0, (await client.GetObjectAsync($"{Base}/releases?query={query}"))["total_count"]!.GetValue<int>());
    }

    public static TheoryData<string, HttpStatusCode> SprintCounts => new()
    {
        { "3", HttpStatusCode.Created },
        { "2", HttpStatusCode.BadRequest },
        { "-1", HttpStatusCode.BadRequest },
        { "\"three\"", HttpStatusCode.BadRequest },
    };

    [Theory]
    [MemberData(nameof(SprintCounts))]
    public async Task AReleaseAcceptsTheNumberOfSprintsItsDatesMake_AndRefusesAnother(string count, HttpStatusCode expected)
    {
        // The C# SDK's Release carries num_of_sprints beside sprint_duration.
        using var client = await app.SignedInAsync();
        var name = "Release " + Guid.NewGuid().ToString("N")[..8];
        var (status, body) = await PostAsync(client, "releases", new JsonObject
        {
            ["name"] = name,
            ["start_date"] = "2026-03-01T00:00:00Z",
            ["end_date"] = "2026-03-31T00:00:00Z",
            ["sprint_duration"] = 14,
            ["num_of_sprints"] = JsonNode.Parse(count),
        });

        Assert.Equal(expected, status);
        var releases = await client.GetObjectAsync($"{Base}/releases?fields=num_of_sprints&query={Uri.EscapeDataString($"\"name='{name}'\"")}");
        if (expected == HttpStatusCode.Created)
        {
            Assert.Equal(3, body.Data()[0]!["num_of_sprints"]!.GetValue<int>());
            var query = Uri.EscapeDataString($"\"release={{id={body.Data()[0].Text("id")}}}\"");
            Assert.Equal(3, (await client.GetObjectAsync($"{Base}/sprints?query={query}"))["total_count"]!.GetValue<int>());
            return;
        }

        Assert.Equal("platform.illegal_field_value", body.Text("error_code"));
        Assert.Contains("num_of_sprints", body.Text("description"), StringComparison.Ordinal);
        Assert.Equal(0, releases["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ATeamTakesItsMembersAndReleases()
    {
        using var client = await app.SignedInAsync();
        var me = await client.GetObjectAsync("/api/current_user");
        var release = (await client.GetObjectAsync($"{Base}/releases?fields=name&limit=1&order_by=id")).Data()[0]!;
        var (status, created) = await PostAsync(client, "teams", new JsonObject
        {
            ["name"] = "Team " + Guid.NewGuid().ToString("N")[..8],
            ["number_of_members"] = 1,
            ["team_members"] = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["type"] = "workspace_user", ["id"] = me.Text("id") }) },
            ["releases"] = new JsonObject { ["data"] = new JsonArray(new JsonObject { ["type"] = "release", ["id"] = release.Text("id") }) },
        });

        Assert.Equal(HttpStatusCode.Created, status);
        var team = await client.GetObjectAsync($"{Base}/teams/{created.Data()[0].Text("id")}?fields=number_of_members,team_members,releases");
        Assert.Equal(1, team["number_of_members"]!.GetValue<int>());
        Assert.Equal(me.Text("id"), team["team_members"]!["data"]![0].Text("id"));
        Assert.Equal(release.Text("id"), team["releases"]!["data"]![0].Text("id"));
        Assert.Equal(release.Text("name"), team["releases"]!["data"]![0].Text("name"));
    }
}

public sealed class SqliteReleaseAndTeamTests(SqliteApplication app) : ReleaseAndTeamTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresReleaseAndTeamTests(PostgresApplication app) : ReleaseAndTeamTests(app), IClassFixture<PostgresApplication>;
