using Npgsql;

namespace Trellis.Server.IntegrationTests;

/// <summary>Creates and drops the throwaway PostgreSQL databases the tests run on.</summary>
public static class TestDatabases
{
    private const string InsufficientPrivilege = "42501";

    /// <summary>Creates a database with a fresh name on <paramref name="server"/> and returns the name.</summary>
    public static async Task<string> CreateAsync(string server)
    {
        var name = "trellis_test_" + Guid.NewGuid().ToString("N");
        await ExecuteAsync(server, $"CREATE DATABASE \"{name}\"");
        return name;
    }

    /// <summary>
    /// Drops the database and every connection to it. An autovacuum worker busy in it cannot be terminated by a
    /// role that is not a superuser (PostgreSQL answers 42501), so the drop is tried again once the worker is done.
    /// </summary>
    public static async Task DropAsync(string server, string name)
    {
        NpgsqlConnection.ClearAllPools();
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
                return;
            }
            catch (PostgresException exception) when (exception.SqlState == InsufficientPrivilege && attempt < 60)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500));
            }
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres" }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
