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

    [Fact]
    public async Task TheBackupEndpoint_CopiesTheLiveDatabaseWhileWritesGoOn_AndTheCopyRestores()
    {
        using var admin = await app.SignedInAsync();
        var kept = (await admin.CreateDefectsAsync("Written before the backup"))[0];
        // The first JWKS read creates the identity-token signing key, which the restored node must sign with.
        using (var jwks = await app.Anonymous().GetAsync("/.well-known/jwks.json", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, jwks.StatusCode);
        }

        var before = await EntityCount(app);
        using var stop = new CancellationTokenSource();
        using var writer = await app.SignedInAsync();
        var written = 0;
        var writes = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                await writer.CreateDefectsAsync($"Written during the backup {written}");
                written++;
            }
        }, Cancel);
        Assert.True(await Eventually.HoldsAsync(() => Task.FromResult(Volatile.Read(ref written) >= 3), TimeSpan.FromSeconds(30)));

        var folder = Directory.CreateTempSubdirectory("trellis-backup-").FullName;
        var backup = Path.Combine(folder, "trellis.db");
        using (var response = await admin.PostAsync("/admin/backup", content: null, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/vnd.sqlite3", response.Content.Headers.ContentType?.MediaType);
            Assert.Matches(@"^trellis-\d{4}-\d{2}-\d{2}-\d{6}\.db$", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
            await File.WriteAllBytesAsync(backup, await response.Content.ReadAsByteArrayAsync(Cancel), Cancel);
        }

        await Task.Delay(200, Cancel);
        await stop.CancelAsync();
        await writes;
        var after = await EntityCount(app);
        Assert.True(after > before + 3, $"the writes went on ({before} before, {after} after)");

        // Who took it, when and how big: one audit line.
        var size = new FileInfo(backup).Length;
        var audit = await app.WithDbAsync(async db =>
        {
            var adminId = await db.Users.Where(u => u.Login == TrellisApplication.AdminLogin).Select(u => u.Id).SingleAsync(Cancel);
            return await db.AuditLog.Where(a => a.Action == "database.backup" && a.UserId == adminId).ToListAsync(Cancel);
        });
        var line = Assert.Single(audit);
        Assert.Equal(app.Time.GetUtcNow(), line.At);
        Assert.Equal($"{{\"bytes\":{size}}}", line.Details);

        await using (var check = new SqliteConnection($"Data Source={backup};Mode=ReadOnly;Pooling=False"))
        {
            await check.OpenAsync(Cancel);
            await using var integrity = check.CreateCommand();
            integrity.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await integrity.ExecuteScalarAsync(Cancel));
        }

        await using var restored = new RestoredApplication(backup);
        await restored.InitializeAsync();
        using var again = await restored.SignedInAsync();
        var defect = await again.GetObjectAsync($"{TrellisApplication.Base}/defects/{kept}?fields=name");
        Assert.Equal("Written before the backup", defect.Text("name"));
        // One snapshot: everything written before, some of what was written meanwhile, nothing torn.
        var copied = await EntityCount(restored);
        Assert.InRange(copied, before, after);
        var counts = await Counts(restored);
        Assert.Equal(await Counts(app), counts);
        Assert.True(counts.Versions > 0 && counts.Bundles > 0 && counts.SigningKeys > 0 && counts.KeyRing > 0, $"restored {counts}");
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task OnlySiteAdmins_MayTakeABackup()
    {
        var login = $"space-admin-{Guid.NewGuid():N}@example.com";
        await app.AddUserWithRolesAsync(login, "Space-Admin-Password-1", 1001, ("space_admin", 1001, null));
        using var spaceAdmin = await app.SignedInAsync(login, "Space-Admin-Password-1");
        using var refused = await spaceAdmin.PostAsync("/admin/backup", content: null, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.DoesNotContain("SQLite format 3", await refused.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);

        using var anonymous = await app.Anonymous().PostAsync("/admin/backup", content: null, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }

    private static Task<int> EntityCount(TrellisApplication node) => node.WithDbAsync(db => db.Entities.CountAsync(Cancel));

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

/// <summary>On PostgreSQL the endpoint refuses and points to <c>pg_dump</c> (docs/operations.md#postgresql-pg_dump-and-pg_restore).</summary>
public sealed class PostgresBackupTests(PostgresApplication app) : IClassFixture<PostgresApplication>
{
    [Fact]
    public async Task TheBackupEndpoint_SaysToUsePgDump()
    {
        using var admin = await app.SignedInAsync();
        using var response = await admin.PostAsync("/admin/backup", content: null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("pg_dump", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }
}
