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
public sealed record LaunchMessageEntry(
    DateTimeOffset At, long SharedSpace, long Workspace, string Action, string LaunchId, string Origin, string? EventName,
    bool Accepted, string? Reason, string Data);

/// <summary>
/// The recent messages of every launch this node hosted, per shared space, newest last, bounded so a chatty app cannot
/// grow it. Blazor circuits are sticky to a node, so the node that hosted a launch holds its messages.
/// </summary>
public sealed class LaunchMessageLog
{
    /// <summary>How many messages a shared space keeps.</summary>
    public const int Capacity = 1000;

    private readonly ConcurrentDictionary<long, ConcurrentQueue<LaunchMessageEntry>> _bySpace = new();

    /// <summary>Keeps one message, dropping the oldest beyond <see cref="Capacity"/>.</summary>
    public void Add(LaunchMessageEntry entry)
    {
        var queue = _bySpace.GetOrAdd(entry.SharedSpace, _ => new ConcurrentQueue<LaunchMessageEntry>());
        queue.Enqueue(entry);
        while (queue.Count > Capacity && queue.TryDequeue(out _))
        {
        }
    }

    /// <summary>The kept messages of a shared space, oldest first.</summary>
    public IReadOnlyList<LaunchMessageEntry> Recent(long sharedSpace) =>
        _bySpace.TryGetValue(sharedSpace, out var queue) ? [.. queue] : [];
}
