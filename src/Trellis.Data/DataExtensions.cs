using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Data.Sql;

namespace Trellis.Data;

/// <summary>Registers the database: the one place that switches on the provider.</summary>
public static class DataExtensions
{
    /// <summary>The assembly that holds the SQLite migrations.</summary>
    public const string SqliteMigrationsAssembly = "Trellis.Data.Sqlite";

    /// <summary>The assembly that holds the PostgreSQL migrations.</summary>
    public const string PostgresMigrationsAssembly = "Trellis.Data.Postgres";

    /// <summary>The name EF Core gives the PostgreSQL provider: its assembly's.</summary>
    public const string PostgresProviderName = "Npgsql.EntityFrameworkCore.PostgreSQL";

    /// <summary>Sets up each new SQLite connection (see <see cref="SqliteConnectionSetup"/>); stateless, so one serves every context.</summary>
    private static readonly SqliteConnectionSetup SqliteSetup = new();

    /// <summary>
    /// Adds <see cref="TrellisDbContext"/> (scoped, and through <see cref="IDbContextFactory{TContext}"/>),
    /// <see cref="ISqlDialect"/>, <see cref="DatabaseSettings"/> and <see cref="DatabaseMigrator"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration with <c>Trellis:Database:*</c>.</param>
    /// <param name="contentRoot">What a relative <c>Trellis:DataDirectory</c> is resolved against; the working directory when null.</param>
    /// <returns>The service collection.</returns>
    public static IServiceCollection AddTrellisData(this IServiceCollection services, IConfiguration configuration, string? contentRoot = null)
    {
        var settings = DatabaseSettings.From(configuration, contentRoot);
        services.AddSingleton(settings);
        services.AddDbContextFactory<TrellisDbContext>(options => Configure(options, settings));
        services.AddSingleton<ISqlDialect>(settings.Provider == DatabaseProvider.Postgres ? new PostgresDialect() : new SqliteDialect());
        services.AddTransient<DatabaseMigrator>();
        return services;
    }

    /// <summary>Points options at the configured provider and its migrations assembly.</summary>
    /// <param name="options">The options to configure.</param>
    /// <param name="settings">The database settings.</param>
    /// <returns>The same options.</returns>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, DatabaseSettings settings)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(settings);
        return settings.Provider == DatabaseProvider.Postgres ? UsePostgres(options, settings) : UseSqlite(options, settings);
    }

    /// <summary>Whether the context runs on PostgreSQL, without loading the PostgreSQL provider on SQLite (as its own <c>IsNpgsql</c> does).</summary>
    /// <param name="database">The context's database.</param>
    /// <returns><see langword="true"/> on PostgreSQL.</returns>
    public static bool IsPostgres(this DatabaseFacade database)
    {
        ArgumentNullException.ThrowIfNull(database);
        return database.ProviderName == PostgresProviderName;
    }

    // Each provider in a method of its own, never inlined: compiling one does not load the other's assemblies.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DbContextOptionsBuilder UsePostgres(DbContextOptionsBuilder options, DatabaseSettings settings) =>
        options.UseNpgsql(settings.ConnectionString, o => o.MigrationsAssembly(PostgresMigrationsAssembly));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static DbContextOptionsBuilder UseSqlite(DbContextOptionsBuilder options, DatabaseSettings settings) =>
        options.UseSqlite(settings.ConnectionString, o => o.MigrationsAssembly(SqliteMigrationsAssembly)).AddInterceptors(SqliteSetup);
}
