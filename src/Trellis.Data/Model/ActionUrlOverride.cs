namespace Trellis.Data.Model;

/// <summary>
/// A development override (docs/reference/launches.md#development-overrides): one user's launches of one action go to
/// another base URL until it expires; nobody else's launches change.
/// </summary>
public sealed class ActionUrlOverride
{
    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the shared space whose action it concerns.</summary>
    public long SharedSpaceId { get; set; }

    /// <summary>Gets or sets the action's name, lower-cased (names are unique case-insensitively).</summary>
    public required string ActionName { get; set; }

    /// <summary>Gets or sets the user whose launches it changes.</summary>
    public long UserId { get; set; }

    /// <summary>Gets or sets the base URL (absolute http or https, without a trailing slash).</summary>
    public required string BaseUrl { get; set; }

    /// <summary>Gets or sets when it was set.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets when it stops applying.</summary>
    public DateTimeOffset ExpiresAt { get; set; }
}
