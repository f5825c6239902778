namespace Trellis.Data.Model;

/// <summary>A top-level entry of a bundle: within a shared space each is owned by exactly one bundle.</summary>
public sealed class BundleEntry
{
    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the owning bundle.</summary>
    public long BundleId { get; set; }

    /// <summary>Gets or sets the shared space.</summary>
    public long SharedSpaceId { get; set; }

    /// <summary>Gets or sets the entry name, such as <c>feature_work_items</c>.</summary>
    public required string Name { get; set; }
}
