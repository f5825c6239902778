using System.Collections.Immutable;
using Trellis.Actions.Configuration;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Launch;

/// <summary>
/// What one action does in one context: whether it shows and is enabled (and why not, docs/reference/launches.md#availability), and if it
/// can launch, the URL or prompt, the mode and what the host must know to open it and to trust its messages.
/// </summary>
public sealed record LaunchPlan
{
    /// <summary>Gets the action planned.</summary>
    public required ActionDefinition Action { get; init; }

    /// <summary>Gets a value indicating whether the control appears at all (checks 1–4 passed).</summary>
    public required bool IsVisible { get; init; }

    /// <summary>Gets a value indicating whether the control is enabled (every check passed).</summary>
    public required bool IsEnabled { get; init; }

    /// <summary>Gets the code of the first failing check (<see cref="LaunchReasons"/>), or <see langword="null"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>Gets how many entities the selection counts (the grid's total under Select all); 0 while hidden.</summary>
    public long SelectedCount { get; init; }

    /// <summary>Gets a value indicating whether the action works on exactly one entity; known once visible.</summary>
    public bool SingleEntity { get; init; }

    /// <summary>Gets how the launch opens. Known even when the action is hidden or disabled.</summary>
    public required LaunchMode Mode { get; init; }

    /// <summary>
    /// Gets the mode as <c>trellis preview</c> prints it: <c>tab</c> (a protocol handler too), <c>dialog</c>,
    /// <c>side_panel</c> or <c>aviator_chat</c>.
    /// </summary>
    public string ModeName => Mode switch
    {
        LaunchMode.Dialog => "dialog",
        LaunchMode.SidePanel => "side_panel",
        LaunchMode.AviatorChat => "aviator_chat",
        _ => "tab",
    };

    /// <summary>Gets the dialog size for <see cref="LaunchMode.Dialog"/>, else <see langword="null"/>.</summary>
    public DialogSize? DialogSize { get; init; }

    /// <summary>
    /// Gets the URL to open, normalised as browsers do (docs/reference/launches.md#run-time-url-check); for a chip, the prompt file. <see langword="null"/>
    /// when the action cannot launch, and for a chip with an inline prompt.
    /// </summary>
    public string? Url { get; init; }

    /// <summary>Gets the inline prompt of a chip with <c>mode.prompt</c>, else <see langword="null"/>.</summary>
    public string? Prompt { get; init; }

    /// <summary>Gets the instance id of the dialog or panel (both <c>{dialog_id}</c> and <c>{panel_id}</c>), else <see langword="null"/>.</summary>
    public string? InstanceId { get; init; }

    /// <summary>Gets the dialog's id for a dialog launch, else <see langword="null"/>.</summary>
    public string? DialogId => Mode == LaunchMode.Dialog ? InstanceId : null;

    /// <summary>Gets the panel's id for a side panel launch, else <see langword="null"/>.</summary>
    public string? PanelId => Mode == LaunchMode.SidePanel ? InstanceId : null;

    /// <summary>Gets a value indicating whether dialog-control events are accepted: always for the action's own dialog.</summary>
    public bool DialogControlAllowed { get; init; }

    /// <summary>
    /// Gets a value indicating whether the other events of docs/reference/messages.md#events are accepted: with <c>events: true</c> for
    /// tabs and dialogs, always for side panels, never for protocol handlers and chips.
    /// </summary>
    public bool EventsAllowed { get; init; }

    /// <summary>
    /// Gets the app's origin (<c>scheme://host[:port]</c> of <see cref="Url"/>, default port omitted, host in
    /// ASCII) that replies go to, or <see langword="null"/> for protocol handlers and plans without a URL.
    /// </summary>
    public string? AppOrigin { get; init; }

    /// <summary>Gets a value indicating whether a tab opens with <c>noopener,noreferrer</c> (a tab without <c>events</c>).</summary>
    public bool NoOpener { get; init; }

    /// <summary>Gets the <c>{entity.…}</c> paths that named no field (rendered empty), for the log.</summary>
    public ImmutableArray<string> UnresolvedFields { get; init; } = [];

    /// <summary>Gets a value indicating whether the action shows enabled and can be launched.</summary>
    public bool CanLaunch => IsVisible && IsEnabled;

    /// <summary>Gets the compiled URL template, kept for fragment updates.</summary>
    internal UrlTemplate? Template { get; init; }
}
