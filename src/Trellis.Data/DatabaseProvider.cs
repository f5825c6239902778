namespace Trellis.Data;

/// <summary>The database engines Trellis runs on (<c>Trellis:Database:Provider</c>).</summary>
public enum DatabaseProvider
{
    /// <summary>One SQLite file in the data directory: the embedded default.</summary>
    Sqlite,

    /// <summary>PostgreSQL, which several nodes can share.</summary>
    Postgres,
}
