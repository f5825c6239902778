using System.Collections.Immutable;

namespace Trellis.Actions.Configuration;

/// <summary>What kind of control an action adds (docs/reference/configuration-rules.md#kinds-of-action).</summary>
public enum ActionKind
{
    /// <summary>A toolbar button (no <c>mode</c>): new tab, protocol handler or dialog.</summary>
    Button,

    /// <summary>A side panel (<c>mode.name: "side_panel"</c>).</summary>
    SidePanel,

    /// <summary>An Aviator chip (<c>mode.name: "aviator_chat"</c>).</summary>
    AviatorChip,
}

/// <summary>The views an action appears in (docs/reference/configuration-rules.md#properties <c>views</c>).</summary>
[Flags]
public enum ActionViews
{
    /// <summary>No view.</summary>
    None = 0,

    /// <summary>A module grid.</summary>
    List = 1,

    /// <summary>One entity's page.</summary>
    Details = 2,
}

/// <summary>The size of a host dialog (docs/reference/launches.md#modes).</summary>
public enum DialogSize
{
    /// <summary>40% × 40% of the viewport, at least 400 × 300 px.</summary>
    Small,

    /// <summary>60% × 60% of the viewport.</summary>
    Medium,

    /// <summary>90% × 90% of the viewport.</summary>
    Large,
}

/// <summary>
/// One validated external action, normalised for the engine. Produced only by the configuration parser,
/// and only from input without errors in that action.
/// </summary>
public sealed record ActionDefinition
{
    // Not readonly: reading RawJson caches the decoded string in place.
    private Utf8Text _rawJson = new(string.Empty);

    /// <summary>Gets the position of the action in its configuration (0 in the bundle format).</summary>
    public required int Index { get; init; }

    /// <summary>Gets the action's identifier, unique case-insensitively within a configuration.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the label of the button, chip or panel.</summary>
    public required string Title { get; init; }

    /// <summary>Gets the types and aggregates the action applies to, in configuration order.</summary>
    public required ImmutableArray<string> EntityTypes { get; init; }

    /// <summary>Gets the views the action appears in.</summary>
    public required ActionViews Views { get; init; }

    /// <summary>Gets the control kind, from <c>mode.name</c>.</summary>
    public required ActionKind Kind { get; init; }

    /// <summary>Gets the icon name. <value>The default is <c>external-link</c>; unknown names fall back to it.</value></summary>
    public string Icon { get; init; } = ActionDefaults.Icon;

    /// <summary>Gets the URL template, or <see langword="null"/> for a chip with an inline prompt.</summary>
    public string? Url { get; init; }

    /// <summary>Gets the explicit <c>single_entity</c> flag. <value>The default is <see langword="false"/>.</value></summary>
    public bool SingleEntity { get; init; }

    /// <summary>Gets the <c>events</c> flag (buttons). <value>The default is <see langword="false"/>.</value></summary>
    public bool Events { get; init; }

    /// <summary>Gets the dialog size for a button that opens in a dialog, or <see langword="null"/> for a new tab.</summary>
    public DialogSize? Dialog { get; init; }

    /// <summary>Gets the workspaces the action is limited to, or <see langword="null"/> for all.</summary>
    public ImmutableArray<long>? Workspaces { get; init; }

    /// <summary>Gets the workspaces the action is excluded from, or <see langword="null"/> for none.</summary>
    public ImmutableArray<long>? ExcludeWorkspaces { get; init; }

    /// <summary>Gets the hover text. <value>The default is <see langword="null"/>: the title is shown.</value></summary>
    public string? Tooltip { get; init; }

    /// <summary>Gets the modules a side panel appears in (empty for other kinds).</summary>
    public ImmutableArray<string> Modules { get; init; } = [];

    /// <summary>Gets the inline prompt of a chip, or <see langword="null"/>.</summary>
    public string? Prompt { get; init; }

    /// <summary>Gets the server-assigned identity (docs/reference/rest.md#configuration-api), if the input carried one.</summary>
    public string? Guid { get; init; }

    /// <summary>Gets the guid of the bundle attached to this action, if the input carried one.</summary>
    public string? BundleGuid { get; init; }

    /// <summary>
    /// Gets the action's JSON exactly as written (key order and unknown keys kept).
    /// <value>The parser always sets it; the default is empty.</value>
    /// </summary>
    public string RawJson
    {
        get => _rawJson.Text;
        init => _rawJson = new Utf8Text(value);
    }

    /// <summary>
    /// Sets <see cref="RawJson"/> from the action's UTF-8 bytes, which must never change: the parser keeps a slice
    /// of the document, and the string is made only when first read.
    /// </summary>
    internal ReadOnlyMemory<byte> RawJsonUtf8
    {
        init => _rawJson = new Utf8Text(value);
    }

    /// <summary>Gets the text shown on hover: the tooltip, else the title.</summary>
    public string HoverText => Tooltip ?? Title;
}
