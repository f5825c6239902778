
namespace Trellis.Server.Features.Entities;

/// <summary>Registers what the entity endpoints share.</summary>
internal static class EntitiesExtensions
{
    public static IServiceCollection AddEntities(this IServiceCollection services)
    {
        services.AddSingleton<SchemaCache>();
        // Who may work where: one resolver for the REST filters, the web UI and the services.
        services.AddSingleton<KnownScopes>();
        services.AddSingleton<AccessResolver>();
        // Memo values have a size cap (Trellis:Entities:MemoMaxBytes).
        services.AddOptions<EntityLimits>().BindConfiguration(EntityLimits.Section).ValidateDataAnnotations().ValidateOnStart();
        return services;
    }
}
