using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Application.ExternalActions.Messages;

namespace Trellis.Server.IntegrationTests;

/// <summary>The message inspector's JSON (<c>GET /admin/shared_spaces/{ss}/launch-messages</c>) and the log behind it.</summary>
public sealed class LaunchMessagesTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    private const string Messages = "/admin/shared_spaces/1001/launch-messages";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly DateTimeOffset s_at = new(2026, 1, 15, 9, 30, 0, TimeSpan.Zero);

    private static LaunchMessageEntry Entry(string action, string launch, int second, string? eventName, bool accepted, string? reason = null, long space = 1001) =>
        new(s_at.AddSeconds(second), space, 1002, action, launch, "http://127.0.0.1:5000", eventName, accepted, reason,
            $$"""{"event_name":"{{eventName}}"}""");

    private async Task<(string Action, string First, string Second)> AddTwoLaunchesAsync()
    {
        await LaunchMessageStoreTests.EnsureOtherSpaceAsync(app);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var (action, first, second) = ($"app_{suffix}", $"d-{suffix}", $"p-{suffix}");
        var log = app.Services.GetRequiredService<LaunchMessageLog>();
        await log.AddAsync(Entry(action, first, 1, "octane_set_dialog_title", accepted: true), Cancel);
        await log.AddAsync(Entry(action, second, 2, "octane_refresh_list", accepted: false, "wrong_workspace"), Cancel);
        await log.AddAsync(Entry(action, first, 3, "octane_close_dialog", accepted: false, "wrong_instance_id"), Cancel);
        await log.AddAsync(Entry(action, second, 4, null, accepted: false, "not_an_envelope"), Cancel);
        await log.AddAsync(Entry(action, first, 5, "octane_close_dialog", accepted: true, space: LaunchMessageStoreTests.OtherSpace), Cancel);
        return (action, first, second);
    }

    [Fact]
    public async Task ASpaceAdminReadsTheMessagesPerLaunchNewestLaunchFirst()
    {
        var (action, first, second) = await AddTwoLaunchesAsync();
        using var admin = await app.SignedInAsync();

        var body = await admin.GetObjectAsync($"{Messages}?action={action}");

        Assert.Equal(2, body["total_count"]!.GetValue<int>());
        var launches = body["data"]!.AsArray();
        Assert.Equal([second, first], launches.Select(l => l.Text("launch_id")));
        var dialog = launches[1]!;
        Assert.Equal(action, dialog.Text("action"));
        Assert.Equal("1002", dialog.Text("workspace"));
        Assert.Equal("2026-01-15T09:30:01Z", dialog.Text("first"));
        Assert.Equal("2026-01-15T09:30:03Z", dialog.Text("last"));
        Assert.Equal(1, dialog["accepted_count"]!.GetValue<int>());
        Assert.Equal(1, dialog["rejected_count"]!.GetValue<int>());
        var messages = dialog["messages"]!.AsArray();
        Assert.Equal(["octane_set_dialog_title", "octane_close_dialog"], messages.Select(m => m.Text("event_name")));
        Assert.True(messages[0]!["accepted"]!.GetValue<bool>());
        Assert.Null(messages[0]!["reason"]);
        Assert.Equal("wrong_instance_id", messages[1].Text("reason"));
        Assert.Equal("http://127.0.0.1:5000", messages[1].Text("origin"));
        Assert.Equal("""{"event_name":"octane_close_dialog"}""", messages[1].Text("data"));
    }

    public static TheoryData<string, int> Filters => new()
    {
        { "accepted=true", 1 },
        { "accepted=false", 3 },
        { "launch=LAUNCH", 2 },
        { "launch=LAUNCH&accepted=false", 1 },
        { "launch=unknown", 0 },
    };

    [Theory]
    [MemberData(nameof(Filters))]
    public async Task FiltersCombine(string filter, int messageCount)
    {
        var (action, first, _) = await AddTwoLaunchesAsync();
        using var admin = await app.SignedInAsync();

        var body = await admin.GetObjectAsync($"{Messages}?action={action.ToUpperInvariant()}&{filter.Replace("LAUNCH", first, StringComparison.Ordinal)}");

        Assert.Equal(messageCount, body["data"]!.AsArray().Sum(l => l!["messages"]!.AsArray().Count));
    }

    [Fact]
    public async Task AMemberIsForbiddenAndAnAnonymousCallerMustSignIn()
    {
        using var member = await app.CreateClientAsync("member");
        using var forbidden = await member.GetAsync(Messages, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal("application/problem+json", forbidden.Content.Headers.ContentType?.MediaType);
        Assert.Equal("platform.forbidden", (await forbidden.ReadObjectAsync()).Text("type"));

        using var anonymous = app.Anonymous();
        using var unauthenticated = await anonymous.GetAsync(Messages, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
    }

    [Fact]
    public async Task AnAcceptedFilterThatIsNotABooleanIsAValidationProblem()
    {
        using var admin = await app.SignedInAsync();
        using var response = await admin.GetAsync($"{Messages}?accepted=maybe", Cancel);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull((await response.ReadObjectAsync())["errors"]!["accepted"]);
    }

    [Fact]
    public async Task TheLogTellsListenersOfTheirSpaceOnly_UntilTheyStopListening()
    {
        await LaunchMessageStoreTests.EnsureOtherSpaceAsync(app);
        var log = app.Services.GetRequiredService<LaunchMessageLog>();
        var heard = 0;
        var first = new TaskCompletionSource();
        using (app.Services.GetRequiredService<LaunchLogFeed>().Subscribe(1001, () =>
        {
            Interlocked.Increment(ref heard);
            first.TrySetResult();
            return Task.CompletedTask;
        }))
        {
            await log.AddAsync(Entry("a", "elsewhere", 0, "octane_refresh_list", accepted: true, space: LaunchMessageStoreTests.OtherSpace), Cancel);
            await log.AddAsync(Entry("a", "here", 0, "octane_refresh_list", accepted: true), Cancel);
            await first.Task.WaitAsync(TimeSpan.FromSeconds(10), Cancel);
            // Had the other space's message been heard, a second refresh would follow within the interval.
            await Task.Delay(LaunchLogFeed.RefreshInterval * 3, Cancel);
        }

        await log.AddAsync(Entry("a", "after", 0, "octane_refresh_list", accepted: true), Cancel);
        await Task.Delay(LaunchLogFeed.RefreshInterval * 3, Cancel);

        Assert.Equal(1, heard);
    }
}
