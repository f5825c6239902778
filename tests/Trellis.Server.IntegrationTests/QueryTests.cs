using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// The query language over the demo workspace (docs/reference/rest.md#urls-and-parameters, docs/reference/rest.md#query-language): each query names the entities it must return.
/// <c>&lt;Name&gt;</c> in a query stands for the id of the work item or release of that name. The demo data starts
/// on 2026-01-15, so Release 2.0 (2025-12-16 to 2026-02-14) is the current release.
/// </summary>
public abstract partial class QueryTests(TrellisApplication app)
{
    private const string Base = TrellisApplication.Base;

    private static readonly string[] AllDefects =
    [
        "Login fails with a plus sign in the e-mail", "Reset link expires too early", "Report totals off by one cent",
        "CSV export drops the last row", "SSO button misaligned on mobile", "Session ends while typing a comment",
        "Scheduled report sent twice", "Export ignores the date filter", "Error page shows a stack trace", "Slow search on large workspaces",
    ];

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string[]> Queries => new()
    {
        // Strings: case-insensitive, * wildcards in EQ, = and IN, ordering comparisons, ^…^ and '…' quotes.
        { "defects", "name EQ 'csv export drops the last row'", ["CSV export drops the last row"] },
        { "defects", "name='*EXPORT*'", ["CSV export drops the last row", "Export ignores the date filter"] },
        { "defects", "name EQ ^Report*^", ["Report totals off by one cent"] },
        { "defects", "name IN 'Slow*','*twice'", ["Scheduled report sent twice", "Slow search on large workspaces"] },
        { "defects", "name LT 'd'", ["CSV export drops the last row"] },
        { "defects", "name>='s'", ["SSO button misaligned on mobile", "Session ends while typing a comment", "Scheduled report sent twice", "Slow search on large workspaces"] },
        { "defects", "name BTW 'e'...'f'", ["Export ignores the date filter", "Error page shows a stack trace"] },
        { "defects", "name EQ '100%'", [] },
        // Ids: numbers and digit strings are the same; IN; comparisons.
        { "defects", "id=<CSV export drops the last row>", ["CSV export drops the last row"] },
        { "defects", "id EQ '<CSV export drops the last row>'", ["CSV export drops the last row"] },
        { "defects", "id IN '<Reset link expires too early>','<Slow search on large workspaces>'", ["Reset link expires too early", "Slow search on large workspaces"] },
        { "defects", "id>=<Export ignores the date filter>", ["Export ignores the date filter", "Error page shows a stack trace", "Slow search on large workspaces"] },
        // Numbers.
        { "features", "story_points GT 10", ["Password reset", "Scheduled reports", "Export to CSV"] },
        { "features", "story_points BTW 13...18", ["Password reset", "Scheduled reports"] },
        { "features", "story_points IN 8,23", ["Single sign-on", "Export to CSV"] },
        { "features", "story_points LE '8'", ["Single sign-on"] },
        // Booleans: an unset flag reads as false.
        { "defects", "blocked EQ true", [] },
        { "features", "blocked=false", ["Single sign-on", "Password reset", "Scheduled reports", "Export to CSV"] },
        // References: phases and list nodes by id or logical name, cross filters, multi-references (any target).
        { "defects", "phase EQ {id EQ 'phase.defect.opened'}", ["Reset link expires too early", "Session ends while typing a comment", "Slow search on large workspaces"] },
        { "defects", "phase='phase.defect.new'", ["Login fails with a plus sign in the e-mail", "SSO button misaligned on mobile"] },
        { "defects", "phase={logical_name IN 'phase.defect.closed','phase.defect.rejected'}", ["CSV export drops the last row", "Export ignores the date filter"] },
        { "defects", "phase={name='opened'}", ["Reset link expires too early", "Session ends while typing a comment", "Slow search on large workspaces"] },
        { "defects", "severity={id='list_node.severity.urgent'}", ["Login fails with a plus sign in the e-mail", "Session ends while typing a comment"] },
        { "defects", "release={id=<Release 1.0>}", ["Login fails with a plus sign in the e-mail", "Reset link expires too early", "Report totals off by one cent"] },
        { "defects", "release=<Release 1.0>", ["Login fails with a plus sign in the e-mail", "Reset link expires too early", "Report totals off by one cent"] },
        { "defects", "parent={id IN '<Single sign-on>','<Export to CSV>'}", ["Login fails with a plus sign in the e-mail", "CSV export drops the last row", "SSO button misaligned on mobile", "Export ignores the date filter", "Error page shows a stack trace"] },
        { "defects", "parent={parent={name EQ 'insightful*'}}", ["Report totals off by one cent", "CSV export drops the last row", "Scheduled report sent twice", "Export ignores the date filter"] },
        { "stories", "parent={parent={name='Self-service accounts'};phase={id='phase.feature.done'}}", ["Password reset: backend", "Password reset: UI"] },
        { "tasks", "story={parent={name='Single sign-on'}}", ["Write tests for Single sign-on: backend", "Write tests for Single sign-on: UI"] },
        { "defects", "environment={logical_name='list_node.environment.linux'}", ["Reset link expires too early", "CSV export drops the last row", "Session ends while typing a comment", "Export ignores the date filter", "Slow search on large workspaces"] },
        { "features", "product_areas={name='Reporting'}", ["Scheduled reports", "Export to CSV"] },
        { "defects", "owner={first_name='GRACE'}", ["Session ends while typing a comment"] },
        { "defects", "owner={name='bruno.keller@trellis.local'}||detected_by={last_name='berg'}", ["Login fails with a plus sign in the e-mail", "Session ends while typing a comment"] },
        // Null forms: null and {null} match a missing value, empty text and an empty multi-reference.
        { "work_items", "release EQ {null}", ["Self-service accounts", "Insightful reporting"] },
        { "work_items", "release EQ null;subtype='epic'", ["Self-service accounts", "Insightful reporting"] },
        { "releases", "description EQ null", ["Release 3.0"] },
        { "features", "product_areas EQ {null}", [] },
        { "stories", "product_areas EQ {null};parent={name='Scheduled reports'}", ["Scheduled reports: backend", "Scheduled reports: UI"] },
        { "features", "!release EQ {null};name='*CSV'", ["Export to CSV"] },
        // Dates: a day alone is the whole UTC day; a time is compared at the precision written.
        { "sprints", "start_date EQ '2026-01-15'", ["Sprint 2.2"] },
        { "sprints", "start_date EQ '2026-01-15T00:00Z'", ["Sprint 2.2"] },
        { "sprints", "start_date EQ '2026-01-15T01:00:00+01:00'", ["Sprint 2.2"] },
        { "sprints", "start_date GE '2026-01-15T00:00:00.000Z'", ["Sprint 2.2", "Sprint 3.1", "Sprint 3.2"] },
        { "sprints", "end_date LT '2026-01-15'", ["Sprint 2.1"] },
        { "sprints", "end_date LE '2026-01-14'", ["Sprint 2.1"] },
        { "sprints", "start_date GT '2026-02-14'", ["Sprint 3.1", "Sprint 3.2"] },
        { "sprints", "start_date BTW '2026-01-01'...'2026-02-15'", ["Sprint 2.2", "Sprint 3.1"] },
        { "releases", "creation_time EQ '2026-01-15'", ["Release 1.0", "Release 2.0", "Release 3.0"] },
        { "releases", "creation_time LT '2026-01-15T09:00:00Z'", [] },
        { "releases", "creation_time>'2026-01-15T08:59Z'", ["Release 1.0", "Release 2.0", "Release 3.0"] },
        // Macros.
        { "defects", "release EQ [current_release];severity={id='list_node.severity.urgent'}", ["Session ends while typing a comment"] },
        { "sprints", "release={id=[current_release]}", ["Sprint 2.1", "Sprint 2.2"] },
        { "defects", "owner EQ [current_user]", [] },
        { "releases", "id EQ [current_release]", ["Release 2.0"] },
        // Logic: ; binds tighter than ||, ! negates one condition, parentheses group.
        { "defects", "(severity={id='list_node.severity.low'}||severity={id='list_node.severity.urgent'});release={name='Release 2.0'}", ["SSO button misaligned on mobile", "Session ends while typing a comment", "Slow search on large workspaces"] },
        { "defects", "severity={id='list_node.severity.urgent'}||severity={id='list_node.severity.high'};release={name='Release 2.0'}", ["Login fails with a plus sign in the e-mail", "Session ends while typing a comment", "Export ignores the date filter"] },
        { "defects", "!(name='*export*'||name='*report*')", ["Login fails with a plus sign in the e-mail", "Reset link expires too early", "SSO button misaligned on mobile", "Session ends while typing a comment", "Error page shows a stack trace", "Slow search on large workspaces"] },
        { "defects", "!phase={id='phase.defect.opened'};!phase={id='phase.defect.new'};release=<Release 1.0>", ["Report totals off by one cent"] },
        // Users.
        { "workspace_users", "name='alice*'||last_name EQ 'Okafor'", ["alice.martin@trellis.local", "grace.okafor@trellis.local"] },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task AQueryReturnsExactlyTheMatchingEntities(string collection, string query, string[] expected)
    {
        using var client = await app.SignedInAsync();
        var ids = await NameIdsAsync(client, collection);
        var resolved = await ResolveAsync(client, query);
        var list = await client.GetObjectAsync($"{Base}/{collection}?fields=name&order_by=id&limit=5000&query={Uri.EscapeDataString("\"" + resolved + "\"")}");
        var expectedIds = expected.Select(name => ids[name]).Order().ToList();
        Assert.Equal(expectedIds, list.Data().Select(d => long.Parse(d.Text("id")!, CultureInfo.InvariantCulture)));
        Assert.Equal(expected.Length, list["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task AllDefectsAreInTheDemoWorkspace()
    {
        using var client = await app.SignedInAsync();
        var ids = await NameIdsAsync(client, "defects");
        Assert.All(AllDefects, name => Assert.True(ids.ContainsKey(name), name));
    }

    public static TheoryData<string, string> BadQueries => new()
    {
        { "name EQ", "platform.query_syntax_error" },
        { "name EQ 'x' AND id EQ 1", "platform.query_syntax_error" },
        { "colour EQ 'red'", "platform.unknown_field" },
        { "phase={colour='red'}", "platform.unknown_field" },
        { "name={id=1}", "platform.query_syntax_error" },
        { "creation_time EQ 'yesterday'", "platform.query_syntax_error" },
        { "story_points EQ 'many'", "platform.query_syntax_error" },
        { "blocked LT true", "platform.query_syntax_error" },
        { "phase LT {id=1}", "platform.query_syntax_error" },
        { "name LT null", "platform.query_syntax_error" },
    };

    [Theory]
    [MemberData(nameof(BadQueries))]
    public async Task ABadQueryGets400WithItsCode(string query, string code)
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync($"{Base}/defects?query={Uri.EscapeDataString("\"" + query + "\"")}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, code);
    }

    [Fact]
    public async Task ASyntaxErrorSaysWhereItIs()
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync($"{Base}/defects?query={Uri.EscapeDataString("\"name EQ 'x';\"")}", Cancel);
        var body = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("column", body.Text("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task QueryAndTextSearchNarrowTogether()
    {
        using var client = await app.SignedInAsync();
        var search = Uri.EscapeDataString("""{"type":"global","text":"export"}""");
        var list = await client.GetObjectAsync($"{Base}/defects?fields=name&text_search={search}&query={Uri.EscapeDataString("\"phase={id='phase.defect.closed'}\"")}");
        Assert.Equal(["CSV export drops the last row"], list.Data().Select(d => d.Text("name")));
        Assert.NotNull(list.Data()[0]!["global_text_search_result"]);
    }

    [Fact]
    public async Task PagingAndOrderApplyToTheMatches()
    {
        using var client = await app.SignedInAsync();
        var query = Uri.EscapeDataString("\"phase={id='phase.defect.opened'}\"");
        var page = await client.GetObjectAsync($"{Base}/defects?fields=name&order_by=-name&limit=2&offset=1&query={query}");
        Assert.Equal(3, page["total_count"]!.GetValue<int>());
        Assert.Equal(["Session ends while typing a comment", "Reset link expires too early"], page.Data().Select(d => d.Text("name")));
    }

    // Each client's wire form, sent as the raw request target so no HTTP stack re-encodes it.
    public static TheoryData<string, string[]> WireForms => new()
    {
        // JS SDK: query="<encodeURIComponent>"; raw fields and order_by.
        { "?query=%22name%20EQ%20%5Ecsv%20export*%5E%22&fields=name,phase&order_by=id", ["CSV export drops the last row"] },
        // JS SDK: a date with milliseconds.
        { "?query=%22start_date%20EQ%20%5E2026-01-15T00%3A00%3A00.000Z%5E%22&fields=name", ["Sprint 2.2"] },
        // C# SDK: unencoded, an empty & segment first, quotes and braces raw.
        { "?&query=\"phase={id='phase.defect.opened'}\"&fields=name", ["Reset link expires too early", "Session ends while typing a comment", "Slow search on large workspaces"] },
        // C# SDK: + inside IN, which form decoding turns into a space.
        { "?&query=\"(name+IN+'Slow*',+'*twice')\"&fields=name", ["Scheduled report sent twice", "Slow search on large workspaces"] },
        // Java SDK: URL-encoded with + for spaces, each condition in parentheses.
        { "?query=%22(name+EQ+%27csv+export*%27)%3B(phase+EQ+%7Bid+EQ+%27phase.defect.closed%27%7D)%22&fields=name", ["CSV export drops the last row"] },
        // Java SDK: a date without seconds.
        { "?query=%22(start_date+EQ+%272026-01-15T00%3A00Z%27)%22&fields=name", ["Sprint 2.2"] },
        // Browser apps: raw " { } ^ | , and no quotes at all.
        { "?query=\"parent={name=^Export%20to%20CSV^}||name=^Slow*^\"&fields=name", ["CSV export drops the last row", "Export ignores the date filter", "Slow search on large workspaces"] },
        { "?query=name='Report*'&fields=name", ["Report totals off by one cent"] },
    };

    [Theory]
    [MemberData(nameof(WireForms))]
    public async Task EachClientsWireFormIsUnderstood(string queryString, string[] expected)
    {
        var collection = queryString.Contains("start_date", StringComparison.Ordinal) ? "sprints" : "defects";
        using var client = await app.SignedInAsync();
        var ids = await NameIdsAsync(client, collection);
        using var anonymous = app.Anonymous(handleCookies: false);
        using var signIn = await anonymous.PostAsync("/authentication/sign_in",
            new StringContent($$"""{"user":"{{TrellisApplication.AdminLogin}}","password":"{{TrellisApplication.AdminPassword}}"}"""), Cancel);
        var cookie = SessionCookies.From(signIn);
        var context = await app.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Get;
            c.Request.Path = $"{Base}/{collection}";
            c.Request.QueryString = new QueryString(queryString);
            c.Request.Headers.Cookie = $"LWSSO_COOKIE_KEY={cookie}";
        }, Cancel);
        var text = await new StreamReader(context.Response.Body).ReadToEndAsync(Cancel);
        Assert.True(context.Response.StatusCode == 200, text);
        var list = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(expected.Select(name => ids[name]).Order(), list.Data().Select(d => long.Parse(d.Text("id")!, CultureInfo.InvariantCulture)).Order());
    }

    [Fact]
    public async Task FieldMetadataIsFilteredByEntityNameNameAndFlags()
    {
        using var client = await app.SignedInAsync();
        async Task<JsonArray> FieldsAsync(string query) =>
            (await client.GetObjectAsync($"{Base}/metadata/fields?query={Uri.EscapeDataString("\"" + query + "\"")}")).Data();

        var defect = await FieldsAsync("entity_name EQ 'defect'");
        Assert.True(defect.Count >= 41);
        Assert.All(defect, f => Assert.Equal("defect", f.Text("entity_name")));
        var two = await FieldsAsync("entity_name IN 'defect','story'");
        Assert.Equal(["defect", "story"], two.Select(f => f.Text("entity_name")).Distinct().Order());
        Assert.Equal(["defect"], (await FieldsAsync("entity_name='defect';name='severity'")).Select(f => f.Text("entity_name")));
        Assert.All(await FieldsAsync("entity_name='defect';editable=false"), f => Assert.False(f!["editable"]!.GetValue<bool>()));
        Assert.Contains(await FieldsAsync("entity_name='defect';editable=false"), f => f.Text("name") == "creation_time");
        Assert.Empty(await FieldsAsync("entity_name='defect';is_user_defined=true"));
        Assert.Equal(defect.Count, (await FieldsAsync("entity_name='defect';visible_in_ui EQ true||entity_name='defect';visible_in_ui EQ false")).Count);
        using var unknown = await client.GetAsync($"{Base}/metadata/fields?query={Uri.EscapeDataString("\"colour='red'\"")}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(unknown, HttpStatusCode.BadRequest, "platform.unknown_field");
        var entities = await client.GetObjectAsync($"{Base}/metadata/entities?query={Uri.EscapeDataString("\"name IN 'defect','story'\"")}");
        Assert.Equal(["defect", "story"], entities.Data().Select(e => e.Text("name")).Order());
    }

    [Fact]
    public async Task CurrentReleaseFollowsTheClock()
    {
        using var client = await app.SignedInAsync();
        var ids = await NameIdsAsync(client, "releases");
        var query = Uri.EscapeDataString("\"id EQ [current_release]\"");
        Assert.Equal(ids["Release 2.0"].ToString(CultureInfo.InvariantCulture), (await client.GetObjectAsync($"{Base}/releases?query={query}")).Data()[0].Text("id"));
    }

    /// <summary>The name-to-id map of a collection (work items and releases by name, users by login).</summary>
    private static async Task<Dictionary<string, long>> NameIdsAsync(HttpClient client, string collection)
    {
        var list = await client.GetObjectAsync($"{Base}/{collection}?fields=name&limit=5000");
        var ids = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var item in list.Data())
        {
            ids.TryAdd(item.Text("name")!, long.Parse(item.Text("id")!, CultureInfo.InvariantCulture));
        }

        return ids;
    }

    private static async Task<string> ResolveAsync(HttpClient client, string query)
    {
        if (!query.Contains('<', StringComparison.Ordinal))
        {
            return query;
        }

        var ids = await NameIdsAsync(client, "work_items");
        foreach (var (name, id) in await NameIdsAsync(client, "releases"))
        {
            ids.TryAdd(name, id);
        }

        return Placeholder().Replace(query, m => ids[m.Groups[1].Value].ToString(CultureInfo.InvariantCulture));
    }

    [GeneratedRegex("<([^<>]+)>")]
    private static partial Regex Placeholder();
}

public sealed class SqliteQueryTests(SqliteApplication app) : QueryTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresQueryTests(PostgresApplication app) : QueryTests(app), IClassFixture<PostgresApplication>;
