namespace Trellis.Data.Model;

/// <summary>
/// The bytes of one attachment. The attachment itself (name, owner, size) is an <see cref="EntityRecord"/> of type
/// <c>attachment</c>, so the REST collection reads, filters and sorts it like any other; this row holds only what
/// the entity JSON never shows.
/// </summary>
public sealed class AttachmentContent
{
    /// <summary>Gets or sets the attachment entity's id (the key, and a cascade from <c>entities</c>).</summary>
    public long AttachmentId { get; set; }

    /// <summary>Gets or sets the media type the uploader gave, or <c>application/octet-stream</c>.</summary>
    public required string ContentType { get; set; }

    /// <summary>Gets or sets the size in bytes.</summary>
    public long Size { get; set; }

    /// <summary>Gets or sets the SHA-256 of the bytes, lower-case hex (the download's ETag).</summary>
    public required string Sha256 { get; set; }

    /// <summary>Gets or sets the bytes.</summary>
    public required byte[] Content { get; set; }
}
