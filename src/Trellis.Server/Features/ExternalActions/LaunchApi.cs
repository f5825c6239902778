using Microsoft.AspNetCore.Mvc;
using Trellis.Actions.Catalog;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Data;

namespace Trellis.Server.Features.ExternalActions;

/// <summary>
/// The host's two calls (Trellis-only, Octane error bodies like everything under <c>/api</c>): which actions apply to a place, from the live
/// catalog without touching the database; and a launch, re-checked through <see cref="LaunchPlanner"/> with the
/// selected entities read from the workspace, answered with a launch ticket.
/// </summary>
internal static class LaunchApi
{
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
        HttpContext http, [FromServices] LiveCatalog catalog, CancellationToken cancellationToken)
    {
        if (ParseView(view) is not { } parsedView)
        {
            return BadRequest("view must be list or details.").ToResult();
        }

        if (string.IsNullOrEmpty(entityType) || !EntityTypeTree.Default.IsKnown(entityType))
        {
            return BadRequest("entity_type must name a type or aggregate.").ToResult();
        }

        if (ParseKind(kind) is not { } parsedKind)
        {
            return BadRequest("kind must be button, side_panel or aviator_chat.").ToResult();
        }

        var effectiveModule = Applicability.EffectiveModule(parsedView, entityType, module, EntityTypeTree.Default);
        var entry = await catalog.GetAsync(sharedSpaceId, cancellationToken);
        var answers = s_answers.GetValue(entry, static e => new ToolbarAnswers(e));
        var answer = new JsonBytesResult(answers.Get(new ToolbarPlace(workspaceId, entityType, parsedView, effectiveModule, parsedKind), http.RequestServices));
        http.Response.Headers.ETag = answers.ETag;
        return answer;
    }


    private static async Task<IResult> LaunchAsync(
        long sharedSpaceId, long workspaceId, string name, LaunchRequest request, HttpContext http,
        [FromServices] LaunchService launches, [FromServices] TrellisDbContext db, [FromServices] TrellisUrls urls, CancellationToken cancellationToken)
    {
        var xsrf = http.Request.Cookies.TryGetValue(AuthCookies.Xsrf, out var cookie) && cookie.Length > 0 ? cookie : null;
        var input = new LaunchInput(WorkspaceScope.Get(http), name, request, xsrf, urls.OctaneUrl(http.Request));
        var outcome = await launches.PlanAsync(db, input, cancellationToken);
        return outcome.Plan is { } plan ? TypedResults.Ok(LaunchTicket.From(plan) with { DevOverride = outcome.Override?.BaseUrl }) : outcome.Refusal!.ToResult();
    }


    private static ActionViews? ParseView(string? view) => LaunchService.ParseView(view);

    private static ActionKind? ParseKind(string? kind) => kind switch
    {
        null or "" or "button" => ActionKind.Button,
        "side_panel" => ActionKind.SidePanel,
        "aviator_chat" => ActionKind.AviatorChip,
        _ => null,
    };

    private static OctaneError BadRequest(string description) => OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, description);
}
