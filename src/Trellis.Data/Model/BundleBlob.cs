namespace Trellis.Data.Model;

/// <summary>File content addressed by its SHA-256, shared by every bundle file with the same bytes.</summary>
public sealed class BundleBlob
{
    /// <summary>Gets or sets the SHA-256, lower-case hex (the key).</summary>
    public required string Sha256 { get; set; }

    /// <summary>Gets or sets the size in bytes.</summary>
    public long Size { get; set; }

    /// <summary>Gets or sets the bytes.</summary>
    public required byte[] Content { get; set; }
}
