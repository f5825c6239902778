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
}
