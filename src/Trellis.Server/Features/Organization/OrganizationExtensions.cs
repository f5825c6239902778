namespace Trellis.Server.Features.Organization;

/// <summary>Registers what creates workspaces and shared spaces.</summary>
internal static class OrganizationExtensions
{
    public static IServiceCollection AddOrganization(this IServiceCollection services)
    {
        services.AddSingleton<ScopeCreator>();
        return services;
    }
}
