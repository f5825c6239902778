using System.Net;
using System.Text.Json.Nodes;

namespace Trellis.Server.IntegrationTests;

/// <summary>Updates and deletes by query (docs/reference/rest.md#responses-and-writes), on defects each test creates for itself.</summary>
public abstract class QueryWriteTests(TrellisApplication app)
{
    private const string Defects = TrellisApplication.Base + "/defects";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task DeleteByQueryRemovesTheMatchesAndListsThem()
    {
        using var client = await app.SignedInAsync();
        var ids = await client.CreateDefectsAsync("Purge me 1", "Purge me 2", "Keep me");
        using var response = await client.DeleteAsync($"{Defects}?query={Uri.EscapeDataString("\"name EQ 'purge me*'\"")}", Cancel);
        var body = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body["total_count"]!.GetValue<int>());
        Assert.Equal(ids.Take(2), body.Data().Select(d => d.Text("id")));
        Assert.All(body.Data(), d => Assert.Equal("defect", d.Text("type")));
        var left = await client.GetObjectAsync($"{Defects}?fields=name&query={Uri.EscapeDataString("\"id IN '" + string.Join("','", ids) + "'\"")}");
        Assert.Equal(["Keep me"], left.Data().Select(d => d.Text("name")));
    }

    [Fact]
    public async Task UpdateByQueryChangesEveryMatch()
    {
        using var client = await app.SignedInAsync();
        var ids = await client.CreateDefectsAsync("Bulk flag A", "Bulk flag B", "Bulk other");
        using var response = await client.PutAsync($"{Defects}?fields=name,blocked&query={Uri.EscapeDataString("\"name='bulk flag*'\"")}",
            new StringContent("""{"data":[{"blocked":true,"blocked_reason":"waiting"}]}"""), Cancel);
        var body = await response.ReadObjectAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, body["total_count"]!.GetValue<int>());
        Assert.All(body.Data(), d => Assert.True(d!["blocked"]!.GetValue<bool>()));
        var blocked = await client.GetObjectAsync($"{Defects}?fields=name&query={Uri.EscapeDataString("\"blocked=true;name='bulk*'\"")}");
        Assert.Equal(ids.Take(2), blocked.Data().Select(d => d.Text("id")));
    }

    [Fact]
    public async Task CurrentUserIsTheCaller()
    {
        using var client = await app.SignedInAsync();
        var me = await client.GetObjectAsync("/api/current_user");
        var ids = await client.CreateDefectsAsync("Mine to own");
        using var update = await client.PutAsync($"{Defects}/{ids[0]}", new StringContent(new JsonObject { ["owner"] = new JsonObject { ["type"] = "workspace_user", ["id"] = me.Text("id") } }.ToJsonString()), Cancel);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var mine = await client.GetObjectAsync($"{Defects}?fields=name&query={Uri.EscapeDataString("\"owner EQ [current_user]\"")}");
        Assert.Equal(ids, mine.Data().Select(d => d.Text("id")));
        var byFilter = await client.GetObjectAsync($"{Defects}?fields=name&query={Uri.EscapeDataString("\"owner={id=[current_user]}\"")}");
        Assert.Equal(ids, byFilter.Data().Select(d => d.Text("id")));
    }

    [Fact]
    public async Task AnUpdateByQueryTakesOneSetOfChangesAndABadQueryChangesNothing()
    {
        using var client = await app.SignedInAsync();
        using var two = await client.PutAsync($"{Defects}?query={Uri.EscapeDataString("\"name='x'\"")}", new StringContent("""{"data":[{"name":"a"},{"name":"b"}]}"""), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(two, HttpStatusCode.BadRequest, "platform.illegal_field_value");
        using var bad = await client.DeleteAsync($"{Defects}?query={Uri.EscapeDataString("\"name=\"")}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(bad, HttpStatusCode.BadRequest, "platform.query_syntax_error");
        using var unknown = await client.DeleteAsync($"{Defects}?query={Uri.EscapeDataString("\"colour='red'\"")}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(unknown, HttpStatusCode.BadRequest, "platform.unknown_field");
        Assert.True((await client.GetObjectAsync($"{Defects}?fields=name"))["total_count"]!.GetValue<int>() >= 10);
    }

    [Fact]
    public async Task TextComparesIgnoringCaseBeyondAscii()
    {
        using var client = await app.SignedInAsync();
        // German, Greek and Cyrillic capitals, and one ASCII name beside them that none of the other queries may match.
        var ids = await client.CreateDefectsAsync("ÜBERWEISUNG SCHLÄGT FEHL", "ΣΦΑΛΜΑ ΣΤΗΝ ΑΝΑΦΟΡΑ", "Отчёт не открывается", "Uberweisung ascii");
        async Task<IEnumerable<string?>> Matches(string query) =>
            (await client.GetObjectAsync($"{Defects}?fields=name&order_by=id&query={Uri.EscapeDataString($"\"{query}\"")}")).Data().Select(d => d.Text("id"));

        Assert.Equal([ids[0]], await Matches("name EQ 'überweisung schlägt fehl'"));
        Assert.Equal([ids[0]], await Matches("name='*schläGT*'"));
        Assert.Equal([ids[1]], await Matches("name EQ 'σφαλμα στην αναφορα'"));
        Assert.Equal([ids[2]], await Matches("name IN 'ОТЧЁТ*','nothing'"));
        Assert.Equal([ids[3]], await Matches("name EQ 'UBERWEISUNG ASCII'"));

        var search = Uri.EscapeDataString("""{"type":"global","text":"ÜBERWEISUNG"}""");
        var hits = await client.GetObjectAsync($"{Defects}?fields=name&text_search={search}");
        Assert.Equal([ids[0]], hits.Data().Select(d => d.Text("id")));
    }
}

public sealed class SqliteQueryWriteTests(SqliteApplication app) : QueryWriteTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresQueryWriteTests(PostgresApplication app) : QueryWriteTests(app), IClassFixture<PostgresApplication>;
