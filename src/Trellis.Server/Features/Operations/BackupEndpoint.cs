using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Data.Sqlite;
using Trellis.Data;

namespace Trellis.Server.Features.Operations;

/// <summary><c>POST /admin/backup</c>: an online, consistent copy of the SQLite database as a download (docs/operations.md#sqlite-an-online-backup).</summary>
internal static class BackupEndpoint
{
    public const string Route = "/admin/backup";

    /// <summary>The registered media type of an SQLite database file.</summary>
    private const string SqliteMediaType = "application/vnd.sqlite3";

    public static IEndpointRouteBuilder MapDatabaseBackup(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(Route, BackupAsync).RequireSiteAdmin().WithName("BackupDatabase").WithTags("Operations").WithTrellisApi();
        return routes;
    }

    private static async Task<IResult> BackupAsync(
        HttpContext http, [FromServices] DatabaseSettings database, [FromServices] TrellisDbContext db, [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (database.Provider != DatabaseProvider.Sqlite)
        {
            // Several nodes share PostgreSQL; its own tool takes the consistent snapshot, so Trellis does not copy it.
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "This server stores its data in PostgreSQL: back it up with pg_dump.",
                detail: "POST /admin/backup copies the SQLite database only. Run pg_dump --format=custom against the Trellis database "
                    + "(docs/operations.md#postgresql-pg_dump-and-pg_restore).");
        }

        var copy = Path.Combine(Path.GetTempPath(), $"trellis-backup-{Guid.NewGuid():N}.db");
        FileStream download;
        var now = time.GetUtcNow();
        try
        {
            await VacuumIntoAsync(database.ConnectionString, copy, cancellationToken);
            AuditLog.Add(db, time, CurrentUser.From(http.User).Id, "database.backup", details: JsonSerializer.Serialize(new { bytes = new FileInfo(copy).Length }));
            await db.SaveChangesAsync(cancellationToken);
            // Deleted when the response has been sent (or the client went away), so copies never pile up.
            download = new FileStream(copy, FileMode.Open, FileAccess.Read, FileShare.Delete, 81920, FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        }
        catch
        {
            File.Delete(copy);
            throw;
        }

        var name = "trellis-" + now.ToString("yyyy-MM-dd-HHmmss", CultureInfo.InvariantCulture) + ".db";
        return TypedResults.File(download, SqliteMediaType, name);
    }

    /// <summary>
    /// <c>VACUUM INTO</c> reads one snapshot in a read transaction (writers go on in WAL mode) and writes a
    /// compact, self-contained file without a WAL, so the copy is consistent however busy the server is.
    /// </summary>
    private static async Task VacuumIntoAsync(string connectionString, string file, CancellationToken cancellationToken)
    {
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var vacuum = connection.CreateCommand();
        vacuum.CommandText = "VACUUM INTO $file";
        vacuum.Parameters.AddWithValue("$file", file);
        // A large database takes longer than the default 30 seconds; the request's cancellation still stops it.
        vacuum.CommandTimeout = 0;
        await vacuum.ExecuteNonQueryAsync(cancellationToken);
    }
}
