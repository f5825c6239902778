using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
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
        var time = app.Services.GetRequiredService<TimeProvider>();
        var demoData = app.Services.GetRequiredService<IOptions<BootstrapOptions>>().Value.DemoData;
        await migrator.MigrateAsync(async (db, cancellationToken) =>
        {
            var firstStart = !await db.SharedSpaces.AnyAsync(cancellationToken);
            await bootstrapper.RunAsync(db, cancellationToken);
            // Workspaces made by an earlier version get the built-in fields and metaphases added since.
            foreach (var workspaceId in await db.Workspaces.Select(w => w.Id).ToListAsync(cancellationToken))
            {
                await WorkspaceSeeder.UpgradeAsync(db, workspaceId, time, cancellationToken);
            }

            if (firstStart && demoData)
            {
                // After the bootstrap commit: the store writes through its own connection.
                await DemoActions.AddAsync(app.Services, Bootstrapper.SharedSpaceId, cancellationToken);
                // The demo actions' apps and prompt file, so every demo action works without another server.
                await DemoBundles.AddAsync(app.Services, Bootstrapper.SharedSpaceId, cancellationToken);
            }
        }, app.Lifetime.ApplicationStopping);
    }
}
