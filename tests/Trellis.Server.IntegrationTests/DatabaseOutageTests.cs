using System.Net;
using System.Net.Http.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Trellis.Application.ExternalActions.Messages;
using Trellis.Data;

namespace Trellis.Server.IntegrationTests;

/// <summary>While the database does not answer, requests get 503 with Retry-After (not a 500), and the server recovers by itself.</summary>
public abstract class DatabaseOutageTests(TrellisApplication app)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WhileTheDatabaseIsUnreachableRequestsGet503WithRetryAfterAndRecoverWithoutARestart()
    {
        using var client = await app.SignedInAsync();
        var defects = $"{TrellisApplication.Base}/defects?fields=name&limit=1";
        using (var before = await client.GetAsync(defects, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        var restore = await TakeTheDatabaseAwayAsync();
        try
        {
            using var read = await client.GetAsync(defects, Cancel);
            await AuthenticationTests.AssertOctaneErrorAsync(read, HttpStatusCode.ServiceUnavailable, "platform.service_unavailable");
            Assert.Equal(TimeSpan.FromSeconds(5), read.Headers.RetryAfter?.Delta);

            using var write = await client.PostAsJsonAsync($"{TrellisApplication.Base}/defects", new { data = new[] { new { name = "During the outage" } } }, Cancel);
            await AuthenticationTests.AssertOctaneErrorAsync(write, HttpStatusCode.ServiceUnavailable, "platform.service_unavailable");

            using var signIn = await app.Anonymous().PostAsJsonAsync("/authentication/sign_in",
                new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel);
            await AuthenticationTests.AssertOctaneErrorAsync(signIn, HttpStatusCode.ServiceUnavailable, "platform.service_unavailable");

            using var health = await client.GetAsync("/healthz", Cancel);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, health.StatusCode);

            // A launch or an app's message goes on without its inspector line.
            var log = app.Services.GetRequiredService<LaunchMessageLog>();
            await Assert.ThrowsAnyAsync<Exception>(() => log.AddLaunchAsync(InspectorRendering.Launch(app, "notes_app", "outage"), Cancel));
            await log.KeepLaunchAsync(InspectorRendering.Launch(app, "notes_app", "outage"));
            await log.KeepAsync(InspectorRendering.Message(app, "notes_app", "outage", 1));
        }
        finally
        {
            await restore();
        }

        // Pooled connections the outage broke are dropped as they fail; a client retrying gets through.
        Assert.True(await Eventually.HoldsAsync(async () =>
        {
            using var after = await client.GetAsync(defects, Cancel);
            return after.StatusCode == HttpStatusCode.OK;
        }, TimeSpan.FromSeconds(10)));
        Assert.Equal(0, await app.WithDbAsync(db => db.Entities.CountAsync(e => e.Name == "During the outage", Cancel)));
    }

    /// <summary>Makes the database unreachable: the SQLite file's folder moves away, or the PostgreSQL database stops taking connections.</summary>
    private async Task<Func<Task>> TakeTheDatabaseAwayAsync()
    {
        var connectionString = await app.WithDbAsync(db => Task.FromResult(db.Database.GetConnectionString()!));
        if (app.Provider == DatabaseProvider.Sqlite)
        {
            var folder = Path.GetDirectoryName(new SqliteConnectionStringBuilder(connectionString).DataSource)!;
            SqliteConnection.ClearAllPools();
            Directory.Move(folder, folder + "-away");
            return () =>
            {
                Directory.Move(folder + "-away", folder);
                return Task.CompletedTask;
            };
        }

        var database = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        await AdministerAsync($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS false",
            $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{database}' AND pid <> pg_backend_pid() AND usename = current_user");
        NpgsqlConnection.ClearAllPools();
        return () => AdministerAsync($"ALTER DATABASE \"{database}\" WITH ALLOW_CONNECTIONS true");
    }

    private static async Task AdministerAsync(params string[] statements)
    {
        var server = Environment.GetEnvironmentVariable(TrellisApplication.PostgresVariable)!;
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Database = "postgres", Pooling = false }.ConnectionString);
        await connection.OpenAsync(Cancel);
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, connection);
            await command.ExecuteNonQueryAsync(Cancel);
        }
    }
}

public sealed class SqliteDatabaseOutageTests(SqliteApplication app) : DatabaseOutageTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresDatabaseOutageTests(PostgresApplication app) : DatabaseOutageTests(app), IClassFixture<PostgresApplication>;
