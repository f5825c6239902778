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
}
