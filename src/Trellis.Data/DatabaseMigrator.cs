using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Trellis.Data;

/// <summary>
/// Brings the schema up to date as one named, logged step at start. SQLite always migrates, since the embedded
/// default promises a ready database; PostgreSQL migrates under an advisory lock so that nodes starting together
/// take turns, and <c>Trellis:Database:MigrateOnStart=false</c> leaves migration to the operator.
/// </summary>
/// <param name="factory">Creates the context the step uses.</param>
/// <param name="settings">The database settings.</param>
/// <param name="logger">The step's log.</param>
public sealed partial class DatabaseMigrator(
    IDbContextFactory<TrellisDbContext> factory,
    DatabaseSettings settings,
    ILogger<DatabaseMigrator> logger)
{
    // Any fixed 64-bit key works; every node must use the same one.
    private const long AdvisoryLockKey = 0x7472656C6C6973;

    /// <summary>Applies pending migrations, then runs <paramref name="afterMigration"/> while still holding the lock.</summary>
    /// <param name="afterMigration">Work that must not run on two nodes at once, such as the first-start bootstrap.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    /// <returns>A task that completes when the database is ready.</returns>
    public async Task MigrateAsync(Func<TrellisDbContext, CancellationToken, Task>? afterMigration, CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (settings.Provider == DatabaseProvider.Sqlite)
        {
            CreateSqliteDirectory(settings.ConnectionString);
            await ApplyAsync(db, cancellationToken);
            // WAL lets readers go on while one request writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", cancellationToken);
            if (afterMigration is not null)
            {
                await afterMigration(db, cancellationToken);
            }

            return;
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            // The wait lasts as long as another node's migration and bootstrap, which may exceed the command timeout.
            var timeout = db.Database.GetCommandTimeout();
            db.Database.SetCommandTimeout(0);
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_lock({0})", [AdvisoryLockKey], cancellationToken);
            db.Database.SetCommandTimeout(timeout);
            if (settings.MigrateOnStart)
            {
                await ApplyAsync(db, cancellationToken);
            }
            else
            {
                LogMigrationSkipped(logger, DatabaseSettings.MigrateOnStartKey);
            }

            if (afterMigration is not null)
            {
                await afterMigration(db, cancellationToken);
            }
        }
        finally
        {
            await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_unlock({0})", [AdvisoryLockKey], CancellationToken.None);
            await db.Database.CloseConnectionAsync();
        }
    }

    private async Task ApplyAsync(TrellisDbContext db, CancellationToken cancellationToken)
    {
        var pending = await MigrationHistory.PendingAsync(db, cancellationToken);
        if (pending.Count == 0)
        {
            LogUpToDate(logger, settings.Provider);
            return;
        }

        LogMigrating(logger, settings.Provider, pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
        LogMigrated(logger, settings.Provider);
    }

    private static void CreateSqliteDirectory(string connectionString)
    {
        var file = new SqliteConnectionStringBuilder(connectionString).DataSource;
        var directory = Path.GetDirectoryName(Path.GetFullPath(file));
        if (!string.IsNullOrEmpty(directory))
        {
            Directory.CreateDirectory(directory);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ({Provider}) is up to date")]
    private static partial void LogUpToDate(ILogger logger, DatabaseProvider provider);

    [LoggerMessage(Level = LogLevel.Information, Message = "Migrating the database ({Provider}): {Count} migration(s) to apply: {Migrations}")]
    private static partial void LogMigrating(ILogger logger, DatabaseProvider provider, int count, string migrations);

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ({Provider}) migrated")]
    private static partial void LogMigrated(ILogger logger, DatabaseProvider provider);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Migration at start is switched off ({Key}=false); the schema must already be current")]
    private static partial void LogMigrationSkipped(ILogger logger, string key);
}
