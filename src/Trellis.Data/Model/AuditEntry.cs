namespace Trellis.Data.Model;

/// <summary>One line of the audit log: who did what to which target, and when.</summary>
public sealed class AuditEntry
{
    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets when it happened.</summary>
    public DateTimeOffset At { get; set; }

    /// <summary>Gets or sets who did it; <see langword="null"/> for the server itself.</summary>
    public long? UserId { get; set; }

    /// <summary>Gets or sets the shared space concerned, if any.</summary>
    public long? SharedSpaceId { get; set; }

    /// <summary>Gets or sets the workspace concerned, if any.</summary>
    public long? WorkspaceId { get; set; }

    /// <summary>Gets or sets the action, such as <c>auth.sign_in</c> or <c>entity.create</c>.</summary>
    public required string Action { get; set; }

    /// <summary>Gets or sets what the action was done to, such as <c>defect/2001</c>.</summary>
    public string? Target { get; set; }

    /// <summary>Gets or sets details as JSON.</summary>
    public string? Details { get; set; }
}
