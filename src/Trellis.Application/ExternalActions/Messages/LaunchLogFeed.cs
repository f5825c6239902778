using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Application.Platform;

namespace Trellis.Application.ExternalActions.Messages;

/// <summary>
/// Tells open message inspectors (docs/ui.md#message-inspector) that a launch or message of their shared space was kept:
/// on this node at once, and on PostgreSQL on every other node through <c>NOTIFY</c> on <see cref="Channel"/>, which the
/// node's change listener hears. Each inspector is told at most once per <see cref="RefreshInterval"/>, however many
/// rows arrive meanwhile, so a flood of messages costs its circuit a few refreshes a second.
/// </summary>
public sealed class LaunchLogFeed : INodeCache
{
    /// <summary>The channel a node announces a kept launch or message on: <c>&lt;node&gt;:&lt;shared space&gt;</c>.</summary>
    public const string Channel = "trellis_launch_log";

    /// <summary>The shortest time between two refreshes of one inspector.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromMilliseconds(250);

    // Announcements from this node are skipped when heard back: its own inspectors were told when the row was kept.
    private readonly string _node = Guid.NewGuid().ToString("N");
    private readonly DatabaseSettings _database;
    private readonly TimeProvider _clock;
    private readonly Lock _lock = new();
    private CoalescedRefresh[] _subscribers = [];

    /// <summary>A feed whose throttle runs on the wall clock: it spares circuits in real time, whatever clock the server reads.</summary>
    /// <param name="database">Which database the nodes share (announcements to other nodes only on PostgreSQL).</param>
    public LaunchLogFeed(DatabaseSettings database)
        : this(database, TimeProvider.System)
    {
    }

    /// <summary>A feed whose throttle runs on <paramref name="clock"/>.</summary>
    /// <param name="database">Which database the nodes share.</param>
    /// <param name="clock">The clock of the throttle's timers.</param>
    internal LaunchLogFeed(DatabaseSettings database, TimeProvider clock)
    {
        _database = database;
        _clock = clock;
    }

    /// <inheritdoc/>
    string INodeCache.NotifyChannel => Channel;

    /// <summary>
    /// Calls <paramref name="refresh"/> after launches or messages of <paramref name="sharedSpace"/> are kept on any node:
    /// at most once per <see cref="RefreshInterval"/>, never two at once, and once more after the last change.
    /// </summary>
    /// <returns>Disposing it stops the refreshes.</returns>
    public IDisposable Subscribe(long sharedSpace, Func<Task> refresh)
    {
        ArgumentNullException.ThrowIfNull(refresh);
        var subscriber = new CoalescedRefresh(sharedSpace, refresh, RefreshInterval, _clock, Unsubscribe);
        lock (_lock)
        {
            _subscribers = [.. _subscribers, subscriber];
        }

        return subscriber;
    }

    /// <summary>A launch or message of <paramref name="sharedSpace"/> was kept through <paramref name="db"/>: tells this node's inspectors, and the other nodes.</summary>
    public async Task KeptAsync(TrellisDbContext db, long sharedSpace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        Changed(sharedSpace);
        if (_database.Provider == DatabaseProvider.Postgres)
        {
            var payload = string.Create(CultureInfo.InvariantCulture, $"{_node}:{sharedSpace}");
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", cancellationToken);
        }
    }

    /// <inheritdoc/>
    void INodeCache.Heard(string payload)
    {
        var colon = payload.IndexOf(':', StringComparison.Ordinal);
        if (colon > 0 && !payload.AsSpan(0, colon).SequenceEqual(_node)
            && long.TryParse(payload.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var space))
        {
            Changed(space);
        }
    }

    /// <inheritdoc/>
    void INodeCache.Listening(bool listening)
    {
        // Back to hearing other nodes: what they kept while the listener was down is read once.
        if (listening)
        {
            foreach (var subscriber in Volatile.Read(ref _subscribers))
            {
                subscriber.Signal();
            }
        }
    }

    private void Changed(long sharedSpace)
    {
        foreach (var subscriber in Volatile.Read(ref _subscribers))
        {
            if (subscriber.SharedSpace == sharedSpace)
            {
                subscriber.Signal();
            }
        }
    }

    private void Unsubscribe(CoalescedRefresh subscriber)
    {
        lock (_lock)
        {
            _subscribers = [.. _subscribers.Where(s => s != subscriber)];
        }
    }
}

/// <summary>
/// One refresh run on demand, coalesced: a signal while one is waiting joins it, a signal while one runs schedules one
/// more after it, and two runs start at least an interval apart.
/// </summary>
internal sealed class CoalescedRefresh(long sharedSpace, Func<Task> refresh, TimeSpan interval, TimeProvider clock, Action<CoalescedRefresh> unsubscribe) : IDisposable
{
    private readonly Lock _lock = new();
    private bool _waiting;
    private bool _running;
    private bool _again;
    private bool _disposed;
    private long _lastStart = long.MinValue;
    private ITimer? _timer;

    /// <summary>Gets the shared space whose changes are asked for.</summary>
    public long SharedSpace => sharedSpace;

    /// <summary>Asks for a refresh.</summary>
    public void Signal()
    {
        lock (_lock)
        {
            if (_disposed || _waiting)
            {
                return;
            }

            if (_running)
            {
                // The running refresh may have read before this change.
                _again = true;
                return;
            }

            ScheduleLocked();
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }

        unsubscribe(this);
    }

    private void ScheduleLocked()
    {
        _waiting = true;
        var due = _lastStart == long.MinValue ? TimeSpan.Zero : interval - clock.GetElapsedTime(_lastStart);
        _timer?.Dispose();
        _timer = clock.CreateTimer(_ => _ = RunAsync(), null, due > TimeSpan.Zero ? due : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private async Task RunAsync()
    {
        lock (_lock)
        {
            if (_disposed || !_waiting)
            {
                return;
            }

            (_waiting, _running, _again, _lastStart) = (false, true, false, clock.GetTimestamp());
        }

        try
        {
            await refresh();
        }
        finally
        {
            lock (_lock)
            {
                _running = false;
                if (_again && !_disposed)
                {
                    _again = false;
                    ScheduleLocked();
                }
            }
        }
    }
}
