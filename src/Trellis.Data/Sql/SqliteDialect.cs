using System.Globalization;

namespace Trellis.Data.Sql;

/// <summary>SQLite: JSON is text, read with <c>json_extract</c>, which already yields numbers as numbers.</summary>
internal sealed class SqliteDialect : ISqlDialect
{
    public DatabaseProvider Provider => DatabaseProvider.Sqlite;

    public string JsonValue(string alias, string field) =>
        $"json_extract({SqlIdentifier.Checked(alias)}.fields, '$.{SqlIdentifier.Checked(field)}')";

    public string JsonText(string alias, string field) =>
        $"CAST(json_extract({SqlIdentifier.Checked(alias)}.fields, '$.{SqlIdentifier.Checked(field)}') AS TEXT)";

    public string JsonReferenceId(string alias, string field) =>
        $"CAST(json_extract({SqlIdentifier.Checked(alias)}.fields, '$.{SqlIdentifier.Checked(field)}') AS INTEGER)";

    public string JsonNumber(string alias, string field) =>
        $"CAST(json_extract({SqlIdentifier.Checked(alias)}.fields, '$.{SqlIdentifier.Checked(field)}') AS REAL)";

    // json_extract gives 1 and 0 for true and false, which bind the same as a bool parameter.
    public string JsonBoolean(string alias, string field) =>
        $"COALESCE(json_extract({SqlIdentifier.Checked(alias)}.fields, '$.{SqlIdentifier.Checked(field)}'), 0)";

    // json_each over a missing path yields no rows; its value column is the element.
    public string JsonArrayElements(string alias, string field, string elementAlias) =>
        $"json_each({SqlIdentifier.Checked(alias)}.fields, '$.{SqlIdentifier.Checked(field)}') AS {SqlIdentifier.Checked(elementAlias)}";

    public string JsonElementId(string elementAlias) => $"CAST({SqlIdentifier.Checked(elementAlias)}.value AS INTEGER)";

    // Text whose UTF-8 is longer than its characters holds a non-ASCII letter: only that goes through .NET's rules
    // (SqliteConnectionSetup.LowerFunction); ASCII stays in SQLite's lower(), which is about twice as fast over 100,000 rows.
    public string Lower(string expression) =>
        $"CASE WHEN octet_length({expression}) > length({expression}) THEN {SqliteConnectionSetup.LowerFunction}({expression}) ELSE lower({expression}) END";

    // json_each turns one JSON array parameter into rows; an IN over it still drives the rowid or an expression index.
    public string InIdSet(string expression, string parameter) => $"{expression} IN (SELECT value FROM json_each({parameter}))";

    public object IdSetValue(IReadOnlyCollection<long> ids) =>
        "[" + string.Join(",", ids.Select(id => id.ToString(CultureInfo.InvariantCulture))) + "]";

    public string FieldsWithout(string field) => $"json_remove(fields, '$.{SqlIdentifier.Checked(field)}')";
}
