namespace Trellis.Data.Model;

/// <summary>
/// One role of one user: site-wide (no space, no workspace), space-wide (a space) or in a workspace.
/// A workspace role is also the user's membership of that workspace.
/// </summary>
public sealed class RoleAssignment
{
    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the user who holds the role.</summary>
    public long UserId { get; set; }

    /// <summary>Gets or sets the role name: <c>site_admin</c>, <c>space_admin</c>, <c>workspace_admin</c>, <c>member</c> or <c>viewer</c>.</summary>
    public required string Role { get; set; }

    /// <summary>Gets or sets the shared space of a space-wide or workspace role; <see langword="null"/> for a site role.</summary>
    public long? SharedSpaceId { get; set; }

    /// <summary>Gets or sets the workspace of a workspace role; <see langword="null"/> otherwise.</summary>
    public long? WorkspaceId { get; set; }
}
