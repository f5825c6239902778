using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Actions.Templates;
using Trellis.Data;
using Trellis.Data.Sql;
using Trellis.Server.Features.Auth;
using Trellis.Server.Features.Entities;
using Trellis.Server.Features.SiteParameters;

namespace Trellis.Server.Features.ExternalActions;

/// <summary>
/// The host's two calls (Trellis-only, problem-details errors): which actions apply to a place, from the live
/// catalog without touching the database; and a launch, re-checked through <see cref="LaunchPlanner"/> with the
/// selected entities read from the workspace, answered with a launch ticket.
/// </summary>
internal static class LaunchApi
{
    /// <summary>Select-all sends at most this many ids (SPEC.md §5.1).</summary>
    public const int MaxSelectAllIds = 500;

    // Definitions live as long as their catalog, so each one's wire form is built once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<ActionDefinition, ApplicableAction> s_applicable = new();

    public static IEndpointRouteBuilder MapActionLaunch(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/shared_spaces/{sharedSpaceId:long}/workspaces/{workspaceId:long}/external-actions")
            .RequireAuthorization()
            .WithTags("ExternalActions");
        group.MapGet("/applicable", ApplicableAsync).WithName("ApplicableExternalActions")
            .WithSummary("The actions that appear in a place: list or details view of a type, in a module, of one kind.");
        group.MapPost("/{name}/launch", LaunchAsync).WithName("LaunchExternalAction")
            .WithSummary("Plans one launch for the current selection and returns its ticket; hidden or disabled actions come back with enabled false and the reason.");
        return routes;
    }

    private static async Task<IResult> ApplicableAsync(
        long sharedSpaceId, long workspaceId, [FromQuery(Name = "entity_type")] string? entityType, string? view, string? module, string? kind,
        HttpContext http, LiveCatalog catalog, CancellationToken cancellationToken)
    {
        if (!IsMember(http, sharedSpaceId, workspaceId))
        {
            return WorkspaceNotFound(workspaceId);
        }

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

        var effectiveModule = module is { Length: > 0 } ? module
            : parsedView == ActionViews.Details && EntityTypeTree.Default.TryGet(entityType, out var type) ? type.HomeModule : null;
        var entry = await catalog.GetAsync(sharedSpaceId, cancellationToken);
        var actions = entry.Catalog.Lookup(workspaceId, entityType, parsedView, effectiveModule, parsedKind);
        var data = actions.Select(a => s_applicable.GetValue(a, ApplicableAction.From)).ToList();
        http.Response.Headers.ETag = $"\"{entry.Version.ToString(CultureInfo.InvariantCulture)}\"";
        return TypedResults.Ok(new ApplicableResponse(entry.Version, data.Count, data));
    }

    private static async Task<IResult> LaunchAsync(
        long sharedSpaceId, long workspaceId, string name, LaunchRequest request, HttpContext http,
        LiveCatalog catalog, SiteParameterStore siteParameters, TrellisDbContext db, ISqlDialect dialect, SchemaCache schemas,
        IConfiguration configuration, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!IsMember(http, sharedSpaceId, workspaceId)
            || !await db.Workspaces.AnyAsync(w => w.Id == workspaceId && w.SharedSpaceId == sharedSpaceId, cancellationToken))
        {
            return WorkspaceNotFound(workspaceId);
        }

        if (ParseView(request.View) is not { } view)
        {
            return BadRequest("view must be list or details.");
        }

        if (string.IsNullOrEmpty(request.EntityType) || !EntityTypeTree.Default.IsKnown(request.EntityType))
        {
            return BadRequest("entity_type must name a type or aggregate.");
        }

        var entry = await catalog.GetAsync(sharedSpaceId, cancellationToken);
        if (!entry.Catalog.TryGetByName(name, out var action))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown action", detail: $"No external action is named '{name}'.");
        }

        var ids = request.EntityIds ?? [];
        long? totalCount = null;
        if (request.AllSelected)
        {
            // Select-all is the grid's query, not the rows the client happened to load: the server picks the ids.
            var (selected, total, refusal) = await SelectAllAsync(db, dialect, schemas, time, workspaceId, CurrentUser.From(http.User).Id, request, cancellationToken);
            if (refusal is not null)
            {
                return refusal;
            }

            (ids, totalCount) = (selected!, total);
        }

        var (entities, missing) = await SelectedEntitiesAsync(db, dialect, schemas, workspaceId, action, ids, cancellationToken);
        if (missing is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown entity", detail: $"The entity {missing} is not in this workspace.");
        }

        var user = CurrentUser.From(http.User);
        var account = await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => new { u.Login, u.Email }).SingleAsync(cancellationToken);
        var parameters = await siteParameters.GetAsync(cancellationToken);
        var policy = parameters.ToActionPolicy();
        var octaneUrl = OctaneUrl(http, configuration);
        var issuer = http.RequestServices.GetService<IUserIdentityTokenIssuer>();
        var context = new LaunchContext
        {
            OctaneUrl = octaneUrl,
            SharedSpace = sharedSpaceId,
            Workspace = workspaceId,
            UserLogin = account.Login,
            UserEmail = account.Email,
            View = view,
            Module = request.Module,
            EntityType = request.EntityType,
            Entities = entities,
            AllSelected = request.AllSelected,
            TotalCount = totalCount,
            Query = request.Query,
            ContextRelease = request.ContextRelease,
            ContextSprint = request.ContextSprint,
            ContextMilestone = request.ContextMilestone,
            ContextProgram = request.ContextProgram,
            ContextPipeline = request.ContextPipeline,
            ContextPipelineRun = request.ContextPipelineRun,
            XsrfToken = await XsrfTokenAsync(http, db, user, cancellationToken),
            MintIdentityToken = issuer is null || !policy.IdentityTokensEnabled
                ? null
                : _ => issuer.Issue(new IdentityTokenRequest(user.Id, account.Login, account.Email, sharedSpaceId, workspaceId, action.Name, octaneUrl)),
        };
        var plan = LaunchPlanner.Plan(action, context, policy, EntityTypeTree.Default);
        return TypedResults.Ok(LaunchTicket.From(plan));
    }

    /// <summary>
    /// The first <see cref="MaxSelectAllIds"/> ids (in id order) and the count of the grid's collection that match the
    /// request's <c>query</c>, compiled and read like <c>GET …/{collection}?query=</c>.
    /// </summary>
    private static async Task<(List<string>? Ids, long Total, IResult? Refusal)> SelectAllAsync(
        TrellisDbContext db, ISqlDialect dialect, SchemaCache schemas, TimeProvider time, long workspaceId, long userId, LaunchRequest request,
        CancellationToken cancellationToken)
    {
        var workspace = await schemas.GetAsync(db, workspaceId, cancellationToken);
        if (workspace.ForType(request.EntityType!) is not { } schema || schema.Type.Storage == EntityStorage.Users)
        {
            return (null, 0, BadRequest($"Select-all is not available for {request.EntityType}."));
        }

        var (filter, error) = QueryCompiler.Compile(request.Query ?? "", workspace, schema, dialect, new QueryContext(workspaceId, userId, time.GetUtcNow()));
        if (error is not null)
        {
            return (null, 0, BadRequest($"query: {error.Description}"));
        }

        var (total, keys) = await new EntityReader(db, dialect, workspace, workspaceId).FirstIdsAsync(schema, filter, MaxSelectAllIds, cancellationToken);
        return ([.. keys.Select(k => k.ToString(CultureInfo.InvariantCulture))], total, null);
    }

    /// <summary>
    /// Reads the selected entities with the fields the URL's <c>{entity.…}</c> tokens name, in Octane's JSON shape
    /// (references as <c>{type,id,name,…}</c>), through the entity feature's reader.
    /// </summary>
    internal static async Task<(ImmutableArray<SelectedEntity> Entities, string? Missing)> SelectedEntitiesAsync(
        TrellisDbContext db, ISqlDialect dialect, SchemaCache schemas, long workspaceId, ActionDefinition action, IReadOnlyList<string> ids,
        CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return ([], null);
        }

        var keys = new List<long>(ids.Count);
        foreach (var id in ids)
        {
            if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key))
            {
                return ([], id);
            }

            keys.Add(key);
        }

        var rows = await db.Entities.AsNoTracking().Where(e => e.WorkspaceId == workspaceId && keys.Contains(e.Id)).ToListAsync(cancellationToken);
        var byId = rows.ToDictionary(r => r.Id);
        if (keys.Where(k => !byId.ContainsKey(k)).Select(k => (long?)k).FirstOrDefault() is { } absent)
        {
            return ([], absent.ToString(CultureInfo.InvariantCulture));
        }

        var workspace = await schemas.GetAsync(db, workspaceId, cancellationToken);
        var reader = new EntityReader(db, dialect, workspace, workspaceId);
        var paths = action.Url is null ? [] : UrlTemplate.Compile(action.Url).Tokens.Where(t => t.Kind == TokenKind.EntityField).Select(t => t.FieldPath).ToList();
        // One render per type, not per row: a select-all brings up to 500 rows.
        var selectedById = new Dictionary<long, SelectedEntity>(keys.Count);
        foreach (var group in keys.Distinct().Select(k => byId[k]).GroupBy(r => r.Subtype ?? r.Type))
        {
            var members = group.ToList();
            if (workspace.ForType(group.Key) is not { } schema)
            {
                members.ForEach(row => selectedById[row.Id] = new SelectedEntity { Id = row.Id.ToString(CultureInfo.InvariantCulture), Type = group.Key });
                continue;
            }

            var rendered = await reader.RenderAsync(schema, members, Selection(schema, paths), 1, cancellationToken);
            foreach (var (row, json) in members.Zip(rendered))
            {
                selectedById[row.Id] = SelectedEntity.FromJson(JsonSerializer.SerializeToElement(json)) with { Type = group.Key };
            }
        }

        return ([.. keys.Select(k => selectedById[k])], null);
    }

    /// <summary>The <c>fields</c> selection that covers the token paths: <c>name</c>, <c>owner{email}</c>; unknown fields are left out.</summary>
    private static FieldSelection? Selection(EntitySchema schema, List<ImmutableArray<string>> paths)
    {
        var wanted = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        if (schema.ByName.ContainsKey("name"))
        {
            wanted["name"] = [];
        }

        foreach (var path in paths.Where(p => p.Length > 0 && schema.ByName.ContainsKey(p[0])))
        {
            if (!wanted.TryGetValue(path[0], out var children))
            {
                wanted[path[0]] = children = [];
            }

            if (path.Length > 1 && schema.ByName[path[0]].IsReference)
            {
                children.Add(path[1]);
            }
        }

        var text = new StringBuilder();
        foreach (var (field, children) in wanted)
        {
            if (text.Length > 0)
            {
                text.Append(',');
            }

            text.Append(field);
            var safe = children.Where(c => c.All(ch => char.IsAsciiLetterOrDigit(ch) || ch == '_')).ToList();
            if (safe.Count > 0)
            {
                text.Append('{').Append(string.Join(',', safe)).Append('}');
            }
        }

        return text.Length > 0 && FieldSelection.TryParse(text.ToString(), out var selection, out _) ? selection : null;
    }

    private static async Task<string?> XsrfTokenAsync(HttpContext http, TrellisDbContext db, CurrentUser user, CancellationToken cancellationToken)
    {
        if (http.Request.Cookies.TryGetValue(AuthCookies.Xsrf, out var cookie) && cookie.Length > 0)
        {
            return cookie;
        }

        return await db.Sessions.AsNoTracking().Where(s => s.Id == user.SessionId).Select(s => s.XsrfToken).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary><c>Trellis:PublicBaseUrl</c>, else the request's scheme, host and path base.</summary>
    private static string OctaneUrl(HttpContext http, IConfiguration configuration) =>
        configuration["Trellis:PublicBaseUrl"] is { Length: > 0 } configured
            ? configured.TrimEnd('/')
            : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}";

    private static bool IsMember(HttpContext http, long sharedSpaceId, long workspaceId) =>
        CurrentUser.From(http.User).WorkspaceRole(sharedSpaceId, workspaceId) is not null;

    private static ActionViews? ParseView(string? view) => view switch
    {
        "list" => ActionViews.List,
        "details" => ActionViews.Details,
        _ => null,
    };

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

    private static IResult BadRequest(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Invalid request", detail: detail);

    // A missing workspace and one the user has no role in answer the same.
    private static IResult WorkspaceNotFound(long workspaceId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown workspace",
            detail: $"Workspace {workspaceId.ToString(CultureInfo.InvariantCulture)} was not found.");
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
