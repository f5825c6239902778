using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Trellis.Server.Features.Operations;

namespace Trellis.Server.IntegrationTests;

/// <summary>The idle trim (docs/performance.md, idle memory): when it runs, and what a trim does.</summary>
public sealed class IdleMemoryTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    private const long Start = 1_000_000;
    private const long Work = IdleTracker.WorkWorthTrimmingBytes;
    private const long Quiet = IdleTracker.BusyBytesPerWindow / 2;

    [Fact]
    public void AQuietWindowAfterWork_Trims_OnceUntilThereIsWorkAgain()
    {
        var tracker = new IdleTracker(Start, allocatedAtLastTrim: Start);
        Assert.False(tracker.ShouldTrim(Start + Work)); // the window with the work in it is busy
        Assert.True(tracker.ShouldTrim(Start + Work + Quiet));
        Assert.False(tracker.ShouldTrim(Start + Work + (2 * Quiet))); // still idle, nothing new to give back
        Assert.False(tracker.ShouldTrim(Start + (2 * Work) + (2 * Quiet)));
        Assert.True(tracker.ShouldTrim(Start + (2 * Work) + (3 * Quiet)));
    }

    [Fact]
    public void AnIdleNode_IsTrimmedOnlyWhenItsSmallAllocationsAddUpToTheWorkWorthTrimming()
    {
        // Timers and health probes: about 200 KB in a window.
        const long idle = 200 * 1024;
        var tracker = new IdleTracker(Start, allocatedAtLastTrim: Start);
        var trims = Enumerable.Range(1, 100).Where(window => tracker.ShouldTrim(Start + (window * idle))).ToList();
        var every = (int)Math.Ceiling((double)Work / idle);
        Assert.Equal([every, 2 * every, 3 * every, 4 * every], trims);
    }

    [Fact]
    public void ANodeThatHasJustStarted_IsTrimmedInItsFirstQuietWindow()
    {
        // The start allocated far more than the work worth trimming before the trim's own service began.
        const long started = 40 * Work;
        var tracker = new IdleTracker(started, allocatedAtLastTrim: 0);
        Assert.True(tracker.ShouldTrim(started + Quiet));
        Assert.False(tracker.ShouldTrim(started + (2 * Quiet)));
    }

    [Fact]
    public void AllocationsAboveTheBusyLimit_NeverTrim()
    {
        var tracker = new IdleTracker(Start, allocatedAtLastTrim: Start);
        var allocated = Start;
        for (var window = 1; window <= 5; window++)
        {
            allocated += IdleTracker.BusyBytesPerWindow + 1;
            Assert.False(tracker.ShouldTrim(allocated), $"window {window}");
        }
    }

    [Fact]
    public void ATrim_IsACompactingFullBlockingCollection()
    {
        var before = GC.GetGCMemoryInfo(GCKind.FullBlocking).Index;
        IdleMemoryTrimmer.Trim();
        var after = GC.GetGCMemoryInfo(GCKind.FullBlocking);
        Assert.True(after.Index > before, $"no full blocking collection: index {before} -> {after.Index}");
        Assert.True(after.Compacted);
    }

    [Fact]
    public void TheServer_RunsTheTrimByDefault() =>
        Assert.Single(app.Services.GetServices<IHostedService>().OfType<IdleMemoryTrimmer>());

    [Fact]
    public void TrimWhenIdleFalse_LeavesItOut()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([KeyValuePair.Create(IdleMemoryExtensions.TrimWhenIdleKey, (string?)"false")]).Build();
        var services = new ServiceCollection().AddIdleMemoryTrim(configuration);
        Assert.DoesNotContain(services, s => s.ImplementationType == typeof(IdleMemoryTrimmer));
    }
}
