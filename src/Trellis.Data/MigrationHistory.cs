using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage;

namespace Trellis.Data;

/// <summary>
/// The migrations the database has not applied, read straight from EF Core's history table: the answer of
/// <c>GetPendingMigrationsAsync</c> without EF Core building the history table's own model through its full
/// convention set, which a node otherwise did at every start and every readiness probe (docs/performance.md, idle memory).
/// </summary>
public static class MigrationHistory
{
    /// <summary>EF Core's history table (Trellis keeps EF Core's default name and columns).</summary>
    public const string TableName = "__EFMigrationsHistory";

    /// <summary>The ids of the migrations assembly's migrations that the history table does not list, oldest first.</summary>
    /// <param name="db">A context on the database to check.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The pending migration ids; empty when the schema is current.</returns>
    public static async Task<IReadOnlyList<string>> PendingAsync(TrellisDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var applied = await AppliedAsync(db, cancellationToken);
        return [.. db.GetService<IMigrationsAssembly>().Migrations.Keys.Where(id => !applied.Contains(id))];
    }

    private static async Task<HashSet<string>> AppliedAsync(TrellisDbContext db, CancellationToken cancellationToken)
    {
        // EF Core counts opens, so a connection the caller holds open (PostgreSQL's advisory lock) stays open.
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var exists = db.Database.IsPostgres()
                ? $"SELECT to_regclass('\"{TableName}\"') IS NOT NULL"
                : $"SELECT COUNT(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = '{TableName}'";
            if (!Convert.ToBoolean(await ScalarAsync(db, exists, cancellationToken), CultureInfo.InvariantCulture))
            {
                return [];
            }

            await using var command = Command(db, $"SELECT \"MigrationId\" FROM \"{TableName}\"");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var applied = new HashSet<string>(StringComparer.Ordinal);
            while (await reader.ReadAsync(cancellationToken))
            {
                applied.Add(reader.GetString(0));
            }

            return applied;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task<object?> ScalarAsync(TrellisDbContext db, string sql, CancellationToken cancellationToken)
    {
        await using var command = Command(db, sql);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    private static System.Data.Common.DbCommand Command(TrellisDbContext db, string sql)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.CommandText = sql;
        command.Transaction = db.Database.CurrentTransaction?.GetDbTransaction();
        return command;
    }
}
