using System.Runtime.InteropServices;

namespace Trellis.Server.Features.Operations;

/// <summary>Registers the idle trim unless <c>Trellis:Memory:TrimWhenIdle</c> is false.</summary>
internal static class IdleMemoryExtensions
{
    public const string TrimWhenIdleKey = "Trellis:Memory:TrimWhenIdle";

    public static IServiceCollection AddIdleMemoryTrim(this IServiceCollection services, IConfiguration configuration)
    {
        if (configuration.GetValue(TrimWhenIdleKey, defaultValue: true))
        {
            services.AddHostedService<IdleMemoryTrimmer>();
        }

        return services;
    }
}

/// <summary>
/// Gives memory back once the node goes idle after work (docs/performance.md, idle memory): a node that has just
/// started or answered a burst of requests otherwise keeps the heap that work grew, since the collector only shrinks
/// it during collections and an idle node allocates too little to trigger one. Every <see cref="IdleTracker.Window"/>
/// it reads how much was allocated; a quiet window after enough work runs one aggressive, compacting collection and
/// returns the C library's free pages. <c>Trellis:Memory:TrimWhenIdle=false</c> switches it off (docs/configuration.md).
/// </summary>
internal sealed partial class IdleMemoryTrimmer(TimeProvider time, ILogger<IdleMemoryTrimmer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(IdleTracker.Window, time);
        // Nothing trimmed yet: what the start allocated counts as work, so a node that has just started is trimmed too.
        var tracker = new IdleTracker(GC.GetTotalAllocatedBytes(), allocatedAtLastTrim: 0);
        while (await WaitAsync(timer, stoppingToken))
        {
            if (tracker.ShouldTrim(GC.GetTotalAllocatedBytes()))
            {
                var before = Environment.WorkingSet;
                Trim();
                var pause = GC.GetGCMemoryInfo(GCKind.FullBlocking).PauseDurations[0];
                LogTrimmed(logger, before >> 20, Environment.WorkingSet >> 20, pause.TotalMilliseconds);
            }
        }
    }

    /// <summary>One aggressive, compacting full collection, then the C library's free pages back to the system.</summary>
    internal static void Trim()
    {
        // Aggressive: the collector also decommits its free regions and shrinks its budgets, which a normal one keeps.
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        ReleaseNativeFreePages();
    }

    // glibc keeps freed native memory (the JIT's, SQLite's) in its arenas; malloc_trim hands the free pages back.
    private static void ReleaseNativeFreePages()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        try
        {
            NativeMethods.MallocTrim(0);
        }
        catch (Exception exception) when (exception is EntryPointNotFoundException or DllNotFoundException)
        {
            // Another C library (musl) without malloc_trim: the managed heap was still trimmed.
        }
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Idle: memory trimmed, working set {BeforeMb} MB -> {AfterMb} MB, collection paused {PauseMs} ms")]
    private static partial void LogTrimmed(ILogger logger, long beforeMb, long afterMb, double pauseMs);

    // DllImport rather than LibraryImport: one blittable call does not need the project to allow unsafe code.
    private static class NativeMethods
    {
        [DllImport("libc", EntryPoint = "malloc_trim")]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int MallocTrim(nuint pad);
    }
}

/// <summary>Decides from the allocation counter when the node has gone idle after enough work to be worth a trim.</summary>
/// <param name="allocatedBytes">The process's allocated bytes when tracking starts.</param>
/// <param name="allocatedAtLastTrim">The counter at the last trim; 0 for none, so that all the process's work counts.</param>
internal sealed class IdleTracker(long allocatedBytes, long allocatedAtLastTrim)
{
    /// <summary>How often the counter is read; a node idles at least this long before it is trimmed.</summary>
    internal static readonly TimeSpan Window = TimeSpan.FromSeconds(5);

    /// <summary>More than this allocated in one window is a node at work (an idle node allocates some KB a second).</summary>
    internal const long BusyBytesPerWindow = 1L << 20;

    /// <summary>
    /// At least this allocated since the last trim (the first page a browser reads allocates more), so that an idle
    /// node, whose timers and health probes allocate some KB a second, is trimmed every few minutes at most.
    /// </summary>
    internal const long WorkWorthTrimmingBytes = 4L << 20;

    private long lastSample = allocatedBytes;
    private long lastTrim = allocatedAtLastTrim;

    /// <summary>Takes the next reading of the counter; true when the window was quiet and enough work came before it.</summary>
    /// <param name="allocatedBytes">The process's allocated bytes now.</param>
    /// <returns>Whether to trim now.</returns>
    public bool ShouldTrim(long allocatedBytes)
    {
        var inWindow = allocatedBytes - lastSample;
        lastSample = allocatedBytes;
        if (inWindow > BusyBytesPerWindow || allocatedBytes - lastTrim < WorkWorthTrimmingBytes)
        {
            return false;
        }

        lastTrim = allocatedBytes;
        return true;
    }
}
