
namespace Trellis.Server.Features.ExternalActions;

/// <summary>Registers the configuration store, the live catalog, bundles' action sink and, on PostgreSQL, the change listener.</summary>
internal static class ActionConfigurationExtensions
{
    public static IServiceCollection AddActionConfiguration(this IServiceCollection services)
    {
        services.AddSingleton<LiveCatalog>();
        services.AddSingleton<ActionConfigurationStore>();
        // Launch planning shared by the launch endpoint and the web UI.
        services.AddSingleton<LaunchService>();
        // Authors' own development overrides of action URLs, read by every launch of theirs.
        services.AddOptions<DevOverrideOptions>().BindConfiguration(DevOverrideOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<DevOverrideStore>();
        services.AddHostedService<NodeChangeListener>();

        // Scoped: it reads through the request's context, the one whose transaction an upload holds.
        services.AddScoped<IBundleActionSink, BundleActionSink>();
        return services;
    }

    /// <summary>The configuration API, the toolbar and launch endpoints, the apps' settings and the authors' development overrides.</summary>
    public static IEndpointRouteBuilder MapActionConfigurationEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapActionConfiguration();
        routes.MapActionLaunch();
        routes.MapPanelSettings();
        routes.MapDevOverrides();
        return routes;
    }
}
