using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;

namespace Trellis.Server.Features.ExternalActions.DevOverrides;

/// <summary>
/// The caller's own development overrides (docs/reference/launches.md#development-overrides): set needs the right to edit
/// the space's actions; listing and clearing are every member's, and only ever touch the caller's own. Trellis-only,
/// with Octane error bodies like everything under <c>/api</c>.
/// </summary>
internal static class DevOverridesApi
{
    public static IEndpointRouteBuilder MapDevOverrides(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/shared_spaces/{sharedSpaceId:long}/external-action-overrides")
            .WithOctaneErrors()
            .WithTags("ExternalActions")
            .WithTrellisApi();
        group.MapGet("/", ListAsync).WithName("ListDevOverrides").RequireSpace(SpaceTier.Member)
            .Produces<DevOverrideList>()
            .WithSummary("The caller's own unexpired development overrides in this space.");
        group.MapPut("/{name}", SetAsync).WithName("SetDevOverride").RequireSpace(SpaceTier.Admin)
            .Produces<DevOverrideView>().Produces<OctaneErrorBody>(StatusCodes.Status400BadRequest).Produces<OctaneErrorBody>(StatusCodes.Status404NotFound)
            .WithSummary("Points the caller's own launches of one action at another base URL (absolute http or https) until it expires.");
        group.MapDelete("/{name}", ClearAsync).WithName("ClearDevOverride").RequireSpace(SpaceTier.Member)
            .Produces(StatusCodes.Status204NoContent).Produces<OctaneErrorBody>(StatusCodes.Status404NotFound)
            .WithSummary("Clears the caller's own override of one action.");
        return routes;
    }

    private static async Task<IResult> ListAsync(HttpContext http, [FromServices] DevOverrideStore store, CancellationToken cancellationToken)
    {
        var scope = SpaceScope.Get(http);
        var overrides = await store.ListAsync(scope.SharedSpaceId, scope.User.Id, cancellationToken);
        return TypedResults.Ok(new DevOverrideList(overrides.Count, [.. overrides.Select(DevOverrideView.From)]));
    }

    private static async Task<IResult> SetAsync(
        string name, DevOverrideRequest? request, HttpContext http, [FromServices] DevOverrideStore store, CancellationToken cancellationToken)
    {
        var (set, refusal) = await store.SetAsync(SpaceScope.Get(http), name, request?.Url, request?.ExpiresInMinutes, cancellationToken);
        return set is not null ? TypedResults.Ok(DevOverrideView.From(set)) : refusal!.ToResult();
    }

    private static async Task<IResult> ClearAsync(string name, HttpContext http, [FromServices] DevOverrideStore store, CancellationToken cancellationToken)
    {
        var scope = SpaceScope.Get(http);
        return await store.ClearAsync(scope.SharedSpaceId, scope.User.Id, name, cancellationToken)
            ? TypedResults.NoContent()
            : OctaneError.NotFound("external_action_override", name).ToResult();
    }
}

/// <summary>The body of a set: the base URL and, optionally, how long it lasts.</summary>
internal sealed record DevOverrideRequest(
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("expires_in_minutes")] int? ExpiresInMinutes);

/// <summary>One override on the wire.</summary>
internal sealed record DevOverrideView(
    [property: JsonPropertyName("action")] string Action,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("created_at")] DateTimeOffset CreatedAt,
    [property: JsonPropertyName("expires_at")] DateTimeOffset ExpiresAt)
{
    public static DevOverrideView From(DevOverride value) => new(value.ActionName, value.BaseUrl, value.CreatedAt, value.ExpiresAt);
}

/// <summary>The caller's overrides.</summary>
internal sealed record DevOverrideList(
    [property: JsonPropertyName("total_count")] int TotalCount,
    [property: JsonPropertyName("data")] IReadOnlyList<DevOverrideView> Data);
