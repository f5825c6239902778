using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Platform;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests;

/// <summary>Two nodes that start together on one PostgreSQL database (docs/deployment.md#several-nodes-what-needs-affinity).</summary>
public sealed class TwoPostgresNodes : IAsyncLifetime
{
    private string? _server;

    public string? Database { get; private set; }

    public TrellisApplication? First { get; private set; }

    public TrellisApplication? Second { get; private set; }

    public async ValueTask InitializeAsync()
    {
        _server = Environment.GetEnvironmentVariable(TrellisApplication.PostgresVariable);
        if (string.IsNullOrWhiteSpace(_server))
        {
            return;
        }

        Database = await TestDatabases.CreateAsync(_server);
        First = new TrellisApplication(DatabaseProvider.Postgres, Database);
        Second = new TrellisApplication(DatabaseProvider.Postgres, Database);
        await First.InitializeAsync();
        await Second.InitializeAsync();
        // Both start at once: the advisory lock lets one migrate and bootstrap while the other waits its turn.
        await Task.WhenAll(Task.Run(() => First.Server), Task.Run(() => Second.Server));
    }

    public async ValueTask DisposeAsync()
    {
        if (First is not null)
        {
            await First.DisposeAsync();
        }

        if (Second is not null)
        {
            await Second.DisposeAsync();
        }

        if (Database is not null)
        {
            await TestDatabases.DropAsync(_server!, Database);
        }
    }
}

public sealed class TwoNodeTests(TwoPostgresNodes nodes) : IClassFixture<TwoPostgresNodes>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private (TrellisApplication First, TrellisApplication Second) Nodes()
    {
        if (nodes.First is null || nodes.Second is null)
        {
            Assert.Skip(TrellisApplication.NoPostgres);
        }

        return (nodes.First, nodes.Second);
    }

    [Fact]
    public async Task NodesStartingTogetherMigrateAndBootstrapOnce()
    {
        var (first, second) = Nodes();
        Assert.Equal(1, await first.WithDbAsync(db => db.SharedSpaces.CountAsync()));
        Assert.Equal(1, await second.WithDbAsync(db => db.Users.CountAsync(u => u.Login == TrellisApplication.AdminLogin)));
        Assert.Equal(1, await second.WithDbAsync(db => db.Entities.CountAsync(e => e.Type == "work_item_root")));
        Assert.Empty(await first.WithDbAsync(async db => (await db.Database.GetPendingMigrationsAsync()).ToList()));
    }

    [Fact]
    public async Task ASessionOpenedOnOneNodeWorksOnTheOtherUntilSignedOutThere()
    {
        var (first, second) = Nodes();
        using var one = first.Anonymous(handleCookies: false);
        using var two = second.Anonymous(handleCookies: false);
        using var signIn = await one.PostAsJsonAsync("/authentication/sign_in",
            new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel);
        var cookie = SessionCookies.From(signIn);

        using var onSecond = await SessionCookies.SendAsync(two, HttpMethod.Get, "/api/current_user", cookie);
        Assert.Equal(HttpStatusCode.OK, onSecond.StatusCode);
        using var signOut = await SessionCookies.SendAsync(two, HttpMethod.Post, "/authentication/sign_out", cookie);
        using var onFirst = await SessionCookies.SendAsync(one, HttpMethod.Get, "/api/current_user", cookie);
        await AuthenticationTests.AssertOctaneErrorAsync(onFirst, HttpStatusCode.Unauthorized, "platform.authentication_required");
    }

    [Fact]
    public async Task AnEntityCreatedOnOneNodeIsReadOnTheOther()
    {
        var (first, second) = Nodes();
        using var one = await first.SignedInAsync();
        using var two = await second.SignedInAsync();
        using var created = await one.PostAsync($"{TrellisApplication.Base}/defects", new StringContent("""{"data":[{"name":"Seen everywhere"}]}"""), Cancel);
        var id = (await created.ReadObjectAsync()).Data()[0].Text("id");
        var read = await two.GetObjectAsync($"{TrellisApplication.Base}/defects/{id}?fields=name");
        Assert.Equal("Seen everywhere", read.Text("name"));
    }

    [Fact]
    public async Task EachNodeMeasuresHowLongTheOthersNotificationsTakeToArrive()
    {
        var (first, second) = Nodes();
        using var heardByFirst = new RecordedMetrics(first.Services);
        using var heardBySecond = new RecordedMetrics(second.Services);

        // Every node sends a heartbeat every 5 s; within two intervals each has heard the other's.
        var heard = await Eventually.HoldsAsync(
            () => Task.FromResult(heardByFirst.Of("trellis.notify.lag").Any() && heardBySecond.Of("trellis.notify.lag").Any()),
            NodeChangeListener.HeartbeatInterval * 2 + TimeSpan.FromSeconds(2));

        Assert.True(heard, "A node heard no heartbeat from the other within two intervals.");
        // Same machine, same clock: a lag is a delivery time, well under the interval.
        Assert.All(heardByFirst.Of("trellis.notify.lag").Concat(heardBySecond.Of("trellis.notify.lag")),
            m => Assert.InRange(m.Value, 0, NodeChangeListener.HeartbeatInterval.TotalMilliseconds));
    }

    [Fact]
    public async Task AFieldAddedOnOneNodeIsUsedOnTheOtherWithinMoments_AndItsRemovalToo()
    {
        var (first, second) = Nodes();
        using var one = await first.SignedInAsync();
        using var two = await second.SignedInAsync();
        // The second node holds the workspace's schema before the change.
        Assert.Equal(HttpStatusCode.OK, (await two.GetAsync($"{TrellisApplication.Base}/defects?fields=name&limit=1", Cancel)).StatusCode);
        var name = UserDefinedFieldTests.Unique("shared");

        await UserDefinedFieldTests.AddAsync(one, new { name, entity_name = "defect", field_type = "string" });
        // The second node forgets its schema when it hears the first's NOTIFY, moments after the commit.
        var id = "";
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var created = await two.PostAsync($"{TrellisApplication.Base}/defects", new StringContent($$"""{"data":[{"name":"Written on the second node","{{name}}":"yes"}]}"""), Cancel);
            id = created.StatusCode == HttpStatusCode.Created ? (await created.ReadObjectAsync()).Data()[0].Text("id")! : "";
            return id.Length > 0;
        }, TimeSpan.FromSeconds(10)), "The second node did not take the new field within ten seconds.");
        Assert.Equal("yes", (await one.GetObjectAsync($"{TrellisApplication.Base}/defects/{id}?fields={name}")).Text(name));

        using (var removed = await one.DeleteAsync($"{TrellisApplication.Base}/metadata/fields/{name}", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, removed.StatusCode);
        }

        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var stale = await two.GetAsync($"{TrellisApplication.Base}/defects/{id}?fields={name}", Cancel);
            return stale.StatusCode == HttpStatusCode.BadRequest;
        }, TimeSpan.FromSeconds(10)), "The second node still knew the removed field after ten seconds.");
        using var gone = await two.GetAsync($"{TrellisApplication.Base}/defects/{id}?fields={name}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(gone, HttpStatusCode.BadRequest, "platform.unknown_field");
    }
}
