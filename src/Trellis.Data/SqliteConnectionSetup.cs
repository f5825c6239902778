using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SQLitePCL;

namespace Trellis.Data;

/// <summary>
/// Sets up the server's SQLite connections: each connection object gets Unicode lower-casing (<see cref="LowerFunction"/>),
/// and each native connection maps the file into memory. SQLite's own page cache is 2 MB per connection, so a query
/// touching rows spread over a larger file read most pages again through <c>read()</c> (an <c>id IN</c> of 500 ids over
/// 100,000 entities: 1.5 ms for the count, 0.45 ms mapped); mapped pages are shared by every connection through the
/// operating system's cache, so that memory is paid once, not per pooled connection.
/// </summary>
public sealed class SqliteConnectionSetup : DbConnectionInterceptor
{
    /// <summary>The most of the file mapped (SQLite's <c>mmap_size</c>); the rest is read as usual.</summary>
    public const long MappedBytes = 256L * 1024 * 1024;

    /// <summary>The function <see cref="Sql.ISqlDialect.Lower"/> calls for text that is not ASCII: <see cref="string.ToLowerInvariant"/>.</summary>
    public const string LowerFunction = "trellis_lower";

    private static readonly string Pragma = FormattableString.Invariant($"PRAGMA mmap_size={MappedBytes};");

    /// <summary>The native connections already set up: a pooled connection keeps its handle, and the pragma with it.</summary>
    private static readonly ConditionalWeakTable<sqlite3, object> Prepared = [];

    /// <inheritdoc />
    public override DbConnection ConnectionCreated(ConnectionCreatedEventData eventData, DbConnection result)
    {
        // Microsoft.Data.Sqlite drops a connection's functions when it goes back to the pool and adds them again on
        // every open of the object they were created on, so this is once per connection object.
        if (result is SqliteConnection sqlite)
        {
            sqlite.CreateFunction(LowerFunction, (string? text) => text?.ToLowerInvariant(), isDeterministic: true);
        }

        return result;
    }

    /// <inheritdoc />
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        if (Unmapped(connection) is { } sqlite)
        {
            using var command = sqlite.CreateCommand();
            command.CommandText = Pragma;
            command.ExecuteNonQuery();
            Prepared.AddOrUpdate(sqlite.Handle!, Prepared);
        }
    }

    /// <inheritdoc />
    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (Unmapped(connection) is { } sqlite)
        {
            await using var command = sqlite.CreateCommand();
            command.CommandText = Pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
            Prepared.AddOrUpdate(sqlite.Handle!, Prepared);
        }
    }

    private static SqliteConnection? Unmapped(DbConnection connection) =>
        connection is SqliteConnection { Handle: { } handle } sqlite && !Prepared.TryGetValue(handle, out _) ? sqlite : null;
}
