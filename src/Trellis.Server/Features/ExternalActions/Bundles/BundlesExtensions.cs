namespace Trellis.Server.Features.ExternalActions.Bundles;

/// <summary>Registers bundle uploads; the action side comes from whoever registers <see cref="IBundleActionSink"/>.</summary>
internal static class BundlesExtensions
{
    public static IServiceCollection AddBundles(this IServiceCollection services)
    {
        services.AddScoped<BundleUploader>();
        // Served bytes by content hash, so a request reads only the path's row.
        services.AddSingleton<BundleBlobCache>();
        // Path → hash and type per space, so a request reads no row; emptied on every bundle change, on every node.
        services.AddSingleton<BundleFileCache>();
        return services;
    }
}
