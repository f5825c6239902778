namespace Trellis.Data.Model;

/// <summary>One saved version of a shared space's external-action configuration (docs/reference/rest.md#configuration-api).</summary>
public sealed class ActionConfigVersion
{
    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the shared space.</summary>
    public long SharedSpaceId { get; set; }

    /// <summary>Gets or sets the version number: 1, 2, … within the space (version 0 is the empty configuration and has no row).</summary>
    public int Version { get; set; }

    /// <summary>Gets or sets the whole editor array as JSON, each action with its server fields <c>guid</c> and <c>bundle_guid</c>.</summary>
    public required string Json { get; set; }

    /// <summary>Gets or sets the number of actions.</summary>
    public int ActionCount { get; set; }

    /// <summary>Gets or sets who saved it; <see langword="null"/> for the server itself.</summary>
    public long? AuthorUserId { get; set; }

    /// <summary>Gets or sets when it was saved.</summary>
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Gets or sets how it arrived: <c>editor</c>, <c>rest</c>, <c>bundle</c>, <c>restore</c> or <c>bootstrap</c>.</summary>
    public required string Source { get; set; }

    /// <summary>Gets or sets the author's comment, at most 500 characters.</summary>
    public string? Comment { get; set; }

    /// <summary>Gets or sets the version a restore copied, else <see langword="null"/>.</summary>
    public int? RestoredFrom { get; set; }
}
