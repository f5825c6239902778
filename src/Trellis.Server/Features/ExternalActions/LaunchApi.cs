using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Trellis.Actions.Catalog;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Actions.Templates;
using Trellis.Data;
using Trellis.Server.Features.Access;
using Trellis.Server.Features.Auth;
using Trellis.Server.Features.Entities;
using Trellis.Server.Features.Errors;
using Trellis.Server.Features.Platform;

namespace Trellis.Server.Features.ExternalActions;

/// <summary>
/// The host's two calls (Trellis-only, Octane error bodies like everything under <c>/api</c>): which actions apply to a place, from the live
/// catalog without touching the database; and a launch, re-checked through <see cref="LaunchPlanner"/> with the
/// selected entities read from the workspace, answered with a launch ticket.
/// </summary>
internal static class LaunchApi
{
    // Definitions live as long as their catalog, so each one's wire form is built once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ActionDefinition, ApplicableAction> s_applicable = new();

    // A catalog entry is immutable and replaced on every change, so the answers it holds are never stale.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CatalogEntry, ToolbarAnswers> s_answers = new();

    public static IEndpointRouteBuilder MapActionLaunch(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/shared_spaces/{sharedSpaceId:long}/workspaces/{workspaceId:long}/external-actions")
            .WithOctaneErrors()
            // A viewer sees the toolbar and launches: an action reads the workspace, it does not change it.
            .RequireWorkspace(WorkspaceTier.Viewer)
            .WithTags("ExternalActions")
            .WithTrellisApi();
        group.MapGet("/applicable", ApplicableAsync).WithName("ApplicableExternalActions")
            .Produces<ApplicableResponse>().Produces<OctaneErrorBody>(StatusCodes.Status400BadRequest).Produces<OctaneErrorBody>(StatusCodes.Status404NotFound)
            .WithSummary("The actions that appear in a place: list or details view of a type, in a module, of one kind.");
        group.MapPost("/{name}/launch", LaunchAsync).WithName("LaunchExternalAction")
            .Produces<LaunchTicket>().Produces<OctaneErrorBody>(StatusCodes.Status400BadRequest).Produces<OctaneErrorBody>(StatusCodes.Status404NotFound)
            .WithSummary("Plans one launch for the current selection and returns its ticket; hidden or disabled actions come back with enabled false and the reason.");
        return routes;
    }

    private static async Task<IResult> ApplicableAsync(
        long sharedSpaceId, long workspaceId, [FromQuery(Name = "entity_type")] string? entityType, string? view, string? module, string? kind,
        HttpContext http, LiveCatalog catalog, CancellationToken cancellationToken)
    {
        if (ParseView(view) is not { } parsedView)
        {
            return BadRequest("view must be list or details.");
        }

        if (string.IsNullOrEmpty(entityType) || !EntityTypeTree.Default.IsKnown(entityType))
        {
            return BadRequest("entity_type must name a type or aggregate.");
        }

        if (ParseKind(kind) is not { } parsedKind)
        {
            return BadRequest("kind must be button, side_panel or aviator_chat.");
        }

        var effectiveModule = Applicability.EffectiveModule(parsedView, entityType, module, EntityTypeTree.Default);
        var entry = await catalog.GetAsync(sharedSpaceId, cancellationToken);
        var answers = s_answers.GetValue(entry, static e => new ToolbarAnswers(e));
        var answer = answers.Get(new ToolbarPlace(workspaceId, entityType, parsedView, effectiveModule, parsedKind), http.RequestServices);
        http.Response.Headers.ETag = answers.ETag;
        return answer;
    }

    /// <summary>The applicable answer of one place under one catalog, serialized as the endpoint always wrote it.</summary>
    internal static byte[] Serialize(CatalogEntry entry, ToolbarPlace place, JsonSerializerOptions options)
    {
        var actions = entry.Catalog.Lookup(place.WorkspaceId, place.EntityType, place.View, place.Module, place.Kind);
        var data = actions.Select(a => s_applicable.GetValue(a, ApplicableAction.From)).ToList();
        return JsonSerializer.SerializeToUtf8Bytes(new ApplicableResponse(entry.Version, data.Count, data), options);
    }

    private static async Task<IResult> LaunchAsync(
        long sharedSpaceId, long workspaceId, string name, LaunchRequest request, HttpContext http,
        LaunchService launches, TrellisDbContext db, TrellisUrls urls, CancellationToken cancellationToken)
    {
        var xsrf = http.Request.Cookies.TryGetValue(AuthCookies.Xsrf, out var cookie) && cookie.Length > 0 ? cookie : null;
        var input = new LaunchInput(WorkspaceScope.Get(http), name, request, xsrf, urls.OctaneUrl(http.Request));
        var outcome = await launches.PlanAsync(db, input, cancellationToken);
        return outcome.Plan is { } plan ? TypedResults.Ok(LaunchTicket.From(plan) with { DevOverride = outcome.Override?.BaseUrl }) : outcome.Refusal!;
    }


    private static ActionViews? ParseView(string? view) => LaunchService.ParseView(view);

    private static ActionKind? ParseKind(string? kind) => kind switch
    {
        null or "" or "button" => ActionKind.Button,
        "side_panel" => ActionKind.SidePanel,
        "aviator_chat" => ActionKind.AviatorChip,
        _ => null,
    };

    public static string KindName(ActionKind kind) => kind switch
    {
        ActionKind.SidePanel => "side_panel",
        ActionKind.AviatorChip => "aviator_chat",
        _ => "button",
    };

    private static OctaneError BadRequest(string description) => OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, description);

    /// <summary>An action name the space's catalog does not know (also used by the settings endpoints).</summary>
    public static OctaneError UnknownAction(string name) =>
        new(StatusCodes.Status404NotFound, OctaneErrorCodes.EntityNotFound, $"No external action is named '{name}'.",
            FrozenDictionary.Create(StringComparer.Ordinal, KeyValuePair.Create("entity_type", "external_action"), KeyValuePair.Create("entity_id", name)));

    // A missing workspace and one the user has no role in answer the same, as the entity endpoints do.
    public static OctaneError WorkspaceNotFound(long workspaceId) => OctaneError.NotFound("workspace", workspaceId.ToString(CultureInfo.InvariantCulture));
}

/// <summary>The answer of the applicable endpoint.</summary>
internal sealed record ApplicableResponse(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("total_count")] int TotalCount,
    [property: JsonPropertyName("data")] IReadOnlyList<ApplicableAction> Data);

/// <summary>What the host needs to draw one control.</summary>
internal sealed record ApplicableAction(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("icon")] string Icon,
    [property: JsonPropertyName("tooltip")] string Tooltip,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("dialog")] string? Dialog,
    [property: JsonPropertyName("single_entity")] bool SingleEntity,
    [property: JsonPropertyName("events")] bool Events,
    [property: JsonPropertyName("modules")] IReadOnlyList<string> Modules)
{
    public static ApplicableAction From(ActionDefinition action) => new(
        action.Name, action.Title, action.Icon, action.HoverText, LaunchApi.KindName(action.Kind),
        action.Dialog is { } size ? size.ToString().ToLowerInvariant() : null,
        action.SingleEntity || (action.Url is not null && UrlTemplate.Compile(action.Url).IsSingleEntity), action.Events, action.Modules);
}

/// <summary>A launch request from the host: the view, the selection and the module's context.</summary>
internal sealed record LaunchRequest(
    [property: JsonPropertyName("view")] string? View,
    [property: JsonPropertyName("module")] string? Module,
    [property: JsonPropertyName("entity_type")] string? EntityType,
    [property: JsonPropertyName("entity_ids")] List<string>? EntityIds,
    [property: JsonPropertyName("all_selected")] bool AllSelected,
    [property: JsonPropertyName("total_count")] long? TotalCount,
    [property: JsonPropertyName("query")] string? Query,
    [property: JsonPropertyName("context_release")] string? ContextRelease,
    [property: JsonPropertyName("context_sprint")] string? ContextSprint,
    [property: JsonPropertyName("context_milestone")] string? ContextMilestone,
    [property: JsonPropertyName("context_program")] string? ContextProgram,
    [property: JsonPropertyName("context_pipeline")] string? ContextPipeline,
    [property: JsonPropertyName("context_pipeline_run")] string? ContextPipelineRun);

/// <summary>What the host needs to open a launch and to trust its messages.</summary>
internal sealed record LaunchTicket(
    [property: JsonPropertyName("enabled")] bool Enabled,
    [property: JsonPropertyName("visible")] bool Visible,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("url")] string? Url,
    [property: JsonPropertyName("mode")] string Mode,
    [property: JsonPropertyName("dialog")] string? Dialog,
    [property: JsonPropertyName("dialog_id")] string? DialogId,
    [property: JsonPropertyName("panel_id")] string? PanelId,
    [property: JsonPropertyName("events_allowed")] bool EventsAllowed,
    [property: JsonPropertyName("dialog_control_allowed")] bool DialogControlAllowed,
    [property: JsonPropertyName("app_origin")] string? AppOrigin,
    [property: JsonPropertyName("noopener")] bool NoOpener,
    [property: JsonPropertyName("prompt")] string? Prompt,
    [property: JsonPropertyName("title")] string Title)
{
    /// <summary>Gets the base URL of the caller's own development override this launch went to; absent without one.</summary>
    [JsonPropertyName("dev_override")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? DevOverride { get; init; }

    public static LaunchTicket From(LaunchPlan plan) => new(
        plan.CanLaunch,
        plan.IsVisible,
        plan.Reason,
        plan.Url,
        plan.Mode switch
        {
            LaunchMode.ProtocolHandler => "protocol_handler",
            LaunchMode.Dialog => "dialog",
            LaunchMode.SidePanel => "side_panel",
            LaunchMode.AviatorChat => "aviator_chat",
            _ => "tab",
        },
        plan.DialogSize is { } size ? size.ToString().ToLowerInvariant() : null,
        plan.DialogId,
        plan.PanelId,
        plan.EventsAllowed,
        plan.DialogControlAllowed,
        plan.AppOrigin,
        plan.NoOpener,
        plan.Prompt,
        plan.Action.Title);
}
