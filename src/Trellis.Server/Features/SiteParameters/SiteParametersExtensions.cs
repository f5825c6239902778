namespace Trellis.Server.Features.SiteParameters;

/// <summary>Registers the site-parameter store and the site admin's editor of it.</summary>
internal static class SiteParametersExtensions
{
    public static IServiceCollection AddSiteParameters(this IServiceCollection services) =>
        services.AddSingleton<SiteParameterStore>().AddSingleton<SiteParameterEditor>();
}
