namespace Trellis.Actions.Templates;

/// <summary>The field types a <c>{entity.…}</c> token can render (docs/reference/launches.md#values-and-encoding).</summary>
public enum FieldKind
{
    /// <summary>No value: renders empty.</summary>
    Null,

    /// <summary>A string, rendered as stored.</summary>
    String,

    /// <summary>A memo (rich text): rendered as plain text, HTML stripped, cut to 2000 characters.</summary>
    Memo,

    /// <summary>A number: invariant culture, shortest round-trip form, no exponent or grouping.</summary>
    Number,

    /// <summary>A boolean: <c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>A date: <c>yyyy-MM-ddTHH:mm:ssZ</c> in UTC.</summary>
    Date,

    /// <summary>A reference to another entity: its id at the last level, its fields one level down.</summary>
    Reference,

    /// <summary>A multi-reference (<c>{total_count, data:[…]}</c>): the item values joined by a raw comma.</summary>
    MultiReference,
}
