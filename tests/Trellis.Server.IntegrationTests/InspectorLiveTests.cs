using System.Diagnostics;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MudBlazor.Services;
using Trellis.Data;
using Trellis.Web.Pages.Messages;
using Trellis.Application.Access;
using Trellis.Application.Auth;
using Trellis.Application.ExternalActions.Messages;

namespace Trellis.Server.IntegrationTests;

/// <summary>The message inspector rendered with a running node's services (bUnit, no browser), as a space admin's open page.</summary>
internal static class InspectorRendering
{
    public static BunitContext ContextFor(TrellisApplication node)
    {
        var context = new BunitContext();
        context.JSInterop.Mode = JSRuntimeMode.Loose;
        context.Services.AddMudServices();
        context.Services.AddSingleton(node.Services.GetRequiredService<LaunchMessageLog>());
        context.Services.AddSingleton(node.Services.GetRequiredService<LaunchLogFeed>());
        context.Services.AddSingleton(node.Services.GetRequiredService<IOptions<MessageLogOptions>>());
        return context;
    }

    public static IRenderedComponent<MessageInspector> Render(BunitContext context)
    {
        var scope = new SpaceScope(1001, new CurrentUser(1, "admin", "session", [Roles.SiteAdmin]));
        return context.Render<MessageInspector>(parameters => parameters.Add(p => p.SharedSpace, 1001).AddCascadingValue(scope));
    }

    public static LaunchEntry Launch(TrellisApplication node, string action, string launch) =>
        new(node.Time.GetUtcNow(), 1001, 1002, launch, action, null, "someone", "dialog", "list", "backlog", "defect",
            [new LaunchEntity("defect", "1005")], $"http://127.0.0.1:5000/{launch}");

    public static LaunchMessageEntry Message(TrellisApplication node, string action, string launch, int n) =>
        new(node.Time.GetUtcNow().AddMilliseconds(n), 1001, 1002, action, launch, "http://127.0.0.1:5000", "octane_set_dialog_title", true, null,
            $$$"""{"event_name":"octane_set_dialog_title","data":{"title":"Step {{{n}}}"}}""");

    /// <summary>Whether the inspector shows the message <see cref="Message"/> made with <paramref name="n"/>.</summary>
    public static bool ShowsMessage(IRenderedComponent<MessageInspector> inspector, int n) =>
        inspector.FindAll("pre[aria-label=Message]").Any(p => p.TextContent.Contains($"\"title\": \"Step {n}\"", StringComparison.Ordinal));

    /// <summary>
    /// Keeps <paramref name="count"/> messages of one launch on <paramref name="writer"/> as fast as it can while the inspector
    /// is open, and checks the inspector ends showing them all after fewer refreshes than the throttle allows.
    /// </summary>
    public static async Task AFloodIsCoalescedAsync(TrellisApplication writer, IRenderedComponent<MessageInspector> inspector, int count)
    {
        var cancel = Xunit.TestContext.Current.CancellationToken;
        var log = writer.Services.GetRequiredService<LaunchMessageLog>();
        var (action, launch) = ($"flood_{Guid.NewGuid():N}"[..16], $"flood-{Guid.NewGuid():N}"[..20]);
        await log.AddLaunchAsync(Launch(writer, action, launch), cancel);
        inspector.WaitForAssertion(() => Assert.Contains(launch, inspector.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(20));

        var rendersBefore = inspector.RenderCount;
        var clock = Stopwatch.StartNew();
        for (var n = 1; n <= count; n++)
        {
            await log.AddAsync(Message(writer, action, launch, n), cancel);
        }

        inspector.WaitForAssertion(() => Assert.True(ShowsMessage(inspector, count)), TimeSpan.FromSeconds(20));
        var elapsed = clock.Elapsed;
        var refreshes = inspector.RenderCount - rendersBefore;
        Xunit.TestContext.Current.TestOutputHelper?.WriteLine($"{count} messages in {elapsed.TotalMilliseconds:F0} ms: {refreshes} refreshes");
        // The rate itself (one refresh per interval) is proven on a fake clock by CoalescedRefreshTests; here, on a real
        // clock whose pace depends on the machine, only that the flood was coalesced.
        Assert.True(refreshes <= count / 2, $"{count} messages in {elapsed.TotalMilliseconds:F0} ms caused {refreshes} refreshes: they were not coalesced.");
    }
}

/// <summary>An open inspector on the node that keeps a launch or message shows it without a reload (docs/ui.md#message-inspector).</summary>
public sealed class InspectorLiveTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    [Fact]
    public async Task ALaunchKeptOnThisNode_ShowsInTheOpenInspector()
    {
        using var context = InspectorRendering.ContextFor(app);
        var inspector = InspectorRendering.Render(context);
        var (action, launch) = ($"live_{Guid.NewGuid():N}"[..16], $"live-{Guid.NewGuid():N}"[..20]);
        Assert.DoesNotContain(launch, inspector.Markup, StringComparison.Ordinal);

        await app.Services.GetRequiredService<LaunchMessageLog>().AddLaunchAsync(InspectorRendering.Launch(app, action, launch), Xunit.TestContext.Current.CancellationToken);

        inspector.WaitForAssertion(() => Assert.Contains($"http://127.0.0.1:5000/{launch}", inspector.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task AFloodOfMessages_RefreshesTheOpenInspectorAFewTimesASecond_AndEndsWithTheLast()
    {
        using var context = InspectorRendering.ContextFor(app);
        var inspector = InspectorRendering.Render(context);
        await InspectorRendering.AFloodIsCoalescedAsync(app, inspector, count: 100);
    }
}

/// <summary>
/// Two nodes on one PostgreSQL database: an inspector open on one shows, without a reload, what the other keeps, through
/// the nodes' NOTIFY listener (docs/ui.md#message-inspector).
/// </summary>
public sealed class InspectorTwoNodeTests(TwoPostgresNodes nodes) : IClassFixture<TwoPostgresNodes>
{
    private (TrellisApplication First, TrellisApplication Second) Nodes()
    {
        if (nodes.First is null || nodes.Second is null)
        {
            Assert.Skip(TrellisApplication.NoPostgres);
        }

        return (nodes.First, nodes.Second);
    }

    [Fact]
    public async Task ALaunchAndAMessageKeptOnOneNode_ShowInAnInspectorOpenOnTheOther()
    {
        var (first, second) = Nodes();
        using var context = InspectorRendering.ContextFor(second);
        var inspector = InspectorRendering.Render(context);
        var (action, launch) = ($"remote_{Guid.NewGuid():N}"[..16], $"remote-{Guid.NewGuid():N}"[..20]);
        Assert.DoesNotContain(launch, inspector.Markup, StringComparison.Ordinal);

        var log = first.Services.GetRequiredService<LaunchMessageLog>();
        await log.AddLaunchAsync(InspectorRendering.Launch(first, action, launch), Xunit.TestContext.Current.CancellationToken);
        inspector.WaitForAssertion(() => Assert.Contains($"http://127.0.0.1:5000/{launch}", inspector.Markup, StringComparison.Ordinal), TimeSpan.FromSeconds(20));

        await log.AddAsync(InspectorRendering.Message(first, action, launch, 7), Xunit.TestContext.Current.CancellationToken);
        inspector.WaitForAssertion(() => Assert.True(InspectorRendering.ShowsMessage(inspector, 7)), TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task AFloodOfMessagesOnOneNode_RefreshesAnInspectorOnTheOtherAFewTimesASecond_AndEndsWithTheLast()
    {
        var (first, second) = Nodes();
        using var context = InspectorRendering.ContextFor(second);
        var inspector = InspectorRendering.Render(context);
        await InspectorRendering.AFloodIsCoalescedAsync(first, inspector, count: 100);
    }
}

/// <summary>The throttle of one inspector's refreshes, on a clock the test moves.</summary>
public sealed class CoalescedRefreshTests
{
    private static readonly TimeSpan s_interval = LaunchLogFeed.RefreshInterval;

    [Fact]
    public void SignalsWithinAnInterval_AreOneRefresh_AndTheNextStartsAnIntervalAfterTheLast()
    {
        var clock = new FakeTimeProvider();
        var feed = new LaunchLogFeed(new DatabaseSettings(DatabaseProvider.Sqlite, "", false), clock);
        var runs = 0;
        using var subscription = feed.Subscribe(1001, () => { runs++; return Task.CompletedTask; });
        var node = (Trellis.Application.Platform.INodeCache)feed;

        // Another node's first change refreshes at once.
        node.Heard("other:1001");
        clock.Advance(TimeSpan.Zero);
        Assert.Equal(1, runs);

        // A burst right after waits for the interval and is one refresh.
        for (var i = 0; i < 50; i++)
        {
            node.Heard("other:1001");
        }

        clock.Advance(s_interval / 2);
        Assert.Equal(1, runs);
        clock.Advance(s_interval / 2);
        Assert.Equal(2, runs);

        // Another space's changes and what no node could have sent are nothing to this inspector.
        node.Heard("other:2002");
        node.Heard("garbage");
        node.Heard(":1001");
        clock.Advance(s_interval * 4);
        Assert.Equal(2, runs);
    }

    [Fact]
    public async Task ASignalWhileARefreshRuns_RefreshesOnceMoreAfterIt_AndNoneAfterDispose()
    {
        var clock = new FakeTimeProvider();
        var feed = new LaunchLogFeed(new DatabaseSettings(DatabaseProvider.Sqlite, "", false), clock);
        var node = (Trellis.Application.Platform.INodeCache)feed;
        var release = new TaskCompletionSource();
        var runs = 0;
        var subscription = feed.Subscribe(1001, async () =>
        {
            runs++;
            await release.Task;
        });

        node.Heard("other:1001");
        clock.Advance(TimeSpan.Zero);
        Assert.Equal(1, runs);
        // Heard while the first refresh reads: it may have read before the change.
        node.Heard("other:1001");
        node.Heard("other:1001");
        clock.Advance(s_interval * 2);
        Assert.Equal(1, runs);
        release.SetResult();
        await Task.Yield();
        clock.Advance(s_interval);
        Assert.Equal(2, runs);

        subscription.Dispose();
        node.Heard("other:1001");
        clock.Advance(s_interval * 2);
        Assert.Equal(2, runs);
    }

    [Fact]
    public void AListenerBackAfterALoss_RefreshesOnce_ForWhatOtherNodesKeptMeanwhile()
    {
        var clock = new FakeTimeProvider();
        var feed = new LaunchLogFeed(new DatabaseSettings(DatabaseProvider.Sqlite, "", false), clock);
        var node = (Trellis.Application.Platform.INodeCache)feed;
        var runs = 0;
        using var subscription = feed.Subscribe(1001, () => { runs++; return Task.CompletedTask; });

        node.Listening(false);
        clock.Advance(s_interval);
        Assert.Equal(0, runs);
        node.Listening(true);
        clock.Advance(s_interval);
        Assert.Equal(1, runs);
    }
}
