using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests;

/// <summary>Every connection the server opens on its SQLite file maps the file and lower-cases by Unicode's rules (<see cref="SqliteConnectionSetup"/>).</summary>
public sealed class SqliteConnectionSetupTests : IDisposable
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private readonly string _directory = Directory.CreateTempSubdirectory("trellis-mmap-").FullName;

    [Fact]
    public async Task EveryConnectionOfTheContext_MapsTheFileAndLowerCases_AgainWhenReusedFromThePool()
    {
        await using var services = new ServiceCollection()
            .AddTrellisData(new ConfigurationBuilder().AddInMemoryCollection([KeyValuePair.Create("Trellis:DataDirectory", (string?)_directory)]).Build())
            .BuildServiceProvider();
        var factory = services.GetRequiredService<IDbContextFactory<TrellisDbContext>>();

        // Two at once (two pooled connections), then one again (a connection handed back by the pool).
        await using (var first = await factory.CreateDbContextAsync(Cancel))
        await using (var second = await factory.CreateDbContextAsync(Cancel))
        {
            Assert.Equal(SqliteConnectionSetup.MappedBytes, await MappedBytesAsync(first));
            Assert.Equal(SqliteConnectionSetup.MappedBytes, await MappedBytesAsync(second));
        }

        await using var reused = await factory.CreateDbContextAsync(Cancel);
        Assert.Equal(SqliteConnectionSetup.MappedBytes, await MappedBytesAsync(reused));
        // The pool drops a connection's functions; the lower-casing comes back with every connection object.
        Assert.Equal(["äöü σφ", "äöü σφ"], await reused.Database.SqlQueryRaw<string>(
            $"SELECT {SqliteConnectionSetup.LowerFunction}('ÄÖÜ ΣΦ') AS \"Value\" UNION ALL SELECT {SqliteConnectionSetup.LowerFunction}('äöü σφ')").ToListAsync(Cancel));

        // A connection opened without the server's setup maps nothing: the value above is the setup's doing.
        await using var plain = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path.Combine(_directory, "trellis.db"), Pooling = false }.ToString());
        await plain.OpenAsync(Cancel);
        await using var command = plain.CreateCommand();
        command.CommandText = "PRAGMA mmap_size;";
        Assert.Equal(0L, (long)(await command.ExecuteScalarAsync(Cancel))!);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    private static async Task<long> MappedBytesAsync(TrellisDbContext db)
    {
        await db.Database.OpenConnectionAsync(Cancel);
        try
        {
            await using var command = db.Database.GetDbConnection().CreateCommand();
            command.CommandText = "PRAGMA mmap_size;";
            return (long)(await command.ExecuteScalarAsync(Cancel))!;
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }
}
