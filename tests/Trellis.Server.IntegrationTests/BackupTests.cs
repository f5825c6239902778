using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests;

/// <summary>The online SQLite backup of docs/operations.md (<c>VACUUM INTO</c> while the node serves), restored on a new node.</summary>
public sealed class BackupTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnOnlineBackupRestoresEntitiesConfigurationHistoryBundlesAndKeys()
    {
        using var client = await app.SignedInAsync();
        var id = (await client.CreateDefectsAsync("Kept by the backup"))[0];
        // The sign-in page puts a key in the Data Protection key ring, which the backup must carry too.
        using (var login = await app.Anonymous().GetAsync("/login", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        }

        var folder = Directory.CreateTempSubdirectory("trellis-backup-").FullName;
        var backup = Path.Combine(folder, "trellis.db");

        // What `sqlite3 trellis.db "VACUUM INTO '…'"` does, on the live file while the node keeps its connections.
        await using (var connection = new SqliteConnection(app.Services.GetRequiredService<DatabaseSettings>().ConnectionString))
        {
            await connection.OpenAsync(Cancel);
            await using var vacuum = connection.CreateCommand();
            vacuum.CommandText = "VACUUM INTO $file";
            vacuum.Parameters.AddWithValue("$file", backup);
            await vacuum.ExecuteNonQueryAsync(Cancel);
        }

        await using var restored = new RestoredApplication(backup);
        await restored.InitializeAsync();
        using var again = await restored.SignedInAsync();
        var defect = await again.GetObjectAsync($"{TrellisApplication.Base}/defects/{id}?fields=name");
        Assert.Equal("Kept by the backup", defect.Text("name"));
        Assert.Equal(await Counts(app), await Counts(restored));
        Assert.NotEqual((0, 0, 0, 0), await Counts(restored));
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private static Task<(int Versions, int Bundles, int SigningKeys, int KeyRing)> Counts(TrellisApplication node) => node.WithDbAsync(async db =>
        (await db.ActionConfigVersions.CountAsync(Cancel), await db.Bundles.CountAsync(Cancel), await db.SigningKeys.CountAsync(Cancel), await db.DataProtectionKeys.CountAsync(Cancel)));

    /// <summary>A node started on the backup file, as an operator restores it.</summary>
    private sealed class RestoredApplication(string file) : TrellisApplication(DatabaseProvider.Sqlite)
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:Trellis", $"Data Source={file}");
        }
    }
}
