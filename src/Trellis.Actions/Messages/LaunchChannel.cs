namespace Trellis.Actions.Messages;

/// <summary>Where a launched app runs, which decides how it may talk back (docs/reference/launches.md#modes, docs/reference/messages.md#envelope).</summary>
public enum ChannelKind
{
    /// <summary>A host dialog's iframe; posts to <c>window.parent</c>.</summary>
    Dialog,

    /// <summary>A side panel's iframe; posts to <c>window.parent</c>. Events are always on.</summary>
    SidePanel,

    /// <summary>A new tab; posts to <c>window.opener</c>, which exists only with <c>events: true</c>.</summary>
    Tab,
}

/// <summary>
/// What the host knows about one launch when a message arrives from it: the context the app was given, the
/// instance id, and what the action lets it send. The host keeps one per open dialog, panel or events tab.
/// </summary>
public sealed record LaunchChannel
{
    /// <summary>Gets the shared-space id the app was launched with, as a decimal string.</summary>
    public required string SharedSpace { get; init; }

    /// <summary>Gets the workspace id the app was launched with, as a decimal string.</summary>
    public required string Workspace { get; init; }

    /// <summary>
    /// Gets the instance id (<c>dialog_id</c> / <c>panel_id</c>) of a dialog or panel launch.
    /// <value>The default is <see langword="null"/>, as for tabs, which have none.</value>
    /// </summary>
    public string? InstanceId { get; init; }

    /// <summary>Gets where the app runs.</summary>
    public required ChannelKind Kind { get; init; }

    /// <summary>Gets the action's <c>events</c> flag. <value>The default is <see langword="false"/>.</value></summary>
    public bool Events { get; init; }

    /// <summary>Gets the app's origin (scheme, host, port), the only target of the host's replies (docs/reference/messages.md#envelope).</summary>
    public required string AppOrigin { get; init; }

    /// <summary>Gets a value indicating whether the app may send events other than dialog control: side panels always may (docs/reference/launches.md#modes).</summary>
    public bool EventsAllowed => Kind == ChannelKind.SidePanel || Events;
}
