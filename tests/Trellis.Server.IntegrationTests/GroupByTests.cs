using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Trellis.Server.IntegrationTests;

/// <summary>Group by (<c>…/{collection}/groups?group_by=</c>) as the C# SDK sends it and reads the answer.</summary>
public abstract class GroupByTests(TrellisApplication app)
{
    private const string Base = TrellisApplication.Base;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachGroupCountsTheDefectsInThatPhase()
    {
        using var client = await app.SignedInAsync();
        var answer = await client.GetObjectAsync($"{Base}/defects/groups?group_by=phase");
        var defects = await client.GetObjectAsync($"{Base}/defects?fields=phase&limit=5000");
        var expected = defects.Data().GroupBy(d => d!["phase"]!.Text("id")).ToDictionary(g => g.Key!, g => g.Count());

        var groups = answer["groups"]!.AsArray();
        Assert.Equal(expected.Count, answer["groupsTotalCount"]!.GetValue<int>());
        Assert.Equal(expected.Count, groups.Count);
        Assert.All(groups, g => Assert.Equal(expected[g!["value"].Text("id")!], g!["count"]!.GetValue<int>()));
        // Most members first.
        Assert.Equal(groups.Select(g => g!["count"]!.GetValue<int>()).OrderDescending(), groups.Select(g => g!["count"]!.GetValue<int>()));

        var opened = groups.Single(g => g!["value"].Text("logical_name") == "phase.defect.opened")!;
        Assert.Equal(3, opened["count"]!.GetValue<int>());
        Assert.Equal("phase", opened["value"].Text("type"));
        Assert.Equal("Opened", opened["value"].Text("name"));
    }

    [Fact]
    public async Task TheSdksRequestGroupsWorkItemsFilteredByTheQuery()
    {
        using var client = await app.SignedInAsync();
        // As the SDK writes it: work_items/groups?group_by=severity&limit=20&query="(subtype='defect');(…)".
        var query = Uri.EscapeDataString("\"(subtype='defect');(phase={id='phase.defect.opened'})\"");
        var answer = await client.GetObjectAsync($"{Base}/work_items/groups?group_by=severity&limit=20&query={query}");
        var list = await client.GetObjectAsync($"{Base}/work_items?fields=severity&query={query}");

        Assert.Equal(3, answer["groups"]!.AsArray().Sum(g => g!["count"]!.GetValue<int>()));
        var expected = list.Data().GroupBy(d => d!["severity"].Text("logical_name")).OrderBy(g => g.Key).Select(g => (g.Key, g.Count()));
        var actual = answer["groups"]!.AsArray().Select(g => (g!["value"].Text("logical_name"), g!["count"]!.GetValue<int>())).OrderBy(g => g.Item1);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public async Task EntitiesWithoutAValueFormTheNullGroupLast()
    {
        using var client = await app.SignedInAsync();
        var me = await client.GetObjectAsync("/api/current_user");
        var prefix = "Grouped " + Guid.NewGuid().ToString("N")[..8];
        var body = new JsonObject
        {
            ["data"] = new JsonArray(
                new JsonObject { ["name"] = $"{prefix} 1" },
                new JsonObject { ["name"] = $"{prefix} 2" },
                new JsonObject { ["name"] = $"{prefix} 3", ["owner"] = new JsonObject { ["type"] = "workspace_user", ["id"] = me.Text("id") } }),
        };
        using (var created = await client.PostAsync($"{Base}/defects", new StringContent(body.ToJsonString()), Cancel))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        var query = Uri.EscapeDataString($"\"name='{prefix}*'\"");
        var answer = await client.GetObjectAsync($"{Base}/defects/groups?group_by=owner&query={query}");

        Assert.Equal(2, answer["groupsTotalCount"]!.GetValue<int>());
        var groups = answer["groups"]!.AsArray();
        Assert.Equal(1, groups[0]!["count"]!.GetValue<int>());
        Assert.Equal("workspace_user", groups[0]!["value"].Text("type"));
        Assert.Equal(me.Text("id"), groups[0]!["value"].Text("id"));
        Assert.Equal(2, groups[1]!["count"]!.GetValue<int>());
        Assert.Null(groups[1]!["value"]);
        Assert.Equal(TrellisApplication.AdminLogin, groups[0]!["value"].Text("name"));
    }

    [Fact]
    public async Task NumericIdsWhenTheClientAsksForThem()
    {
        using var client = await app.SignedInAsync();
        var answer = await client.GetObjectAsync($"{Base}/defects/groups?group_by=severity&use_numeric_id=true");
        var plain = await client.GetObjectAsync($"{Base}/defects/groups?group_by=severity");

        var id = answer["groups"]![0]!["value"]!["id"]!;
        Assert.Equal(JsonValueKind.Number, id.GetValueKind());
        Assert.Equal(JsonValueKind.String, plain["groups"]![0]!["value"]!["id"]!.GetValueKind());
        Assert.Equal(plain["groups"]![0]!["value"].Text("id"), id.GetValue<long>().ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "defects/groups", "platform.missing_required_field" },
        { "defects/groups?group_by=colour", "platform.unknown_field" },
        { "defects/groups?group_by=name", "platform.unknown_field" },
        { "defects/groups?group_by=environment", "platform.unknown_field" },
        { "defects/groups?group_by=phase&group_by=owner", "platform.unknown_field" },
        { "defects/groups?group_by=phase&query=%22name%20EQ%22", "platform.query_syntax_error" },
        { "workspace_users/groups?group_by=name", "platform.unknown_field" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task ABadGroupRequestSaysWhatIsWrong(string path, string code)
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync($"{Base}/{path}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task AnUnknownCollectionHasNoGroups()
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync($"{Base}/unicorns/groups?group_by=phase", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.NotFound, "platform.unknown_entity_type");
    }
}

public sealed class SqliteGroupByTests(SqliteApplication app) : GroupByTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresGroupByTests(PostgresApplication app) : GroupByTests(app), IClassFixture<PostgresApplication>;
