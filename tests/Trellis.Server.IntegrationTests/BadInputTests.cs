using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Entities;

namespace Trellis.Server.IntegrationTests;

/// <summary>Bad input gets a clear 400 or 413 in Octane's error shape, never a 500, and nothing of it is stored.</summary>
public abstract class BadInputTests(TrellisApplication app)
{
    private const string Config = "/api/shared_spaces/1001/external-entity-actions";

    protected static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>The application under test, for a provider's own cases.</summary>
    protected TrellisApplication App => app;

    [Fact]
    public async Task CrossFiltersNestedDeeperThanTheLimitAreA400NamingIt()
    {
        using var client = await app.SignedInAsync();
        using var deep = await client.GetAsync($"{TrellisApplication.Base}/work_items?query={Uri.EscapeDataString(Nested(63))}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(deep, HttpStatusCode.BadRequest, "platform.query_too_complex");

        using var overLimit = await client.GetAsync($"{TrellisApplication.Base}/work_items?query={Uri.EscapeDataString(Nested(QueryCompiler.MaxCrossFilterDepth + 1))}", Cancel);
        var error = await overLimit.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.BadRequest, overLimit.StatusCode);
        Assert.Contains($"more than {QueryCompiler.MaxCrossFilterDepth} deep", error.Text("description"), StringComparison.Ordinal);

        using var atLimit = await client.GetAsync($"{TrellisApplication.Base}/work_items?query={Uri.EscapeDataString(Nested(QueryCompiler.MaxCrossFilterDepth))}", Cancel);
        Assert.Equal(HttpStatusCode.OK, atLimit.StatusCode);
    }

    [Fact]
    public async Task AMegabyteAndChainInASelectAllLaunchIsA400AndAnIdListIsOneCondition()
    {
        using var client = await app.SignedInAsync();
        var chain = string.Join(';', Enumerable.Range(0, 60_000).Select(i => $"name EQ 'x{i}'"));
        Assert.True(chain.Length > 1_000_000);
        using var launch = await client.PostAsJsonAsync($"{TrellisApplication.Base}/external-actions/quick_note/launch",
            new { entity_type = "defect", view = "list", all_selected = true, query = chain }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(launch, HttpStatusCode.BadRequest, "platform.query_too_complex");

        var conditions = string.Join(';', Enumerable.Range(0, QueryCompiler.MaxConditions + 1).Select(i => $"name EQ 'x{i}'"));
        using var list = await client.GetAsync($"{TrellisApplication.Base}/defects?query={Uri.EscapeDataString(conditions)}", Cancel);
        var error = await list.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.BadRequest, list.StatusCode);
        Assert.Contains($"more than {QueryCompiler.MaxConditions} conditions", error.Text("description"), StringComparison.Ordinal);

        // Thousands of selected ids stay one condition, as grids and apps send them.
        var ids = "id IN " + string.Join(',', Enumerable.Range(1, 3000));
        using var selection = await client.GetAsync($"{TrellisApplication.Base}/defects?fields=name&query={Uri.EscapeDataString(ids)}", Cancel);
        Assert.Equal(HttpStatusCode.OK, selection.StatusCode);
    }

    [Fact]
    public async Task TheNulCharacter_IsA400NamingWhereItWas_AndNothingIsStored()
    {
        using var client = await app.SignedInAsync();
        var before = (await client.GetObjectAsync($"{TrellisApplication.Base}/defects?limit=1"))["total_count"]!.GetValue<int>();
        using var create = await client.PostAsJsonAsync($"{TrellisApplication.Base}/defects", new { data = new[] { new { name = "Has a \u0000 inside" } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(create, HttpStatusCode.BadRequest, "platform.illegal_field_value");
        Assert.Contains("'name'", (await create.ReadObjectAsync()).Text("description"), StringComparison.Ordinal);
        Assert.Equal(before, (await client.GetObjectAsync($"{TrellisApplication.Base}/defects?limit=1"))["total_count"]!.GetValue<int>());

        using var query = await client.GetAsync($"{TrellisApplication.Base}/defects?query={Uri.EscapeDataString("name EQ ^a\u0000b^")}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(query, HttpStatusCode.BadRequest, "platform.query_syntax_error");

        using var settings = await client.GetAsync($"{TrellisApplication.Base}/external-actions/quick_note/settings?context=a%00b", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(settings, HttpStatusCode.BadRequest, "platform.illegal_field_value");

        var login = $"nul-{Guid.NewGuid():N}";
        using var user = await client.PostAsJsonAsync("/api/shared_spaces/1001/users", new { data = new[] { new { name = login, password = "Nul-Password-1", last_name = "a\u0000b" } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(user, HttpStatusCode.BadRequest, "platform.illegal_field_value");
        Assert.Equal("last_name", (await user.ReadObjectAsync())["properties"]?.Text("field"));
        Assert.DoesNotContain((await client.GetObjectAsync("/api/shared_spaces/1001/users")).Data(), u => u!.Text("name") == login);

        using var workspace = await client.PostAsJsonAsync("/api/shared_spaces/1001/workspaces", new { data = new[] { new { name = "Nul \u0000 space" } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(workspace, HttpStatusCode.BadRequest, "platform.illegal_field_value");
        Assert.Contains("NUL character", (await workspace.ReadObjectAsync()).Text("description"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=abc&rows=abc")]
    [InlineData("page=-5&rows=999999")]
    [InlineData("page=99999999999999&rows=-1")]
    public async Task AGridAddressWhoseNumbersAreNot_OpensTheGridOnItsFirstPage(string query)
    {
        using var client = await app.SignedInAsync();
        var html = await PageAsync(client, $"/1001/1002/backlog?{query}", HttpStatusCode.OK);
        Assert.Contains("Rows per page", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/1001/1002/defect/999999")]
    [InlineData("/1001/1002/defect/-1")]
    [InlineData("/1001/1002/nope/1")]
    [InlineData("/1001/1002/nope")]
    [InlineData("/1001/1002/defect/abc")]
    public async Task AnAddressThatNamesNothing_IsTheNotFoundPage_Answered404(string path)
    {
        using var client = await app.SignedInAsync();
        // As a browser asks: the page, not the REST API's problem JSON.
        client.DefaultRequestHeaders.Accept.ParseAdd("text/html");
        var html = await PageAsync(client, path, HttpStatusCode.NotFound);
        Assert.Contains("<h1>Not found</h1>", html, StringComparison.Ordinal);

        // The same address with an item that exists is the item's page.
        var id = (await client.CreateDefectsAsync("Found"))[0];
        using var found = await client.GetAsync($"/1001/1002/defect/{id}", Cancel);
        Assert.Equal(HttpStatusCode.OK, found.StatusCode);
    }

    // A page of the web UI, answered with the status expected (the failure shows the start of what came instead).
    private static async Task<string> PageAsync(HttpClient client, string path, HttpStatusCode expected)
    {
        using var page = await client.GetAsync(path, Cancel);
        var html = await page.Content.ReadAsStringAsync(Cancel);
        Assert.True(page.StatusCode == expected, $"{path}: {(int)page.StatusCode}: {html[..Math.Min(html.Length, 300)]}");
        return html;
    }

    public static TheoryData<string, string, string, string> InvalidUtf8Bodies => new()
    {
        { "POST", TrellisApplication.Base + "/defects", "{\"data\":[{\"name\":\"bad ", " text\"}]}" },
        { "PUT", TrellisApplication.Base + "/defects/{id}", "{\"name\":\"bad ", " text\"}" },
        { "PUT", Config, "[{\"name\":\"bad_", "\",\"title\":\"Bad\",\"url\":\"https://example.com\",\"entity_type\":[\"defect\"],\"views\":[\"list\"]}]" },
        { "POST", "/authentication/sign_in", "{\"user\":\"adm", "in\",\"password\":\"x\"}" },
        { "POST", "/api/shared_spaces/1001/users", "{\"data\":[{\"name\":\"bad-", "\",\"password\":\"Long-Password-1\"}]}" },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8Bodies))]
    public async Task InvalidUtf8InAJsonStringIsA400AndNothingIsStored(string method, string url, string before, string after)
    {
        using var client = await app.SignedInAsync();
        var id = (await client.CreateDefectsAsync("Untouched"))[0];
        var stored = await CountStoredAsync();
        byte[] body = [.. Encoding.UTF8.GetBytes(before), 0xFF, 0xFE, .. Encoding.UTF8.GetBytes(after)];
        using var request = new HttpRequestMessage(new HttpMethod(method), url.Replace("{id}", id, StringComparison.Ordinal)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.SendAsync(request, Cancel);

        var text = await response.Content.ReadAsStringAsync(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"Expected 400, got {(int)response.StatusCode}: {text}");
        var error = JsonNode.Parse(text)!.AsObject();
        Assert.False(string.IsNullOrEmpty(error.Text("error_code")));
        Assert.False(string.IsNullOrEmpty(error.Text("description")));
        Assert.Equal(stored, await CountStoredAsync());
        Assert.Equal("Untouched", (await client.GetObjectAsync($"{TrellisApplication.Base}/defects/{id}")).Text("name"));
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task AContentEncodingOverABodyThatIsNotCompressedIsA400AndNothingIsStored(string encoding)
    {
        using var client = await app.SignedInAsync();
        var stored = await CountStoredAsync();
        using var content = new StringContent("{\"data\":[{\"name\":\"Plain body\"}]}", Encoding.UTF8, "application/json");
        content.Headers.ContentEncoding.Add(encoding);
        using var response = await client.PostAsync($"{TrellisApplication.Base}/defects", content, Cancel);

        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, "platform.illegal_field_value");
        Assert.Contains($"not valid {encoding} data", await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        Assert.Equal(stored, await CountStoredAsync());
    }

    [Fact]
    public async Task MemoValuesOverTheCapAre413AndNothingIsStored()
    {
        using var client = await app.SignedInAsync();
        var stored = await CountStoredAsync();
        var tenMegabytes = new string('d', 10 * 1024 * 1024);
        using var create = await client.PostAsJsonAsync($"{TrellisApplication.Base}/defects",
            new { data = new[] { new { name = "Huge description", description = tenMegabytes } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(create, HttpStatusCode.RequestEntityTooLarge, "platform.field_value_too_large");
        Assert.Equal(stored, await CountStoredAsync());

        var id = (await client.CreateDefectsAsync("Commented"))[0];
        // Counted in UTF-8 bytes: 400,000 three-byte characters are 1.2 MB.
        var comment = new JsonObject
        {
            ["data"] = new JsonArray(new JsonObject { ["text"] = new string('€', 400_000), ["owner_work_item"] = new JsonObject { ["type"] = "work_item", ["id"] = id } }),
        };
        using var tooLong = await client.PostAsync($"{TrellisApplication.Base}/comments", new StringContent(comment.ToJsonString()), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(tooLong, HttpStatusCode.RequestEntityTooLarge, "platform.field_value_too_large");

        using var update = await client.PutAsJsonAsync($"{TrellisApplication.Base}/defects/{id}", new { description = tenMegabytes }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(update, HttpStatusCode.RequestEntityTooLarge, "platform.field_value_too_large");
        Assert.Null((await client.GetObjectAsync($"{TrellisApplication.Base}/defects/{id}?fields=description")).Text("description"));

        // Up to the cap is fine.
        using var atCap = await client.PutAsJsonAsync($"{TrellisApplication.Base}/defects/{id}", new { description = new string('d', 1024 * 1024) }, Cancel);
        Assert.Equal(HttpStatusCode.OK, atCap.StatusCode);
    }

    private static string Nested(int levels) =>
        Enumerable.Range(0, levels).Aggregate("id EQ '1'", (filter, _) => $"parent EQ {{{filter}}}");

    private Task<int> CountStoredAsync() => app.WithDbAsync(async db =>
        await db.Entities.CountAsync(Cancel) + await db.Users.CountAsync(Cancel) + await db.ActionConfigVersions.CountAsync(Cancel));
}

public sealed class SqliteBadInputTests(SqliteApplication app) : BadInputTests(app), IClassFixture<SqliteApplication>
{
    // SQLite's expression depth of 1000 is the backstop this checks; PostgreSQL has no such limit, so it runs here only.
    [Fact]
    public async Task SqlDeeperThanSqliteAllowsIsA400NotA500()
    {
        using var client = await App.SignedInAsync();
        // Within the compiler's limits, but cross filters around deeply negated groups nest past SQLite's expression depth.
        var inner = string.Concat(Enumerable.Repeat("!(", 59)) + string.Join(';', Enumerable.Range(0, 100).Select(i => $"(name EQ 'x{i}'||name EQ 'y')")) + new string(')', 59);
        var query = Enumerable.Range(0, QueryCompiler.MaxCrossFilterDepth).Aggregate(inner, (filter, _) => $"parent EQ {{{filter}}}");
        using var response = await client.PostAsJsonAsync($"{TrellisApplication.Base}/external-actions/quick_note/launch",
            new { entity_type = "work_item", view = "list", all_selected = true, query }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, "platform.query_too_complex");
    }
}

public sealed class PostgresBadInputTests(PostgresApplication app) : BadInputTests(app), IClassFixture<PostgresApplication>;
