using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// Writes that meet on one entity: each request's fields land on the row as it is when it saves, never over changes
/// it did not read (an entity's <c>version_stamp</c> is a concurrency token; a conflicting save is tried again).
/// </summary>
public abstract class ConcurrentWriteTests(TrellisApplication app)
{
    private const string Defects = TrellisApplication.Base + "/defects";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>One change per field: sent at the same time, all of them must be there afterwards.</summary>
    private static readonly (string Field, JsonNode Value)[] Changes =
    [
        ("description", "<p>Seen on the night shift</p>"),
        ("blocked", true),
        ("blocked_reason", "Waiting for the vendor"),
        ("story_points", 5),
        ("severity", new JsonObject { ["type"] = "list_node", ["id"] = "list_node.severity.urgent" }),
        ("priority", new JsonObject { ["type"] = "list_node", ["id"] = "list_node.priority.high" }),
    ];

    [Fact]
    public async Task UpdatesOfDifferentFieldsAtTheSameTime_AllLand()
    {
        using var client = await app.SignedInAsync();
        // Several rounds, each on a fresh defect, so a lost update would show in at least one of them.
        for (var round = 0; round < 4; round++)
        {
            var id = (await client.CreateDefectsAsync($"Busy defect {round}"))[0];
            var puts = Changes.Select(async change =>
            {
                using var response = await client.PutAsync($"{Defects}/{id}",
                    new StringContent(new JsonObject { [change.Field] = change.Value.DeepClone() }.ToJsonString()), Cancel);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            });
            await Task.WhenAll(puts);

            var defect = await client.GetObjectAsync($"{Defects}/{id}?fields=description,blocked,blocked_reason,story_points,severity,priority,version_stamp");
            Assert.Equal("<p>Seen on the night shift</p>", defect.Text("description"));
            Assert.True(defect["blocked"]!.GetValue<bool>());
            Assert.Equal("Waiting for the vendor", defect.Text("blocked_reason"));
            Assert.Equal(5, defect["story_points"]!.GetValue<double>());
            Assert.Equal("list_node.severity.urgent", defect["severity"]!["logical_name"]!.GetValue<string>());
            Assert.Equal("list_node.priority.high", defect["priority"]!["logical_name"]!.GetValue<string>());
            // Created at 1, raised once by each update.
            Assert.Equal(1 + Changes.Length, defect["version_stamp"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task ASaveOverARowChangedSinceItWasRead_FailsInsteadOfOverwriting()
    {
        using var client = await app.SignedInAsync();
        var id = long.Parse((await client.CreateDefectsAsync("Read twice"))[0], System.Globalization.CultureInfo.InvariantCulture);
        var factory = app.Services.GetRequiredService<IDbContextFactory<TrellisDbContext>>();
        await using var first = await factory.CreateDbContextAsync(Cancel);
        await using var second = await factory.CreateDbContextAsync(Cancel);
        var early = await first.Entities.SingleAsync(e => e.Id == id, Cancel);
        var late = await second.Entities.SingleAsync(e => e.Id == id, Cancel);

        late.Name = "Changed by the second reader";
        late.VersionStamp++;
        await second.SaveChangesAsync(Cancel);

        early.Name = "Changed by the first reader, from what it read before";
        early.VersionStamp++;
        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => first.SaveChangesAsync(Cancel));
        var stored = await client.GetObjectAsync($"{Defects}/{id}?fields=name");
        Assert.Equal("Changed by the second reader", stored.Text("name"));
    }

    [Fact]
    public async Task UpdatesByQueryAndOneByOneAtTheSameTime_AllLand()
    {
        using var client = await app.SignedInAsync();
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await client.CreateDefectsAsync($"Crowded defect {i}"))[0]);
        }

        var query = Uri.EscapeDataString("\"name='crowded defect*'\"");
        var byQuery = Task.Run(async () =>
        {
            using var response = await client.PutAsync($"{Defects}?query={query}", new StringContent("""{"data":[{"blocked":true}]}"""), Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }, Cancel);
        var oneByOne = ids.Select(async id =>
        {
            using var response = await client.PutAsync($"{Defects}/{id}", new StringContent("""{"blocked_reason":"Too many hands"}"""), Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        });
        await Task.WhenAll([byQuery, .. oneByOne]);

        var stored = await client.GetObjectAsync($"{Defects}?fields=blocked,blocked_reason&query={query}");
        Assert.Equal(3, stored.Data().Count);
        Assert.All(stored.Data(), d =>
        {
            Assert.True(d!["blocked"]!.GetValue<bool>());
            Assert.Equal("Too many hands", d.Text("blocked_reason"));
        });
    }
}

public sealed class SqliteConcurrentWriteTests(SqliteApplication app) : ConcurrentWriteTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresConcurrentWriteTests(PostgresApplication app) : ConcurrentWriteTests(app), IClassFixture<PostgresApplication>;
