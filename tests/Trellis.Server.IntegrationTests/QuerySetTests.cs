using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Application.Entities;
using Trellis.Data.Sql;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// Sets of ids (docs/reference/rest.md#query-language): <c>id IN …</c>, <c>id=a||id=b…</c> and the same over references and
/// multi-references compile to one set parameter; they must answer exactly what comparing each value answers, at
/// any size, and refuse a value that is not an id as before. <c>&lt;Name&gt;</c> stands for the id of that work item.
/// </summary>
public abstract partial class QuerySetTests(TrellisApplication app)
{
    private const string Base = TrellisApplication.Base;

    private static readonly string[] AllDefects =
    [
        "Login fails with a plus sign in the e-mail", "Reset link expires too early", "Report totals off by one cent",
        "CSV export drops the last row", "SSO button misaligned on mobile", "Session ends while typing a comment",
        "Scheduled report sent twice", "Export ignores the date filter", "Error page shows a stack trace", "Slow search on large workspaces",
    ];

    private static readonly string[] ChildrenOfSsoAndCsv =
    [
        "Login fails with a plus sign in the e-mail", "CSV export drops the last row", "SSO button misaligned on mobile",
        "Export ignores the date filter", "Error page shows a stack trace",
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string[]> SetQueries => new()
    {
        { "id IN <Reset link expires too early>,<Slow search on large workspaces>,<Scheduled report sent twice>", ["Reset link expires too early", "Scheduled report sent twice", "Slow search on large workspaces"] },
        { "id IN '<Reset link expires too early>',<Reset link expires too early>", ["Reset link expires too early"] },
        { "id=<Reset link expires too early>||id='<Error page shows a stack trace>'", ["Reset link expires too early", "Error page shows a stack trace"] },
        { "!id IN <Reset link expires too early>,<Error page shows a stack trace>", [.. AllDefects.Except(["Reset link expires too early", "Error page shows a stack trace"])] },
        { "id IN <Reset link expires too early>,<Single sign-on>", ["Reset link expires too early"] },
        { "id IN 999999991,999999992", [] },
        // A logical name among the ids keeps the comparison of each value.
        { "id IN <Reset link expires too early>,'phase.defect.new'", ["Reset link expires too early"] },
        // A reference: its own ids, a cross filter on the target's ids, either written as an IN or as ||.
        { "parent IN <Single sign-on>,'<Export to CSV>'", ChildrenOfSsoAndCsv },
        { "parent=<Single sign-on>||parent=<Export to CSV>", ChildrenOfSsoAndCsv },
        { "parent={id IN '<Single sign-on>','<Export to CSV>'}", ChildrenOfSsoAndCsv },
        { "parent={id=<Single sign-on>||id=<Export to CSV>}", ChildrenOfSsoAndCsv },
        { "parent={id IN <Single sign-on>,<Export to CSV>};id IN <CSV export drops the last row>,<Reset link expires too early>", ["CSV export drops the last row"] },
        { "!parent IN <Single sign-on>,<Export to CSV>", [.. AllDefects.Except(ChildrenOfSsoAndCsv)] },
        // A reference without an expression index answers the same way.
        { "release IN <Release 1.0>,999999991", ["Login fails with a plus sign in the e-mail", "Reset link expires too early", "Report totals off by one cent"] },
        { "detected_by IN 999999991,999999992", [] },
    };

    [Theory]
    [MemberData(nameof(SetQueries))]
    public async Task ListDefects_IdSet_ReturnsExactlyTheMatches(string query, string[] expected)
    {
        using var client = await app.SignedInAsync();
        var ids = await NameIdsAsync(client);
        var list = await ListAsync(client, "defects", Resolve(query, ids));
        Assert.Equal(expected.Select(name => ids[name]).Order(), list.Data().Select(Id));
        Assert.Equal(expected.Length, list["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ListFeatures_MultiReferenceSet_IsTheUnionOfEachId()
    {
        using var client = await app.SignedInAsync();
        var areas = (await client.GetObjectAsync($"{Base}/product_areas?fields=name&limit=100")).Data().Select(Id).ToList();
        Assert.True(areas.Count >= 2);
        var union = new SortedSet<long>();
        foreach (var area in areas)
        {
            union.UnionWith((await ListAsync(client, "features", $"product_areas={area}")).Data().Select(Id));
        }

        var set = await ListAsync(client, "features", "product_areas IN " + string.Join(",", areas));
        Assert.NotEmpty(union);
        Assert.Equal(union, set.Data().Select(Id));
        Assert.Equal(union, (await ListAsync(client, "features", string.Join("||", areas.Select(a => $"product_areas={a}")))).Data().Select(Id));
    }

    [Fact]
    public async Task ListWorkspaceUsers_IdSet_ReturnsThoseUsers()
    {
        using var client = await app.SignedInAsync();
        var users = (await client.GetObjectAsync($"{Base}/workspace_users?fields=name&order_by=id&limit=100")).Data().Select(Id).ToList();
        Assert.True(users.Count >= 3);
        var list = await ListAsync(client, "workspace_users", $"id IN {users[0]},{users[2]},999999991");
        Assert.Equal([users[0], users[2]], list.Data().Select(Id));
    }

    [Fact]
    public async Task ListDefects_ThousandsOfIds_ReturnsTheDefectsAmongThem()
    {
        using var client = await app.SignedInAsync();
        var ids = await NameIdsAsync(client);
        var defects = AllDefects.Select(name => ids[name]).Order().ToList();
        // Thousands of values: one comparison each would exceed SQLite's expression depth.
        var values = Enumerable.Range(0, 3000).Select(i => 900_000_000L + i).Concat(defects).ToList();

        var byIn = await ListAsync(client, "defects", "id IN " + string.Join(",", values));
        var byOr = await ListAsync(client, "defects", string.Join("||", values.Skip(1800).Select(v => $"id={v}")));

        Assert.Equal(defects, byIn.Data().Select(Id));
        Assert.Equal(defects.Count, byIn["total_count"]!.GetValue<int>());
        Assert.Equal(defects, byOr.Data().Select(Id));
    }

    [Fact]
    public async Task ListAsync_MoreIdsThanAnyParameterLimit_ReturnsTheMatches()
    {
        app.SkipUnlessAvailable();
        // 70,000 ids: beyond SQLite's 32,766 and PostgreSQL's 65,535 parameters, so only a one-parameter set answers.
        var wanted = await app.WithDbAsync(db => Task.FromResult(db.Entities.Where(e => e.WorkspaceId == 1002 && e.Subtype == "defect").Select(e => e.Id).OrderBy(id => id).Take(3).ToList()));
        var query = "\"id IN " + string.Join(",", Enumerable.Range(0, 70_000).Select(i => (800_000_000L + i).ToString(CultureInfo.InvariantCulture)).Concat(wanted.Select(w => w.ToString(CultureInfo.InvariantCulture)))) + "\"";

        var (total, rows) = await app.WithDbAsync(async db =>
        {
            var dialect = app.Services.GetRequiredService<ISqlDialect>();
            var workspace = await app.Services.GetRequiredService<SchemaCache>().GetAsync(db, 1002, Cancel);
            var schema = workspace.ForCollection("defects")!;
            var (filter, error) = QueryCompiler.Compile(query, workspace, schema, dialect, new QueryContext(1002, 1, app.Time.GetUtcNow()));
            Assert.Null(error);
            Assert.Single(filter!.Parameters);
            var (count, items, listError) = await new EntityReader(db, dialect, workspace, 1002)
                .ListAsync(schema, null, new ListParameters(100, 0, []), filter, Cancel);
            Assert.Null(listError);
            return (count, items!);
        });

        Assert.Equal(wanted.Count, total);
        Assert.Equal(wanted, rows.Select(r => Id(r)));
    }

    [Fact]
    public async Task ListDefects_IdSetWithOrderAndPaging_PagesInThatOrder()
    {
        using var client = await app.SignedInAsync();
        var ids = await NameIdsAsync(client);
        var children = ChildrenOfSsoAndCsv.Select(name => ids[name]).OrderDescending().ToList();
        var query = Uri.EscapeDataString("\"" + Resolve("parent IN <Single sign-on>,<Export to CSV>", ids) + "\"");

        var page = await client.GetObjectAsync($"{Base}/defects?fields=name&order_by=-id&limit=2&offset=1&query={query}");
        var byName = await client.GetObjectAsync($"{Base}/defects?fields=name&order_by=name&query={query}");

        Assert.Equal(children.Skip(1).Take(2), page.Data().Select(Id));
        Assert.Equal(ChildrenOfSsoAndCsv.Length, page["total_count"]!.GetValue<int>());
        Assert.Equal(ChildrenOfSsoAndCsv.Order(StringComparer.OrdinalIgnoreCase), byName.Data().Select(d => d.Text("name")!));
    }

    public static TheoryData<string> NotIds => new()
    {
        "id IN 12,1.5",
        "id IN 12,true",
        "id=12||id=2.5",
        "id IN 12,-3",
        "parent IN 12,true",
        "parent={id IN 12,1.5}",
    };

    [Theory]
    [MemberData(nameof(NotIds))]
    public async Task ListDefects_IdSetWithAValueThatIsNoId_Gets400(string query)
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync($"{Base}/defects?query={Uri.EscapeDataString("\"" + query + "\"")}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, "platform.query_syntax_error");
    }

    private static long Id(JsonNode? item) => long.Parse(item.Text("id")!, CultureInfo.InvariantCulture);

    private static Task<JsonObject> ListAsync(HttpClient client, string collection, string query) =>
        client.GetObjectAsync($"{Base}/{collection}?fields=name&order_by=id&limit=5000&query={Uri.EscapeDataString("\"" + query + "\"")}");

    /// <summary>Work items and releases by name.</summary>
    private static async Task<Dictionary<string, long>> NameIdsAsync(HttpClient client)
    {
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var collection in new[] { "work_items", "releases" })
        {
            foreach (var item in (await client.GetObjectAsync($"{Base}/{collection}?fields=name&limit=5000")).Data())
            {
                ids.TryAdd(item.Text("name")!, Id(item));
            }
        }

        return ids;
    }

    private static string Resolve(string query, Dictionary<string, long> ids) =>
        Placeholder().Replace(query, m => ids[m.Groups[1].Value].ToString(CultureInfo.InvariantCulture));

    [GeneratedRegex("<([^<>]+)>")]
    private static partial Regex Placeholder();
}

public sealed class SqliteQuerySetTests(SqliteApplication app) : QuerySetTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresQuerySetTests(PostgresApplication app) : QuerySetTests(app), IClassFixture<PostgresApplication>;
