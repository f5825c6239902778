namespace Trellis.Data.Model;

/// <summary>One field of one entity type in a workspace, as <c>…/metadata/fields</c> reports it.</summary>
public sealed class FieldMetadata
{
    /// <summary>Gets or sets the id.</summary>
    public long Id { get; set; }

    /// <summary>Gets or sets the workspace.</summary>
    public long WorkspaceId { get; set; }

    /// <summary>Gets or sets the entity type the field belongs to (<c>defect</c>, <c>work_item</c>…).</summary>
    public required string EntityName { get; set; }

    /// <summary>Gets or sets the field name; user-defined names end in <c>_udf</c>.</summary>
    public required string Name { get; set; }

    /// <summary>Gets or sets the label shown in the UI.</summary>
    public required string Label { get; set; }

    /// <summary>Gets or sets the field type: <c>string</c>, <c>memo</c>, <c>integer</c>, <c>float</c>, <c>boolean</c>, <c>date</c>, <c>date_time</c> or <c>reference</c>.</summary>
    public required string FieldType { get; set; }

    /// <summary>Gets or sets a value indicating whether a reference holds several targets.</summary>
    public bool Multiple { get; set; }

    /// <summary>Gets or sets the comma-separated entity types a reference may point to.</summary>
    public string? Targets { get; set; }

    /// <summary>Gets or sets the maximum length of a string field.</summary>
    public int? MaxLength { get; set; }

    /// <summary>Gets or sets a value indicating whether clients may write the field.</summary>
    public bool Editable { get; set; }

    /// <summary>Gets or sets a value indicating whether a create must give the field (unless a default applies).</summary>
    public bool Required { get; set; }

    /// <summary>Gets or sets a value indicating whether the field is built in and cannot be removed.</summary>
    public bool Final { get; set; }

    /// <summary>Gets or sets a value indicating whether queries may filter on the field.</summary>
    public bool Filterable { get; set; }

    /// <summary>Gets or sets a value indicating whether <c>order_by</c> may name the field.</summary>
    public bool Sortable { get; set; }

    /// <summary>Gets or sets a value indicating whether grids may group by the field.</summary>
    public bool Groupable { get; set; }

    /// <summary>Gets or sets a value indicating whether the field comes back when <c>fields</c> is not given.</summary>
    public bool ReturnedByDefault { get; set; }

    /// <summary>Gets or sets a value indicating whether the UI shows the field.</summary>
    public bool VisibleInUi { get; set; }

    /// <summary>Gets or sets a value indicating whether an admin added the field.</summary>
    public bool IsUserDefined { get; set; }

    /// <summary>Gets or sets a value indicating whether values must be unique in the workspace.</summary>
    public bool Unique { get; set; }

    /// <summary>Gets or sets the <c>entities</c> column that stores the field, or <see langword="null"/> when it lives in the JSON fields.</summary>
    public string? ColumnName { get; set; }

    /// <summary>Gets or sets the position in the type's field list.</summary>
    public int Position { get; set; }
}
