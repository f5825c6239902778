using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Trellis.Data;

namespace Trellis.Server.Features.ExternalActions;

/// <summary>
/// Per-user settings of an action's app (docs/reference/messages.md#events): the host runtime stores what <c>octane_update_settings</c>
/// sends and answers <c>octane_read_settings</c> from here. Trellis-only, with Octane error bodies like everything under <c>/api</c>.
/// </summary>
internal static class PanelSettingsApi
{
    public static IEndpointRouteBuilder MapPanelSettings(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/shared_spaces/{sharedSpaceId:long}/workspaces/{workspaceId:long}/external-actions/{name}/settings")
            .WithOctaneErrors()
            // A viewer keeps settings too: they are the user's own, not the workspace's.
            .RequireWorkspace(WorkspaceTier.Viewer)
            .WithTags("ExternalActions")
            .WithTrellisApi();
        group.MapGet("/", GetAsync).WithName("ReadActionSettings")
            .WithSummary("The settings this user's app stored for a context; {} when unset.");
        group.MapPut("/", PutAsync).WithName("UpdateActionSettings")
            .WithSummary("Stores the body (JSON, at most 64 KiB) as this user's settings for a context.");
        return routes;
    }

    private static async Task<IResult> GetAsync(long sharedSpaceId, long workspaceId, string name, string? context, HttpContext http,
        [FromServices] TrellisDbContext db, [FromServices] LiveCatalog catalog, CancellationToken cancellationToken)
    {
        var (key, error) = await OpenAsync(sharedSpaceId, workspaceId, name, context, http, catalog, cancellationToken);
        if (key is null)
        {
            return error!;
        }

        var stored = await PanelSettingsStore.ReadAsync(db, sharedSpaceId, workspaceId, key.Action, key.UserId, key.Context, cancellationToken);
        return TypedResults.Json(new JsonObject { ["context"] = key.Context, ["settings"] = stored is null ? new JsonObject() : JsonNode.Parse(stored) });
    }

    private static async Task<IResult> PutAsync(long sharedSpaceId, long workspaceId, string name, string? context, HttpContext http,
        [FromServices] TrellisDbContext db, [FromServices] LiveCatalog catalog, [FromServices] TimeProvider time, CancellationToken cancellationToken)
    {
        var (key, error) = await OpenAsync(sharedSpaceId, workspaceId, name, context, http, catalog, cancellationToken);
        if (key is null)
        {
            return error!;
        }

        var body = await ReadAsync(http.Request.Body, cancellationToken);
        if (body is null)
        {
            return new OctaneError(StatusCodes.Status413PayloadTooLarge, OctaneErrorCodes.SettingsTooLarge, "Settings are at most 64 KiB.").ToResult();
        }

        string settings;
        try
        {
            settings = JsonNode.Parse(body)?.ToJsonString() ?? "null";
        }
        catch (JsonException)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "The settings body must be JSON.").ToResult();
        }

        await PanelSettingsStore.WriteAsync(db, sharedSpaceId, workspaceId, key.Action, key.UserId, key.Context, settings, time, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<(SettingsKey? Key, IResult? Error)> OpenAsync(long sharedSpaceId, long workspaceId, string name, string? context,
        HttpContext http, LiveCatalog catalog, CancellationToken cancellationToken)
    {
        var user = WorkspaceScope.Get(http).User;
        context ??= string.Empty;
        if (context.Length > PanelSettingsStore.MaxContextLength)
        {
            return (null, OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "context is at most 100 characters.").ToResult());
        }

        if (context.Contains('\0', StringComparison.Ordinal))
        {
            return (null, OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "context may not hold the NUL character (%00).").ToResult());
        }

        var entry = await catalog.GetAsync(sharedSpaceId, cancellationToken);
        if (!entry.Catalog.TryGetByName(name, out var action))
        {
            return (null, ApplicableActions.UnknownAction(name).ToResult());
        }

        return (new SettingsKey(action.Name.ToLowerInvariant(), user.Id, context), null);
    }

    private static async Task<string?> ReadAsync(Stream body, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16384];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > PanelSettingsStore.MaxSettingsBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private sealed record SettingsKey(string Action, long UserId, string Context);
}
