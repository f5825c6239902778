using Trellis.Data;

namespace Trellis.Server.Features.Bootstrap;

/// <summary>Registers and runs the first-start step.</summary>
internal static class BootstrapExtensions
{
    public static IServiceCollection AddBootstrap(this IServiceCollection services)
    {
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<Bootstrapper>();
        return services;
    }

    /// <summary>Migrates the database, then bootstraps it if it is empty, both under the migration lock.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        var bootstrapper = app.Services.GetRequiredService<Bootstrapper>();
        await migrator.MigrateAsync(bootstrapper.RunAsync, app.Lifetime.ApplicationStopping);
    }
}
