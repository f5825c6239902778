using System.Net;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// How a list reads its parameters as the C# SDK sends them: after signing in again it resends a GET with its
/// parameters repeated; and sorts that follow the order entities were made in.
/// </summary>
public abstract class ListParameterTests(TrellisApplication app)
{
    private const string Defects = TrellisApplication.Base + "/defects";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task IdenticalRepeatedParametersCountOnce()
    {
        using var client = await app.SignedInAsync();
        var query = Uri.EscapeDataString("\"phase={id='phase.defect.opened'}\"");
        var once = await client.GetObjectAsync($"{Defects}?query={query}&fields=name&order_by=-name&limit=2&offset=1");
        var twice = await client.GetObjectAsync(
            $"{Defects}?query={query}&fields=name&order_by=-name&limit=2&offset=1&query={query}&fields=name&order_by=-name&limit=2&offset=1");

        Assert.Equal(3, twice["total_count"]!.GetValue<int>());
        Assert.Equal(["Session ends while typing a comment", "Reset link expires too early"], twice.Data().Select(d => d.Text("name")));
        Assert.Equal(once.ToJsonString(), twice.ToJsonString());
    }

    [Fact]
    public async Task ARepeatedQueryCountsOnceInMetadataToo()
    {
        using var client = await app.SignedInAsync();
        var query = Uri.EscapeDataString("\"entity_name EQ 'defect'\"");
        var fields = await client.GetObjectAsync($"{TrellisApplication.Base}/metadata/fields?query={query}&query={query}");
        Assert.NotEmpty(fields.Data());
        Assert.All(fields.Data(), f => Assert.Equal("defect", f.Text("entity_name")));
    }

    public static TheoryData<string, string> DifferentRepeats => new()
    {
        { "query=%22name%3D'a'%22&query=%22name%3D'b'%22", "platform.query_syntax_error" },
        { "fields=name&fields=id", "platform.unknown_field" },
        { "limit=1&limit=2", "platform.invalid_limit" },
        { "offset=0&offset=1", "platform.invalid_limit" },
        { "order_by=name&order_by=-name", "platform.unknown_field" },
    };

    [Theory]
    [MemberData(nameof(DifferentRepeats))]
    public async Task DifferentRepeatedValuesAreABadRequest(string parameters, string code)
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync($"{Defects}?{parameters}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, code);
        Assert.Contains("different values", (await response.ReadObjectAsync()).Text("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewestFirstIsNewestFirstWithinOneSecond()
    {
        using var client = await app.SignedInAsync();
        var now = app.Time.GetUtcNow();
        app.Time.Advance(TimeSpan.FromTicks(TimeSpan.TicksPerSecond - (now.UtcTicks % TimeSpan.TicksPerSecond)));
        var prefix = "Within a second " + Guid.NewGuid().ToString("N")[..8];
        foreach (var name in new[] { "a", "b", "c" })
        {
            // Later ids are made earlier, so only the milliseconds can put them in order.
            app.Time.Advance(TimeSpan.FromMilliseconds(100));
            await client.CreateDefectsAsync($"{prefix} {name}");
        }

        // The name sorts after the time, so only the milliseconds put c first.
        var query = Uri.EscapeDataString($"\"name='{prefix}*'\"");
        var newestFirst = await client.GetObjectAsync($"{Defects}?fields=name,creation_time&order_by=-creation_time,name&query={query}");
        var oldestFirst = await client.GetObjectAsync($"{Defects}?fields=name,owner{{email}}&order_by=creation_time,-name&query={query}");

        Assert.Equal([$"{prefix} c", $"{prefix} b", $"{prefix} a"], newestFirst.Data().Select(d => d.Text("name")));
        Assert.Equal([$"{prefix} a", $"{prefix} b", $"{prefix} c"], oldestFirst.Data().Select(d => d.Text("name")));
        // On the wire the time is still in whole seconds, and a query on that second finds all three.
        Assert.Single(newestFirst.Data().Select(d => d.Text("creation_time")).Distinct());
        var second = newestFirst.Data()[0].Text("creation_time");
        var same = await client.GetObjectAsync($"{Defects}?fields=name&query={Uri.EscapeDataString($"\"name='{prefix}*';creation_time EQ '{second}'\"")}");
        Assert.Equal(3, same["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task TiesAreBrokenByIdInTheSortsDirection()
    {
        using var client = await app.SignedInAsync();
        var prefix = "Tie " + Guid.NewGuid().ToString("N")[..8];
        // One request: the same instant for all three.
        var ids = await client.CreateDefectsAsync($"{prefix} x", $"{prefix} y", $"{prefix} z");
        var query = Uri.EscapeDataString($"\"name='{prefix}*'\"");

        var descending = await client.GetObjectAsync($"{Defects}?fields=name&order_by=-creation_time&query={query}");
        var ascending = await client.GetObjectAsync($"{Defects}?fields=name,owner{{email}}&order_by=creation_time&query={query}");

        Assert.Equal(Enumerable.Reverse(ids), descending.Data().Select(d => d.Text("id")));
        Assert.Equal(ids, ascending.Data().Select(d => d.Text("id")));
    }
}

public sealed class SqliteListParameterTests(SqliteApplication app) : ListParameterTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresListParameterTests(PostgresApplication app) : ListParameterTests(app), IClassFixture<PostgresApplication>;
