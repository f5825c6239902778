using System.Buffers.Text;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Trellis.Data;

namespace Trellis.Server.Features.ExternalActions.Identity;

/// <summary>The public keys of the user-identity token (docs/identity-tokens.md#the-token) and their rotation.</summary>
internal static class IdentityApi
{
    public const string KeyPath = "/api/jwt/key";
    public const string JwksPath = "/.well-known/jwks.json";

    public static IEndpointRouteBuilder MapIdentityTokens(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("").WithOctaneErrors().AllowAnonymous().WithTags("Identity")
            .MapGet(KeyPath, GetKeyAsync).WithName("IdentityTokenKey");
        routes.MapGet(JwksPath, GetJwksAsync).AllowAnonymous().WithTags("Identity").WithName("IdentityTokenJwks").WithTrellisApi();
        routes.MapGroup("/admin/identity-keys").RequireSiteAdmin().WithTags("Identity")
            .MapPost("/rotate", RotateAsync).WithName("RotateIdentityKey").WithTrellisApi();
        return routes;
    }

    private static async Task<Ok<PublicKeyResponse>> GetKeyAsync(HttpContext http, [FromServices] IdentityKeyStore store, CancellationToken cancellationToken)
    {
        var keys = await store.GetAsync(cancellationToken);
        // Octane's external-details demo fetches this on each launch; a minute keeps a rotation visible soon.
        http.Response.Headers.CacheControl = "max-age=60";
        return TypedResults.Ok(new PublicKeyResponse(Convert.ToBase64String(keys.Current.SubjectPublicKeyInfo)));
    }

    private static async Task<Ok<JwksResponse>> GetJwksAsync([FromServices] IdentityKeyStore store, CancellationToken cancellationToken)
    {
        var keys = await store.GetAsync(cancellationToken);
        return TypedResults.Ok(new JwksResponse([.. keys.Published.Select(k =>
            new JwkResponse("RSA", "sig", "RS256", k.Kid, Base64Url.EncodeToString(k.Modulus), Base64Url.EncodeToString(k.Exponent)))]));
    }

    private static async Task<Ok<RotatedResponse>> RotateAsync(
        HttpContext http, [FromServices] IdentityKeyStore store, [FromServices] TrellisDbContext db, [FromServices] TimeProvider time,
        CancellationToken cancellationToken)
    {
        var kid = await store.RotateAsync(cancellationToken);
        AuditLog.Add(db, time, CurrentUser.From(http.User).Id, "identity.key_rotated", kid);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(new RotatedResponse(kid));
    }

    internal sealed record PublicKeyResponse([property: JsonPropertyName("key")] string Key);

    internal sealed record JwksResponse([property: JsonPropertyName("keys")] IReadOnlyList<JwkResponse> Keys);

    internal sealed record JwkResponse(
        [property: JsonPropertyName("kty")] string Kty,
        [property: JsonPropertyName("use")] string Use,
        [property: JsonPropertyName("alg")] string Alg,
        [property: JsonPropertyName("kid")] string Kid,
        [property: JsonPropertyName("n")] string N,
        [property: JsonPropertyName("e")] string E);

    internal sealed record RotatedResponse([property: JsonPropertyName("kid")] string Kid);
}
