namespace Trellis.Data.Model;

/// <summary>An uploaded zip bundle of one shared space: its top-level entries are served from the Trellis origin.</summary>
public sealed class Bundle
{
    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the stable public id (a lower-case GUID), kept when the bundle is replaced.</summary>
    public required string Guid { get; set; }

    /// <summary>Gets or sets the shared space.</summary>
    public long SharedSpaceId { get; set; }

    /// <summary>Gets or sets the guid of the action the bundle belongs to; <see langword="null"/> for a files-only bundle.</summary>
    public string? ActionGuid { get; set; }

    /// <summary>Gets or sets the name of that action when the bundle was last attached.</summary>
    public string? ActionName { get; set; }

    /// <summary>Gets or sets the top-level entries, one per line, sorted.</summary>
    public required string Entries { get; set; }

    /// <summary>Gets or sets how many files are served.</summary>
    public int FileCount { get; set; }

    /// <summary>Gets or sets the inflated size of the served files, in bytes.</summary>
    public long UncompressedSize { get; set; }

    /// <summary>Gets or sets who uploaded it.</summary>
    public long UploadedByUserId { get; set; }

    /// <summary>Gets or sets when it was uploaded.</summary>
    public DateTimeOffset UploadedAt { get; set; }
}
