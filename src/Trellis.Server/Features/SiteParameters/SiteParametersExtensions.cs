namespace Trellis.Server.Features.SiteParameters;

/// <summary>Registers the site-parameter store.</summary>
internal static class SiteParametersExtensions
{
    public static IServiceCollection AddSiteParameters(this IServiceCollection services) =>
        services.AddSingleton<SiteParameterStore>();
}
