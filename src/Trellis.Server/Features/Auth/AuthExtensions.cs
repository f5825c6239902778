using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Trellis.Data.Model;

namespace Trellis.Server.Features.Auth;

/// <summary>Registers session authentication, role checks and password hashing.</summary>
internal static class AuthExtensions
{
    public static IServiceCollection AddTrellisAuth(this IServiceCollection services)
    {
        services.AddAuthentication(SessionPrincipal.AuthenticationScheme)
            .AddScheme<AuthenticationSchemeOptions, SessionAuthenticationHandler>(SessionPrincipal.AuthenticationScheme, configureOptions: null);
        services.AddAuthorization();
        // Recent session checks per node, evicted on revocation here and, on PostgreSQL, on every node.
        services.AddSingleton<SessionCache>();
        // ASP.NET Core Identity's PBKDF2 (HMAC-SHA512, 100,000 rounds) without the rest of Identity.
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        // Failed sign-ins per login and client, and the bound on password checks running at once (Trellis:Auth:SignIn).
        services.AddOptions<SignInThrottleOptions>().BindConfiguration(SignInThrottleOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<SignInThrottle>();
        // The one way sessions open and end, for the REST sign-in and the sign-in page alike.
        services.AddScoped<SessionSignIn>();
        // Users, roles and API keys of a space, for the REST endpoints and the administration pages alike.
        services.AddSingleton<SpaceUserService>();
        return services;
    }
}
