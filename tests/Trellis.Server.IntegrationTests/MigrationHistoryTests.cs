using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// The history-table read that start-up and the readiness probe use instead of EF Core's <c>GetPendingMigrationsAsync</c>
/// (docs/performance.md, idle memory) gives EF Core's answer on an empty, a half-migrated and a current database.
/// </summary>
public sealed class MigrationHistoryTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sqlite_PendingMatchesEfCore_EmptyHalfAndFullyMigrated()
    {
        var folder = Directory.CreateTempSubdirectory("trellis-history-");
        try
        {
            var connection = new SqliteConnectionStringBuilder { DataSource = Path.Combine(folder.FullName, "trellis.db"), Pooling = false };
            await AssertMatchesEfCoreAsync(new DatabaseSettings(DatabaseProvider.Sqlite, connection.ToString(), MigrateOnStart: true));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Postgres_PendingMatchesEfCore_EmptyHalfAndFullyMigrated()
    {
        var server = Environment.GetEnvironmentVariable(TrellisApplication.PostgresVariable);
        if (string.IsNullOrEmpty(server))
        {
            Assert.Skip(TrellisApplication.NoPostgres);
        }

        var name = await TestDatabases.CreateAsync(server);
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(server) { Database = name };
            await AssertMatchesEfCoreAsync(new DatabaseSettings(DatabaseProvider.Postgres, connection.ToString(), MigrateOnStart: true));
        }
        finally
        {
            await TestDatabases.DropAsync(server, name);
        }
    }

    private static async Task AssertMatchesEfCoreAsync(DatabaseSettings settings)
    {
        await using var db = new TrellisDbContext((DbContextOptions<TrellisDbContext>)DataExtensions
            .Configure(new DbContextOptionsBuilder<TrellisDbContext>(), settings).Options);
        var all = db.GetService<IMigrationsAssembly>().Migrations.Keys.ToList();
        Assert.True(all.Count >= 2, $"{all.Count} migrations");

        // No history table yet: every migration is pending.
        Assert.Equal(all, await MigrationHistory.PendingAsync(db, Cancel));
        Assert.Equal(await db.Database.GetPendingMigrationsAsync(Cancel), await MigrationHistory.PendingAsync(db, Cancel));

        var middle = all[all.Count / 2];
        await db.GetService<IMigrator>().MigrateAsync(middle, Cancel);
        var pending = await MigrationHistory.PendingAsync(db, Cancel);
        Assert.Equal(all.SkipWhile(id => id != middle).Skip(1), pending);
        Assert.Equal(await db.Database.GetPendingMigrationsAsync(Cancel), pending);

        await db.Database.MigrateAsync(Cancel);
        Assert.Empty(await MigrationHistory.PendingAsync(db, Cancel));
        Assert.Empty(await db.Database.GetPendingMigrationsAsync(Cancel));
    }
}
