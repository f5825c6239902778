namespace Trellis.Data.Model;

/// <summary>
/// One launch of an external action, as the message inspector shows it (docs/ui.md#message-inspector): who launched what,
/// from where, and the URL it opened. Kept for the message log's retention period.
/// </summary>
public sealed class LaunchRecord
{
    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the shared space.</summary>
    public long SharedSpaceId { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public long WorkspaceId { get; set; }

    /// <summary>Gets or sets the launch's instance id (<c>dialog_id</c> / <c>panel_id</c>) or the tab launch's channel id.</summary>
    public required string LaunchKey { get; set; }

    /// <summary>Gets or sets the action's name.</summary>
    public required string ActionName { get; set; }

    /// <summary>Gets or sets the user who launched it, while that user exists.</summary>
    public long? UserId { get; set; }

    /// <summary>Gets or sets the user's name at the time of the launch (kept when the user is removed).</summary>
    public required string UserName { get; set; }

    /// <summary>Gets or sets the launch mode (<c>dialog</c>, <c>side_panel</c>, <c>new_tab</c>, …).</summary>
    public required string Mode { get; set; }

    /// <summary>Gets or sets the view it was launched from (<c>list</c> or <c>details</c>).</summary>
    public required string View { get; set; }

    /// <summary>Gets or sets the view's module, when it had one.</summary>
    public string? Module { get; set; }

    /// <summary>Gets or sets the entity type of the view.</summary>
    public required string EntityType { get; set; }

    /// <summary>Gets or sets the selected entities as <c>type:id</c>, comma-separated (cut to the column's length).</summary>
    public string Entities { get; set; } = "";

    /// <summary>Gets or sets the URL opened, or the prompt of an Aviator chip.</summary>
    public required string Target { get; set; }

    /// <summary>Gets or sets when it was launched.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
