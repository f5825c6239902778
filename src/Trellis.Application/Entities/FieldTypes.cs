namespace Trellis.Application.Entities;

/// <summary>The <c>field_type</c> values of Octane's field metadata (docs/reference/rest.md#metadata).</summary>
internal static class FieldTypes
{
    public const string String = "string";
    public const string Memo = "memo";
    public const string Integer = "integer";
    public const string Float = "float";
    public const string Boolean = "boolean";
    public const string Date = "date";
    public const string DateTime = "date_time";
    public const string Reference = "reference";
}
