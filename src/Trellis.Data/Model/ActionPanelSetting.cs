namespace Trellis.Data.Model;

/// <summary>
/// Settings an action's app stored through <c>octane_update_settings</c> (docs/reference/messages.md#events), per shared space,
/// workspace, action, user and context.
/// </summary>
public sealed class ActionPanelSetting
{
    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the shared space.</summary>
    public long SharedSpaceId { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public long WorkspaceId { get; set; }

    /// <summary>Gets or sets the action's name, lower-cased (names are unique case-insensitively).</summary>
    public required string ActionName { get; set; }

    /// <summary>Gets or sets the user.</summary>
    public long UserId { get; set; }

    /// <summary>Gets or sets the app's context key, at most 100 characters (empty when the app gave none).</summary>
    public required string Context { get; set; }

    /// <summary>Gets or sets the settings as JSON, at most 64 KiB.</summary>
    public required string Settings { get; set; }

    /// <summary>Gets or sets when they were last stored.</summary>
    public DateTimeOffset UpdatedAt { get; set; }
}
