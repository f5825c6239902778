namespace Trellis.Data.Model;

/// <summary>
/// The lasting identity of one external action in a shared space: its <c>guid</c> survives edits and renames, and
/// outlives the action's removal so that restoring it reattaches its bundle (docs/reference/rest.md#configuration-api).
/// </summary>
public sealed class ActionIdentity
{
    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the shared space.</summary>
    public long SharedSpaceId { get; set; }

    /// <summary>Gets or sets the action's guid (lower-case, hyphenated).</summary>
    public required string Guid { get; set; }

    /// <summary>Gets or sets the action's name when last saved.</summary>
    public required string Name { get; set; }

    /// <summary>Gets or sets the guid of the attached bundle, or <see langword="null"/>.</summary>
    public string? BundleGuid { get; set; }

    /// <summary>Gets or sets when the identity was first saved.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
