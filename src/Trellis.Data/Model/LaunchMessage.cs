namespace Trellis.Data.Model;

/// <summary>
/// One message between a launched app and the host, as the message inspector shows it (docs/ui.md#message-inspector):
/// what the app posted and whether the host acted on it, or what the host sent back.
/// </summary>
public sealed class LaunchMessage
{
    /// <summary>Gets or sets the id (increasing: the order messages were kept in).</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the shared space.</summary>
    public long SharedSpaceId { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public long WorkspaceId { get; set; }

    /// <summary>Gets or sets the launch it belongs to (<see cref="LaunchRecord.LaunchKey"/>); empty when no launch's window sent it.</summary>
    public required string LaunchKey { get; set; }

    /// <summary>Gets or sets the action's name; empty when no launch's window sent it.</summary>
    public required string ActionName { get; set; }

    /// <summary>Gets or sets when the host received or sent it.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Gets or sets a value indicating whether the host sent it to the app (otherwise the app posted it).</summary>
    public bool FromHost { get; set; }

    /// <summary>Gets or sets the sender's origin (the app's), or the origin the host's reply was addressed to.</summary>
    public required string Origin { get; set; }

    /// <summary>Gets or sets the <c>event_name</c>, when it had one.</summary>
    public string? EventName { get; set; }

    /// <summary>Gets or sets a value indicating whether the host acted on it (a host message: whether it was delivered).</summary>
    public bool Accepted { get; set; }

    /// <summary>Gets or sets the reason code when it was rejected or ignored.</summary>
    public string? Reason { get; set; }

    /// <summary>Gets or sets the reason in words.</summary>
    public string? Explanation { get; set; }

    /// <summary>Gets or sets the message as JSON, cut to a few KiB.</summary>
    public required string Data { get; set; }
}
