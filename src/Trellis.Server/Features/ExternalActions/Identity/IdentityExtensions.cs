namespace Trellis.Server.Features.ExternalActions.Identity;

/// <summary>Registers the identity-token keys and issuer.</summary>
internal static class IdentityExtensions
{
    public static IServiceCollection AddIdentityTokens(this IServiceCollection services)
    {
        services.AddSingleton<IdentityKeyStore>();
        services.AddSingleton<IUserIdentityTokenIssuer, IdentityTokenIssuer>();
        services.AddHostedService<IdentityKeyInitializer>();
        return services;
    }
}
