namespace Trellis.Data.Model;

/// <summary>A workspace inside a shared space: it holds the work items, tests, releases and the rest.</summary>
public sealed class Workspace
{
    /// <summary>Gets or sets the id (the bootstrap workspace is 1002).</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the shared space the workspace belongs to.</summary>
    public long SharedSpaceId { get; set; }

    /// <summary>Gets or sets the display name.</summary>
    public required string Name { get; set; }

    /// <summary>Gets or sets the optional description.</summary>
    public string? Description { get; set; }

    /// <summary>Gets or sets when the workspace was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
