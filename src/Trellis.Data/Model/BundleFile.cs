namespace Trellis.Data.Model;

/// <summary>One served file of a bundle, by its exact path; the bytes live in a <see cref="BundleBlob"/>.</summary>
public sealed class BundleFile
{
    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the bundle.</summary>
    public long BundleId { get; set; }

    /// <summary>Gets or sets the shared space (unique with <see cref="Path"/>, since each entry has one owner).</summary>
    public long SharedSpaceId { get; set; }

    /// <summary>Gets or sets the exact path, such as <c>feature_work_items/index.html</c>.</summary>
    public required string Path { get; set; }

    /// <summary>Gets or sets the SHA-256 of the content, lower-case hex.</summary>
    public required string Sha256 { get; set; }

    /// <summary>Gets or sets the media type it is served with.</summary>
    public required string ContentType { get; set; }

    /// <summary>Gets or sets the size in bytes.</summary>
    public long Size { get; set; }
}
