using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Trellis.Application.Auth;
using Trellis.Application.ExternalActions.Messages;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// The message inspector's store in the database (docs/ui.md#message-inspector): launches and messages survive a new
/// instance, the retention clean-up deletes old rows only, and one space's launches are not another's.
/// </summary>
public abstract class LaunchMessageStoreTests(TrellisApplication app)
{
    public const long OtherSpace = 2002;
    public const long OtherWorkspace = 2003;
    private const string Password = "Inspector-Password-1";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    /// <summary>Runs <paramref name="first"/> on one instance, stops it, then <paramref name="second"/> on a new instance over the same database.</summary>
    protected abstract Task OneInstanceThenAnotherAsync(Func<TrellisApplication, Task> first, Func<TrellisApplication, Task> second);

    public static Task EnsureOtherSpaceAsync(TrellisApplication app) => app.WithDbAsync(async db =>
    {
        if (!await db.SharedSpaces.AnyAsync(s => s.Id == OtherSpace))
        {
            db.SharedSpaces.Add(new SharedSpace { Id = OtherSpace, Name = "Other space", CreatedAt = app.Time.GetUtcNow() });
            db.Workspaces.Add(new Workspace { Id = OtherWorkspace, SharedSpaceId = OtherSpace, Name = "Other workspace" });
            await db.SaveChangesAsync();
        }

        return true;
    });

    private static LaunchMessageEntry AppMessage(string launch, DateTimeOffset at, long space = 1001, long workspace = 1002) =>
        new(at, space, workspace, "notes_app", launch, "http://127.0.0.1:5000", "octane_get_settings", Accepted: true, Reason: null,
            """{"event_name":"octane_get_settings","shared_space":"1001","workspace":"1002","data":{"context":"list","panel_id":"p"}}""");

    [Fact]
    public async Task ALaunchItsMessagesAndTheHostsReply_SurviveANewInstance_WithWhoLaunchedItFromWhere()
    {
        var launch = $"launch-{Guid.NewGuid():N}"[..24];
        await OneInstanceThenAnotherAsync(
            async first =>
            {
                var userId = await first.AddUserAsync($"ada-{launch}", Password, "member");
                await first.WithDbAsync(async db =>
                {
                    var user = await db.Users.SingleAsync(u => u.Id == userId);
                    (user.FirstName, user.LastName) = ("Ada", "Lovelace");
                    return await db.SaveChangesAsync();
                });
                var log = first.Services.GetRequiredService<LaunchMessageLog>();
                var now = first.Time.GetUtcNow();
                await log.AddLaunchAsync(new LaunchEntry(now, 1001, 1002, launch, "notes_app", userId, $"ada-{launch}", "side_panel", "list", "backlog", "work_item",
                    [new LaunchEntity("defect", "1005"), new LaunchEntity("story", "1006")], "http://127.0.0.1:5000/notes?ids=1005,1006#panel"), Cancel);
                await log.AddAsync(AppMessage(launch, now.AddSeconds(1)), Cancel);
                await log.AddAsync(new LaunchMessageEntry(now.AddSeconds(2), 1001, 1002, "notes_app", launch, "http://127.0.0.1:5000", "octane_settings", true, null,
                    """{"event_name":"octane_settings","data":{"settings":{"note":"hi"}}}""", FromHost: true), Cancel);
            },
            async second =>
            {
                using var admin = await second.SignedInAsync();
                var body = await admin.GetObjectAsync($"/admin/shared_spaces/1001/launch-messages?launch={launch}");

                var group = Assert.Single(body.Data())!;
                Assert.Equal("Ada Lovelace", group["launched_by"].Text("name"));
                Assert.Equal("side_panel", group.Text("mode"));
                Assert.Equal("list", group.Text("view"));
                Assert.Equal("backlog", group.Text("module"));
                Assert.Equal("work_item", group.Text("entity_type"));
                Assert.Equal(["defect:1005", "story:1006"], group["entities"]!.AsArray().Select(e => $"{e.Text("type")}:{e.Text("id")}"));
                Assert.Equal("http://127.0.0.1:5000/notes?ids=1005,1006#panel", group.Text("url"));
                var messages = group["messages"]!.AsArray();
                Assert.Equal(["app_to_host", "host_to_app"], messages.Select(m => m.Text("direction")));
                Assert.Equal(["octane_get_settings", "octane_settings"], messages.Select(m => m.Text("event_name")));
                Assert.Equal(1, group["accepted_count"]!.GetValue<int>());

                // A status filter judges the app's messages; the host's reply stays with its launch.
                var accepted = Assert.Single((await admin.GetObjectAsync($"/admin/shared_spaces/1001/launch-messages?launch={launch}&accepted=true")).Data())!;
                Assert.Equal(2, accepted["messages"]!.AsArray().Count);
                Assert.Empty((await admin.GetObjectAsync($"/admin/shared_spaces/1001/launch-messages?launch={launch}&accepted=false")).Data());
            });
    }

    [Fact]
    public async Task TheCleanUpDeletesOnlyWhatIsOlderThanTheRetentionPeriod()
    {
        app.SkipUnlessAvailable();
        using var admin = await app.SignedInAsync();
        var log = app.Services.GetRequiredService<LaunchMessageLog>();
        var (old, recent) = ($"old-{Guid.NewGuid():N}"[..20], $"recent-{Guid.NewGuid():N}"[..20]);
        var now = app.Time.GetUtcNow();
        await log.AddLaunchAsync(new LaunchEntry(now.AddDays(-15), 1001, 1002, old, "notes_app", null, "someone", "dialog", "list", null, "defect", [], "http://127.0.0.1:5000/old"), Cancel);
        await log.AddAsync(AppMessage(old, now.AddDays(-15)), Cancel);
        await log.AddLaunchAsync(new LaunchEntry(now.AddDays(-13), 1001, 1002, recent, "notes_app", null, "someone", "dialog", "list", null, "defect", [], "http://127.0.0.1:5000/recent"), Cancel);
        await log.AddAsync(AppMessage(recent, now.AddDays(-13)), Cancel);

        var deleted = await StoreWith(new MessageLogOptions { RetentionDays = 14 }).PurgeAsync(Cancel);

        Assert.True(deleted >= 2, $"{deleted} rows deleted");
        Assert.Empty((await admin.GetObjectAsync($"/admin/shared_spaces/1001/launch-messages?launch={old}")).Data());
        var kept = Assert.Single((await admin.GetObjectAsync($"/admin/shared_spaces/1001/launch-messages?launch={recent}")).Data())!;
        Assert.Single(kept["messages"]!.AsArray());
        Assert.Equal("http://127.0.0.1:5000/recent", kept.Text("url"));
    }

    [Fact]
    public async Task TheCleanUpKeepsAWorkspacesNewestMessagesUpToTheCap_AndLeavesOtherWorkspacesAlone()
    {
        app.SkipUnlessAvailable();
        await EnsureOtherSpaceAsync(app);
        var log = app.Services.GetRequiredService<LaunchMessageLog>();
        var now = app.Time.GetUtcNow();
        var (crowded, quiet) = ($"crowded-{Guid.NewGuid():N}"[..20], $"quiet-{Guid.NewGuid():N}"[..20]);
        await log.AddAsync(AppMessage(quiet, now.AddMinutes(-5), OtherSpace, OtherWorkspace), Cancel);
        // Another test's rows in this workspace may be there too: the cap counts them all, oldest first.
        for (var i = 0; i < 105; i++)
        {
            await log.AddAsync(AppMessage(crowded, now.AddSeconds(i)), Cancel);
        }

        await StoreWith(new MessageLogOptions { MaxMessagesPerWorkspace = 100 }).PurgeAsync(Cancel);

        var (inWorkspace, newestKept, quietKept) = await app.WithDbAsync(async db => (
            await db.LaunchMessages.CountAsync(m => m.WorkspaceId == 1002, Cancel),
            await db.LaunchMessages.Where(m => m.LaunchKey == crowded).CountAsync(Cancel),
            await db.LaunchMessages.CountAsync(m => m.LaunchKey == quiet, Cancel)));
        Assert.Equal(100, inWorkspace);
        Assert.Equal(100, newestKept);
        Assert.Equal(1, quietKept);
    }

    [Fact]
    public async Task AnotherSpacesLaunchesAreNotListed_AndItsAdminCannotReadThisSpace()
    {
        app.SkipUnlessAvailable();
        await EnsureOtherSpaceAsync(app);
        var log = app.Services.GetRequiredService<LaunchMessageLog>();
        var launch = $"other-{Guid.NewGuid():N}"[..20];
        var now = app.Time.GetUtcNow();
        await log.AddLaunchAsync(new LaunchEntry(now, OtherSpace, OtherWorkspace, launch, "secret_app", null, "other", "dialog", "list", null, "defect", [], "http://127.0.0.1:5000/secret"), Cancel);
        await log.AddAsync(AppMessage(launch, now, OtherSpace, OtherWorkspace), Cancel);

        using var siteAdmin = await app.SignedInAsync();
        Assert.Empty((await siteAdmin.GetObjectAsync("/admin/shared_spaces/1001/launch-messages?action=secret_app")).Data());
        Assert.Single((await siteAdmin.GetObjectAsync($"/admin/shared_spaces/{OtherSpace}/launch-messages?launch={launch}")).Data());

        var login = $"other-admin-{Guid.NewGuid():N}";
        await app.AddUserWithRolesAsync(login, Password, OtherSpace, (Roles.SpaceAdmin, OtherSpace, null));
        using var otherAdmin = await app.SignedInAsync(login, Password);
        Assert.Single((await otherAdmin.GetObjectAsync($"/admin/shared_spaces/{OtherSpace}/launch-messages?launch={launch}")).Data());
        using var refused = await otherAdmin.GetAsync("/admin/shared_spaces/1001/launch-messages", Cancel);
        // Not a member of that space: the access layer does not even say the space exists.
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
    }

    [Fact]
    public async Task WhatAnAppSentIsCutToSize_AndCharactersADatabaseRefusesAreReplaced()
    {
        app.SkipUnlessAvailable();
        var log = app.Services.GetRequiredService<LaunchMessageLog>();
        var launch = $"hostile-{Guid.NewGuid():N}"[..20];
        var huge = new string('x', 300_000);
        await log.AddAsync(new LaunchMessageEntry(app.Time.GetUtcNow(), 1001, 1002, "notes_app", launch, "http://a\0b" + huge, "bad\0name\uD800" + huge, false,
            "not_an_envelope", "{\"data\":\"" + huge + "\"}", "because" + huge), Cancel);

        var row = await app.WithDbAsync(db => db.LaunchMessages.SingleAsync(m => m.LaunchKey == launch, Cancel));
        Assert.Equal(LaunchMessageLog.MaxData, row.Data.Length);
        Assert.Equal(512, row.Origin.Length);
        Assert.StartsWith("http://a\uFFFDb", row.Origin, StringComparison.Ordinal);
        Assert.StartsWith("bad\uFFFDname\uFFFD", row.EventName, StringComparison.Ordinal);
        Assert.Equal(128, row.EventName!.Length);
        Assert.Equal(1024, row.Explanation!.Length);
    }

    private LaunchMessageLog StoreWith(MessageLogOptions options) =>
        new(app.Services.GetRequiredService<IDbContextFactory<TrellisDbContext>>(), Options.Create(options), app.Time, app.Services.GetRequiredService<LaunchLogFeed>(),
            app.Services.GetRequiredService<ILogger<LaunchMessageLog>>());
}

public sealed class SqliteLaunchMessageStoreTests(SqliteApplication app) : LaunchMessageStoreTests(app), IClassFixture<SqliteApplication>
{
    protected override async Task OneInstanceThenAnotherAsync(Func<TrellisApplication, Task> first, Func<TrellisApplication, Task> second)
    {
        var directory = Path.Combine(Path.GetTempPath(), "trellis-tests", Guid.NewGuid().ToString("N"));
        try
        {
            await using (var node = new SqliteNode(directory))
            {
                await first(node);
            }

            await using (var node = new SqliteNode(directory))
            {
                await second(node);
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>A server whose SQLite database lives in a directory that outlives it.</summary>
    private sealed class SqliteNode(string dataDirectory) : TrellisApplication(Data.DatabaseProvider.Sqlite)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Trellis:DataDirectory", dataDirectory);
        }
    }
}

public sealed class PostgresLaunchMessageStoreTests(PostgresApplication app) : LaunchMessageStoreTests(app), IClassFixture<PostgresApplication>
{
    protected override async Task OneInstanceThenAnotherAsync(Func<TrellisApplication, Task> first, Func<TrellisApplication, Task> second)
    {
        var server = Environment.GetEnvironmentVariable(TrellisApplication.PostgresVariable);
        if (string.IsNullOrWhiteSpace(server))
        {
            Assert.Skip(TrellisApplication.NoPostgres);
        }

        var database = await TestDatabases.CreateAsync(server);
        try
        {
            await using (var node = new TrellisApplication(Data.DatabaseProvider.Postgres, database))
            {
                await node.InitializeAsync();
                await first(node);
            }

            await using (var node = new TrellisApplication(Data.DatabaseProvider.Postgres, database))
            {
                await node.InitializeAsync();
                await second(node);
            }
        }
        finally
        {
            await TestDatabases.DropAsync(server, database);
        }
    }
}

/// <summary>Two nodes on one PostgreSQL database: the inspector on one lists what the other kept.</summary>
public sealed class LaunchMessagesTwoNodeTests(TwoPostgresNodes nodes) : IClassFixture<TwoPostgresNodes>
{
    [Fact]
    public async Task ALaunchAndMessageKeptOnOneNode_AreListedByTheOther()
    {
        if (nodes.First is null || nodes.Second is null)
        {
            Assert.Skip(TrellisApplication.NoPostgres);
        }

        var launch = $"two-node-{Guid.NewGuid():N}"[..24];
        var log = nodes.First.Services.GetRequiredService<LaunchMessageLog>();
        var now = nodes.First.Time.GetUtcNow();
        await log.AddLaunchAsync(new LaunchEntry(now, 1001, 1002, launch, "notes_app", null, "someone", "dialog", "details", "backlog", "defect",
            [new LaunchEntity("defect", "1005")], "http://127.0.0.1:5000/notes"), TestContext.Current.CancellationToken);
        await log.AddAsync(new LaunchMessageEntry(now, 1001, 1002, "notes_app", launch, "http://127.0.0.1:5000", "octane_close_dialog", false, "wrong_instance_id",
            """{"event_name":"octane_close_dialog"}""", "The dialog_id is not the id of this launch."), TestContext.Current.CancellationToken);

        using var admin = await nodes.Second.SignedInAsync();
        var group = Assert.Single((await admin.GetObjectAsync($"/admin/shared_spaces/1001/launch-messages?launch={launch}")).Data())!;

        Assert.Equal("http://127.0.0.1:5000/notes", group.Text("url"));
        var message = Assert.Single(group["messages"]!.AsArray())!;
        Assert.Equal("wrong_instance_id", message.Text("reason"));
        Assert.Equal("The dialog_id is not the id of this launch.", message.Text("explanation"));
    }
}
