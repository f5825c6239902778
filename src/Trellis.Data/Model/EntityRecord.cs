namespace Trellis.Data.Model;

/// <summary>
/// One Octane entity of a workspace (a defect, a release, a phase, a list node…). The fixed columns are what
/// every entity has or what lookups need; every other field is in <see cref="Fields"/>, as field metadata describes it.
/// </summary>
public sealed class EntityRecord
{
    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public long WorkspaceId { get; set; }

    /// <summary>Gets or sets the aggregate (<c>work_item</c>) or, for a type without one, the type itself (<c>release</c>).</summary>
    public required string Type { get; set; }

    /// <summary>Gets or sets the concrete type of an aggregate's member (<c>defect</c>); <see langword="null"/> for other types.</summary>
    public string? Subtype { get; set; }

    /// <summary>Gets or sets the name, a column because references show it and lists sort by it.</summary>
    public string? Name { get; set; }

    /// <summary>Gets or sets the logical name of a phase or list node (<c>phase.defect.new</c>); unique in the workspace.</summary>
    public string? LogicalName { get; set; }

    /// <summary>Gets or sets the version stamp: 1 on create, one more on every update.</summary>
    public long VersionStamp { get; set; }

    /// <summary>Gets or sets when the entity was created.</summary>
    public DateTimeOffset CreationTime { get; set; }

    /// <summary>Gets or sets when the entity was last changed.</summary>
    public DateTimeOffset LastModified { get; set; }

    /// <summary>Gets or sets the other fields as a JSON object: references are ids, multi-references arrays of ids, dates ISO text.</summary>
    public required string Fields { get; set; }
}
