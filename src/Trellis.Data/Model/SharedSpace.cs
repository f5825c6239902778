namespace Trellis.Data.Model;

/// <summary>A shared space: the tenant that owns workspaces, users and external-action configuration.</summary>
public sealed class SharedSpace
{
    /// <summary>Gets or sets the id (the bootstrap space is 1001).</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the display name.</summary>
    public required string Name { get; set; }

    /// <summary>Gets or sets when the space was created.</summary>
    public DateTimeOffset CreatedAt { get; set; }
}
