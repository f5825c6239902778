using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace Trellis.Server.Features.Auth;

/// <summary>Octane's sign-in and sign-out (docs/reference/rest.md#authentication).</summary>
internal static class AuthApi
{
    public static IEndpointRouteBuilder MapAuth(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/authentication").WithOctaneErrors().AllowAnonymous().WithTags("Authentication");
        group.MapPost("/sign_in", SignInAsync).WithName("SignIn");
        group.MapPost("/sign_out", SignOutAsync).WithName("SignOut");
        return routes;
    }

    private static async Task<IResult> SignInAsync(HttpContext http, [FromServices] SessionSignIn sessions, CancellationToken cancellationToken)
    {
        // The body is JSON whatever the Content-Type says (the SDKs disagree on it).
        var body = await ReadJsonObjectAsync(http.Request, cancellationToken);
        var login = Text(body, "user") ?? Text(body, "client_id");
        var secret = Text(body, "password") ?? Text(body, "client_secret");
        if (string.IsNullOrEmpty(login) || string.IsNullOrEmpty(secret))
        {
            return OctaneError.AuthenticationFailed().ToResult();
        }

        var attempt = await sessions.StartAsync(http, login, secret, cancellationToken);
        return attempt switch
        {
            { SignedIn: true } => TypedResults.Text("{}", "application/json"),
            { RetryAfter: { } wait } => OctaneError.TooManySignIns(wait).ToResult(),
            _ => OctaneError.AuthenticationFailed().ToResult(),
        };
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, [FromServices] SessionSignIn sessions, CancellationToken cancellationToken)
    {
        await sessions.EndAsync(http, cancellationToken);
        return TypedResults.Text("{}", "application/json");
    }

    private static async Task<JsonObject?> ReadJsonObjectAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject? body, string name) =>
        body?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
