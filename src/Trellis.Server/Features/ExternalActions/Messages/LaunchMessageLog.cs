using System.Collections.Concurrent;

namespace Trellis.Server.Features.ExternalActions.Messages;

/// <summary>One message an app posted to the host, and what the host decided (the message inspector's row).</summary>
/// <param name="At">When the host received it.</param>
/// <param name="SharedSpace">The launch's shared space.</param>
/// <param name="Workspace">The launch's workspace.</param>
/// <param name="Action">The action's name.</param>
/// <param name="LaunchId">The launch's instance id (<c>dialog_id</c> / <c>panel_id</c>), or the tab launch's id.</param>
/// <param name="Origin">The sender's origin, as the browser reported it.</param>
/// <param name="EventName">The <c>event_name</c>, when the message had one.</param>
/// <param name="Accepted">Whether the host acted on it.</param>
/// <param name="Reason">Why it was rejected or ignored (a reason code of the message judge); <see langword="null"/> when accepted.</param>
/// <param name="Data">The message as JSON, cut to a few KiB.</param>
/// <param name="Explanation">The reason in words, as the judge put it for the app's developer; <see langword="null"/> when accepted.</param>
public sealed record LaunchMessageEntry(
    DateTimeOffset At, long SharedSpace, long Workspace, string Action, string LaunchId, string Origin, string? EventName,
    bool Accepted, string? Reason, string Data, string? Explanation = null);

/// <summary>What the inspector shows: all three criteria are optional and combine with AND.</summary>
/// <param name="Action">Only this action (case-insensitive).</param>
/// <param name="LaunchId">Only this launch.</param>
/// <param name="Accepted">Only accepted (<see langword="true"/>) or only rejected (<see langword="false"/>) messages.</param>
public sealed record LaunchMessageFilter(string? Action = null, string? LaunchId = null, bool? Accepted = null)
{
    /// <summary>Whether an entry passes.</summary>
    public bool Matches(LaunchMessageEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return (string.IsNullOrEmpty(Action) || string.Equals(entry.Action, Action, StringComparison.OrdinalIgnoreCase))
            && (string.IsNullOrEmpty(LaunchId) || string.Equals(entry.LaunchId, LaunchId, StringComparison.Ordinal))
            && (Accepted is not { } accepted || entry.Accepted == accepted);
    }
}

/// <summary>One launch's messages, oldest first.</summary>
/// <param name="LaunchId">The launch's instance id.</param>
/// <param name="Action">The action's name.</param>
/// <param name="Workspace">The launch's workspace.</param>
/// <param name="First">When its first kept message arrived.</param>
/// <param name="Last">When its last kept message arrived.</param>
/// <param name="AcceptedCount">How many were acted on.</param>
/// <param name="RejectedCount">How many were rejected or ignored.</param>
/// <param name="Messages">The messages, oldest first.</param>
public sealed record LaunchMessageGroup(
    string LaunchId, string Action, long Workspace, DateTimeOffset First, DateTimeOffset Last, int AcceptedCount, int RejectedCount,
    IReadOnlyList<LaunchMessageEntry> Messages);

/// <summary>
/// The recent messages of every launch this node hosted, per shared space, newest last, bounded so a chatty app cannot
/// grow it. Blazor circuits are sticky to a node, so the node that hosted a launch holds its messages.
/// </summary>
public sealed class LaunchMessageLog
{
    /// <summary>How many messages a shared space keeps.</summary>
    public const int Capacity = 1000;

    private readonly ConcurrentDictionary<long, ConcurrentQueue<LaunchMessageEntry>> _bySpace = new();
    private readonly Lock _listenersLock = new();
    private ImmutableListeners _listeners = ImmutableListeners.Empty;

    /// <summary>Keeps one message, dropping the oldest beyond <see cref="Capacity"/>, and tells the listeners of its space.</summary>
    public void Add(LaunchMessageEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var queue = _bySpace.GetOrAdd(entry.SharedSpace, _ => new ConcurrentQueue<LaunchMessageEntry>());
        queue.Enqueue(entry);
        while (queue.Count > Capacity && queue.TryDequeue(out _))
        {
        }

        foreach (var (space, listener) in _listeners.Items)
        {
            if (space == entry.SharedSpace)
            {
                listener(entry);
            }
        }
    }

    /// <summary>The kept messages of a shared space, oldest first.</summary>
    public IReadOnlyList<LaunchMessageEntry> Recent(long sharedSpace) =>
        _bySpace.TryGetValue(sharedSpace, out var queue) ? [.. queue] : [];

    /// <summary>The kept messages of a shared space that pass <paramref name="filter"/>, oldest first.</summary>
    public IReadOnlyList<LaunchMessageEntry> Recent(long sharedSpace, LaunchMessageFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return [.. Recent(sharedSpace).Where(filter.Matches)];
    }

    /// <summary>
    /// The kept messages of a shared space that pass <paramref name="filter"/>, grouped per launch, the launch with the
    /// newest message first.
    /// </summary>
    public IReadOnlyList<LaunchMessageGroup> ByLaunch(long sharedSpace, LaunchMessageFilter filter) =>
        [.. Recent(sharedSpace, filter)
            .GroupBy(e => e.LaunchId, StringComparer.Ordinal)
            .Select(g =>
            {
                var messages = g.ToList();
                return new LaunchMessageGroup(g.Key, messages[0].Action, messages[0].Workspace, messages[0].At, messages[^1].At,
                    messages.Count(m => m.Accepted), messages.Count(m => !m.Accepted), messages);
            })
            .OrderByDescending(g => g.Last)
            .ThenBy(g => g.LaunchId, StringComparer.Ordinal)];

    /// <summary>Calls <paramref name="onAdded"/> for every message later added in <paramref name="sharedSpace"/>, until the result is disposed.</summary>
    /// <returns>Disposing it stops the notifications.</returns>
    public IDisposable NotifyOnAdd(long sharedSpace, Action<LaunchMessageEntry> onAdded)
    {
        ArgumentNullException.ThrowIfNull(onAdded);
        var item = (sharedSpace, onAdded);
        lock (_listenersLock)
        {
            _listeners = _listeners.With(item);
        }

        return new Subscription(() =>
        {
            lock (_listenersLock)
            {
                _listeners = _listeners.Without(item);
            }
        });
    }

    // Copy-on-write: Add reads the listeners without a lock, and a listener may unsubscribe while being called.
    private sealed record ImmutableListeners(IReadOnlyList<(long Space, Action<LaunchMessageEntry> Listener)> Items)
    {
        public static readonly ImmutableListeners Empty = new([]);

        public ImmutableListeners With((long, Action<LaunchMessageEntry>) item) => new([.. Items, item]);

        public ImmutableListeners Without((long, Action<LaunchMessageEntry>) item)
        {
            var index = Items.ToList().IndexOf(item);
            return index < 0 ? this : new([.. Items.Where((_, i) => i != index)]);
        }
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }
}
