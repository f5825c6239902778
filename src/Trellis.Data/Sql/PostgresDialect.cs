namespace Trellis.Data.Sql;

/// <summary>PostgreSQL: the <c>fields</c> column is <c>jsonb</c>; <c>-&gt;</c> keeps the JSON type, <c>-&gt;&gt;</c> gives text.</summary>
internal sealed class PostgresDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.Postgres;

    public string JsonValue(string alias, string field) =>
        $"({SqlIdentifier.Checked(alias)}.fields -> '{SqlIdentifier.Checked(field)}')";

    public string JsonText(string alias, string field) =>
        $"({SqlIdentifier.Checked(alias)}.fields ->> '{SqlIdentifier.Checked(field)}')";

    public string JsonReferenceId(string alias, string field) =>
        $"CAST({SqlIdentifier.Checked(alias)}.fields ->> '{SqlIdentifier.Checked(field)}' AS bigint)";

    public string JsonNumber(string alias, string field) =>
        $"CAST({SqlIdentifier.Checked(alias)}.fields ->> '{SqlIdentifier.Checked(field)}' AS double precision)";

    public string JsonBoolean(string alias, string field) =>
        $"COALESCE(CAST({SqlIdentifier.Checked(alias)}.fields ->> '{SqlIdentifier.Checked(field)}' AS boolean), false)";

    // jsonb_array_elements_text fails on a scalar, so anything but an array reads as an empty one.
    public string JsonArrayElements(string alias, string field, string elementAlias)
    {
        var value = $"{SqlIdentifier.Checked(alias)}.fields -> '{SqlIdentifier.Checked(field)}'";
        return $"jsonb_array_elements_text(CASE WHEN jsonb_typeof({value}) = 'array' THEN {value} ELSE '[]'::jsonb END) AS {SqlIdentifier.Checked(elementAlias)}(value)";
    }

    public string JsonElementId(string elementAlias) => $"CAST({SqlIdentifier.Checked(elementAlias)}.value AS bigint)";

    // PostgreSQL's lower() follows the database's LC_CTYPE, Unicode's rules with any UTF-8 locale.
    public string Lower(string expression) => $"lower({expression})";

    // = ANY over a bigint[] parameter is an index condition, like an IN list.
    public string InIdSet(string expression, string parameter) => $"{expression} = ANY({parameter})";

    public object IdSetValue(IReadOnlyCollection<long> ids) => ids.ToArray();

    public string FieldsWithout(string field) => $"(fields - '{SqlIdentifier.Checked(field)}')";
}
