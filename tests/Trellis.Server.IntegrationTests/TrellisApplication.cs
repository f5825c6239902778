using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Npgsql;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// The whole server in memory on a real database: a SQLite file in a temporary folder, or a PostgreSQL database
/// of its own when <c>TRELLIS_TEST_POSTGRES</c> names a server. The clock is a <see cref="FakeTimeProvider"/>.
/// </summary>
/// <param name="provider">The database engine.</param>
/// <param name="sharedPostgresDatabase">A PostgreSQL database that another node uses too; its owner creates and drops it.</param>
/// <param name="dataDirectory">A data folder (the SQLite file) that outlives this server, as a restarted server finds it; its owner deletes it.</param>
public class TrellisApplication(DatabaseProvider provider, string? sharedPostgresDatabase = null, string? dataDirectory = null) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminLogin = "admin";
    public const string AdminPassword = "Admin-Password-1";
    public const string PostgresVariable = "TRELLIS_TEST_POSTGRES";
    public const string NoPostgres = "no PostgreSQL configured (set TRELLIS_TEST_POSTGRES)";
    public const string Base = "/api/shared_spaces/1001/workspaces/1002";

    private readonly string _dataDirectory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "trellis-tests", Guid.NewGuid().ToString("N"));
    private string? _postgresServer;
    private string? _postgresDatabase;

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 15, 9, 0, 0, TimeSpan.Zero));

    public DatabaseProvider Provider => provider;

    /// <summary>Gets every log message the server wrote.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    protected virtual string? BootstrapPassword => AdminPassword;

    protected virtual bool DemoData => true;

    public async ValueTask InitializeAsync()
    {
        if (provider != DatabaseProvider.Postgres)
        {
            return;
        }

        _postgresServer = Environment.GetEnvironmentVariable(PostgresVariable);
        if (string.IsNullOrWhiteSpace(_postgresServer))
        {
            return;
        }

        if (sharedPostgresDatabase is not null)
        {
            _postgresDatabase = sharedPostgresDatabase;
            return;
        }

        _postgresDatabase = await TestDatabases.CreateAsync(_postgresServer);
    }

    /// <summary>Skips the calling test when its database is not available here.</summary>
    public void SkipUnlessAvailable()
    {
        if (provider == DatabaseProvider.Postgres && _postgresDatabase is null)
        {
            Assert.Skip(NoPostgres);
        }
    }

    public HttpClient Anonymous(bool handleCookies = true, bool https = false)
    {
        SkipUnlessAvailable();
        return CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            HandleCookies = handleCookies,
            BaseAddress = new Uri(https ? "https://localhost" : "http://localhost"),
        });
    }

    public async Task<HttpClient> SignedInAsync(string login = AdminLogin, string password = AdminPassword)
    {
        var client = Anonymous();
        using var response = await client.PostAsJsonAsync("/authentication/sign_in", new { user = login, password });
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    /// <summary>A client signed in as a new user who holds <paramref name="role"/> in workspace 1002.</summary>
    public async Task<HttpClient> CreateClientAsync(string role)
    {
        SkipUnlessAvailable();
        var login = $"{role}-{Guid.NewGuid():N}@example.com";
        const string password = "Role-Password-1";
        await AddUserAsync(login, password, role);
        return await SignedInAsync(login, password);
    }

    /// <summary>Runs work against the server's database, as the server sees it.</summary>
    public async Task<T> WithDbAsync<T>(Func<TrellisDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrellisDbContext>();
        return await work(db);
    }

    /// <summary>Adds a user with a password and one role in workspace 1002.</summary>
    public Task<long> AddUserAsync(string login, string password, string role) =>
        AddUserWithRolesAsync(login, password, 1001, (role, 1001, 1002));

    /// <summary>Adds a user of <paramref name="homeSpace"/> with a password and exactly these roles (none is a user with no role).</summary>
    public Task<long> AddUserWithRolesAsync(string login, string password, long homeSpace, params (string Role, long? Space, long? Workspace)[] roles) =>
        WithDbAsync(async db =>
        {
            var hasher = Services.GetRequiredService<IPasswordHasher<User>>();
            var user = new User { SharedSpaceId = homeSpace, Login = login, Email = login, PasswordHash = "", CreatedAt = Time.GetUtcNow() };
            user.PasswordHash = hasher.HashPassword(user, password);
            db.Users.Add(user);
            await db.SaveChangesAsync();
            db.RoleAssignments.AddRange(roles.Select(r => new RoleAssignment { UserId = user.Id, Role = r.Role, SharedSpaceId = r.Space, WorkspaceId = r.Workspace }));
            await db.SaveChangesAsync();
            return user.Id;
        });

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("Trellis:DataDirectory", _dataDirectory);
        builder.UseSetting("Trellis:Bootstrap:AdminLogin", AdminLogin);
        builder.UseSetting("Trellis:Bootstrap:AdminPassword", BootstrapPassword ?? "");
        builder.UseSetting("Trellis:Bootstrap:DemoData", DemoData ? "true" : "false");
        if (provider == DatabaseProvider.Postgres && _postgresDatabase is not null)
        {
            builder.UseSetting("Trellis:Database:Provider", "Postgres");
            builder.UseSetting("ConnectionStrings:Trellis",
                new NpgsqlConnectionStringBuilder(_postgresServer) { Database = _postgresDatabase }.ConnectionString);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(new QueueLoggerProvider(Logs)));
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton<TimeProvider>(Time);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_postgresDatabase is not null && sharedPostgresDatabase is null)
        {
            await TestDatabases.DropAsync(_postgresServer!, _postgresDatabase);
        }

        if (dataDirectory is null && Directory.Exists(_dataDirectory))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dataDirectory, recursive: true);
        }

        GC.SuppressFinalize(this);
    }

    private sealed class QueueLoggerProvider(ConcurrentQueue<string> queue) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new QueueLogger(queue);

        public void Dispose()
        {
        }

        private sealed class QueueLogger(ConcurrentQueue<string> queue) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                queue.Enqueue(formatter(state, exception));
        }
    }
}

public sealed class SqliteApplication() : TrellisApplication(DatabaseProvider.Sqlite);

public sealed class PostgresApplication() : TrellisApplication(DatabaseProvider.Postgres);

/// <summary>A first start with no configured password: one is generated and logged.</summary>
public sealed class GeneratedPasswordApplication() : TrellisApplication(DatabaseProvider.Sqlite)
{
    protected override string? BootstrapPassword => null;
}

/// <summary>A first start without demo content.</summary>
public sealed class EmptyWorkspaceApplication() : TrellisApplication(DatabaseProvider.Sqlite)
{
    protected override bool DemoData => false;
}

/// <summary>Sends requests with a session cookie by hand, as a client without a cookie jar does.</summary>
internal static partial class SessionCookies
{
    /// <summary>The <c>LWSSO_COOKIE_KEY</c> value of a sign-in answer, read the way the C# SDK reads it.</summary>
    public static string From(HttpResponseMessage signIn) =>
        Pattern().Match(string.Join('\n', signIn.Headers.GetValues("Set-Cookie"))).Groups[1].Value;

    public static Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string url, string cookie)
    {
        var request = new HttpRequestMessage(method, url);
        request.Headers.Add("Cookie", $"LWSSO_COOKIE_KEY={cookie}");
        return client.SendAsync(request, TestContext.Current.CancellationToken);
    }

    [System.Text.RegularExpressions.GeneratedRegex("LWSSO_COOKIE_KEY=(.*?);")]
    private static partial System.Text.RegularExpressions.Regex Pattern();
}

/// <summary>Small helpers for reading Octane JSON in tests.</summary>
internal static class Json
{
    public static async Task<JsonObject> ReadObjectAsync(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync()) as JsonObject
        ?? throw new InvalidOperationException("The body is not a JSON object.");

    public static async Task<JsonObject> GetObjectAsync(this HttpClient client, string url)
    {
        using var response = await client.GetAsync(url);
        Assert.True(response.IsSuccessStatusCode, $"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.ReadObjectAsync();
    }

    /// <summary>Creates one defect per name in the demo workspace (one request) and gives their ids in that order.</summary>
    public static async Task<List<string>> CreateDefectsAsync(this HttpClient client, params string[] names)
    {
        var body = new JsonObject { ["data"] = new JsonArray([.. names.Select(n => (JsonNode)new JsonObject { ["name"] = n })]) };
        using var response = await client.PostAsync($"{TrellisApplication.Base}/defects", new StringContent(body.ToJsonString()), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return [.. (await response.ReadObjectAsync()).Data().Select(d => d.Text("id")!)];
    }

    public static string? Text(this JsonNode? node, string name) => node?[name]?.GetValue<string>();

    public static JsonArray Data(this JsonObject collection) => collection["data"]!.AsArray();
}
