using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;

namespace Trellis.Data;

/// <summary>Where the database is and how it is prepared, read once from configuration.</summary>
/// <param name="Provider">The engine.</param>
/// <param name="ConnectionString">The connection string the provider gets.</param>
/// <param name="MigrateOnStart">Whether the server applies migrations at start (PostgreSQL can switch it off).</param>
public sealed record DatabaseSettings(DatabaseProvider Provider, string ConnectionString, bool MigrateOnStart)
{
    /// <summary>The configuration key of the provider switch.</summary>
    public const string ProviderKey = "Trellis:Database:Provider";

    /// <summary>The configuration key that switches migration at start off for PostgreSQL.</summary>
    public const string MigrateOnStartKey = "Trellis:Database:MigrateOnStart";

    /// <summary>The configuration key of the data directory.</summary>
    public const string DataDirectoryKey = "Trellis:DataDirectory";

    /// <summary>The name of the connection string (<c>ConnectionStrings:Trellis</c>).</summary>
    public const string ConnectionStringName = "Trellis";

    /// <summary>Reads the settings: SQLite in <c>&lt;Trellis:DataDirectory&gt;/trellis.db</c> unless configured otherwise.</summary>
    /// <param name="configuration">The application configuration.</param>
    /// <param name="contentRoot">What a relative data directory is resolved against (the server's content root); the working directory when null.</param>
    /// <returns>The settings.</returns>
    /// <exception cref="InvalidOperationException">The provider is unknown, or PostgreSQL has no connection string.</exception>
    public static DatabaseSettings From(IConfiguration configuration, string? contentRoot = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var providerText = configuration[ProviderKey];
        var provider = string.IsNullOrWhiteSpace(providerText)
            ? DatabaseProvider.Sqlite
            : Enum.TryParse<DatabaseProvider>(providerText, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed)
                ? parsed
                : throw new InvalidOperationException($"{ProviderKey} must be Sqlite or Postgres, not '{providerText}'.");
        var configured = configuration.GetConnectionString(ConnectionStringName);
        var migrate = !bool.TryParse(configuration[MigrateOnStartKey], out var flag) || flag;

        if (provider == DatabaseProvider.Postgres)
        {
            return string.IsNullOrWhiteSpace(configured)
                ? throw new InvalidOperationException($"{ProviderKey}=Postgres needs ConnectionStrings:{ConnectionStringName}.")
                : new DatabaseSettings(provider, configured, migrate);
        }

        if (!string.IsNullOrWhiteSpace(configured))
        {
            return new DatabaseSettings(provider, configured, MigrateOnStart: true);
        }

        var directory = configuration[DataDirectoryKey];
        var file = Path.GetFullPath(Path.Combine(string.IsNullOrWhiteSpace(directory) ? "data" : directory, "trellis.db"),
            contentRoot ?? Directory.GetCurrentDirectory());
        var sqlite = new SqliteConnectionStringBuilder { DataSource = file, Pooling = true };
        return new DatabaseSettings(provider, sqlite.ToString(), MigrateOnStart: true);
    }
}
