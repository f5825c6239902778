using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Actions.Policy;
using Trellis.Actions.Templates;
using Trellis.Application.Auth;
using Trellis.Application.Entities;
using Trellis.Application.Errors;
using Trellis.Application.ExternalActions.DevOverrides;
using Trellis.Application.Operations;
using Trellis.Application.Platform;
using Trellis.Application.SiteParameters;
using Trellis.Data;
using Trellis.Data.Sql;

namespace Trellis.Application.ExternalActions;

/// <summary>One launch to plan: where and for whom (a scope the access layer granted), which action, what is selected.</summary>
/// <param name="Scope">The workspace and the signed-in user's role there.</param>
/// <param name="ActionName">The action's name.</param>
/// <param name="Request">The view, selection and module context.</param>
/// <param name="XsrfToken">The XSRF cookie's value when the caller has it; else the session's token is read.</param>
/// <param name="OctaneUrl">The public base URL; a bundle action's URL expands from the bundle origin instead (docs/security.md).</param>
internal sealed record LaunchInput(WorkspaceScope Scope, string ActionName, LaunchRequest Request, string? XsrfToken, string OctaneUrl)
{
    public long SharedSpace => Scope.SharedSpaceId;

    public long Workspace => Scope.WorkspaceId;

    public CurrentUser User => Scope.User;
}

/// <summary>A planned launch (with the context it was planned in, for fragment updates), or why none was planned.</summary>
/// <param name="Plan">The plan, or <see langword="null"/> when the request was refused.</param>
/// <param name="Context">The context the plan was made in.</param>
/// <param name="Policy">The site policy the plan was made under.</param>
/// <param name="Refusal">Why no plan was made, in Octane's error shape (the launch endpoint lives under <c>/api</c>).</param>
/// <param name="Override">The user's own development override the plan was made with, if any.</param>
internal sealed record LaunchOutcome(LaunchPlan? Plan, LaunchContext? Context, ActionPolicy? Policy, OctaneError? Refusal = null, DevOverride? Override = null)
{
    /// <summary>Gets the refusal in words, for the web UI's notice.</summary>
    public string? Detail => Refusal?.Description;

    public static LaunchOutcome Refused(OctaneError refusal) => new(null, null, null, refusal);
}

/// <summary>
/// Plans launches for the launch endpoint and for the web UI alike: the action from the live catalog, the selected
/// entities read from the workspace (select-all from the grid's query on the server), the user's tokens, then
/// <see cref="LaunchPlanner"/>.
/// </summary>
internal sealed class LaunchService(
    LiveCatalog catalog, SiteParameterStore siteParameters, ISqlDialect dialect, SchemaCache schemas, TimeProvider time, TrellisUrls urls,
    IDbContextFactory<TrellisDbContext> dbFactory, DevOverrideStore overrides, TrellisMetrics metrics, IServiceProvider services)
{
    /// <summary>Select-all sends at most this many ids (docs/reference/launches.md#availability).</summary>
    public const int MaxSelectAllIds = 500;

    /// <summary>Why a disabled toolbar button or Aviator chip cannot launch, in words for the person looking at it.</summary>
    public static string WhyDisabled(LaunchPlan plan) =>
        LaunchReasonText.ForPerson(plan, string.Join(", ", plan.Action.EntityTypes.Select(BuiltInSchema.TypeLabel)));

    /// <summary>Plans a launch on a short-lived context of its own (the web UI's launches, which hold no request).</summary>
    public async Task<LaunchOutcome> PlanAsync(LaunchInput input, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PlanAsync(db, input, cancellationToken);
    }

    /// <summary>Follows a selection change under an open side panel, on a short-lived context of its own.</summary>
    public async Task<LaunchPlan> UpdateFragmentAsync(LaunchPlan opened, LaunchInput input, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await UpdateFragmentAsync(db, opened, input, cancellationToken);
    }

    /// <summary>What the launched app stored with <c>octane_update_settings</c> for this user and context; <see langword="null"/> when unset.</summary>
    public async Task<string?> ReadSettingsAsync(WorkspaceScope scope, string actionName, string context, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await PanelSettingsStore.ReadAsync(db, scope.SharedSpaceId, scope.WorkspaceId, actionName.ToLowerInvariant(), scope.User.Id, context, cancellationToken);
    }

    /// <summary>Stores what the launched app sent with <c>octane_update_settings</c>, for this user and context.</summary>
    public async Task WriteSettingsAsync(WorkspaceScope scope, string actionName, string context, string settingsJson, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await PanelSettingsStore.WriteAsync(db, scope.SharedSpaceId, scope.WorkspaceId, actionName.ToLowerInvariant(), scope.User.Id, context, settingsJson, time, cancellationToken);
    }

    public async Task<LaunchOutcome> PlanAsync(TrellisDbContext db, LaunchInput input, CancellationToken cancellationToken)
    {
        var (outcome, action) = await ContextAsync(db, input, cancellationToken);
        if (outcome.Context is not { } context)
        {
            return outcome;
        }

        var plan = LaunchPlanner.Plan(action!, context, outcome.Policy!, EntityTypeTree.Default);
        metrics.Launched(plan.Action.Name, plan.ModeName, plan.IsEnabled ? null : plan.Reason ?? "disabled");
        return outcome with { Plan = plan };
    }

    /// <summary>
    /// Follows a selection change under an open side panel (docs/reference/launches.md#fragment-rule): the same action, a context with the new
    /// selection, and only the fragment recomputed.
    /// </summary>
    public async Task<LaunchPlan> UpdateFragmentAsync(TrellisDbContext db, LaunchPlan opened, LaunchInput input, CancellationToken cancellationToken)
    {
        var (outcome, _) = await ContextAsync(db, input, cancellationToken);
        return outcome.Context is { } context ? LaunchPlanner.UpdateFragment(opened, context with { PanelId = opened.InstanceId }, outcome.Policy!, EntityTypeTree.Default) : opened;
    }

    private async Task<(LaunchOutcome Outcome, ActionDefinition? Action)> ContextAsync(TrellisDbContext db, LaunchInput input, CancellationToken cancellationToken)
    {
        // The scope is the access layer's word that the workspace is in the space and the user holds a role there.
        var (sharedSpaceId, workspaceId, request, user) = (input.SharedSpace, input.Workspace, input.Request, input.User);
        if (ParseView(request.View) is not { } view)
        {
            return (BadRequest("view must be list or details."), null);
        }

        if (string.IsNullOrEmpty(request.EntityType) || !EntityTypeTree.Default.IsKnown(request.EntityType))
        {
            return (BadRequest("entity_type must name a type or aggregate."), null);
        }

        var entry = await catalog.GetAsync(sharedSpaceId, cancellationToken);
        if (!entry.Catalog.TryGetByName(input.ActionName, out var action))
        {
            return (LaunchOutcome.Refused(ApplicableActions.UnknownAction(input.ActionName)), null);
        }

        // The user's own development override rebases the URL for this user only; the context is the real launch's.
        var devOverride = BaseUrlOverride.WhyNot(action) is null ? await overrides.ActiveAsync(db, sharedSpaceId, user, action.Name, cancellationToken) : null;
        var launched = devOverride is not null && BaseUrlOverride.Rebase(action.Url!, devOverride.BaseUrl) is { } rebased ? action with { Url = rebased } : action;

        var ids = request.EntityIds ?? [];
        long? totalCount = null;
        if (request.AllSelected)
        {
            // Select-all is the grid's query, not the rows the client happened to load: the server picks the ids.
            var (selected, total, refusal) = await SelectAllAsync(db, workspaceId, user.Id, request, cancellationToken);
            if (refusal is not null)
            {
                return (refusal, null);
            }

            (ids, totalCount) = (selected!, total);
        }

        var (entities, missing) = await SelectedEntitiesAsync(db, workspaceId, action, ids, cancellationToken);
        if (missing is not null)
        {
            return (LaunchOutcome.Refused(OctaneError.NotFound(request.EntityType, missing)), null);
        }

        var account = await db.Users.AsNoTracking().Where(u => u.Id == user.Id).Select(u => new { u.Login, u.Email }).SingleAsync(cancellationToken);
        var policy = (await siteParameters.GetAsync(cancellationToken)).ToActionPolicy();
        var issuer = services.GetService<IUserIdentityTokenIssuer>();
        var context = new LaunchContext
        {
            // A bundle runs on the bundle origin, so its {octane_url} calls reach the workspace data there with the session.
            OctaneUrl = urls.LaunchBaseUrl(action, input.OctaneUrl),
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
            XsrfToken = input.XsrfToken ?? await db.Sessions.AsNoTracking().Where(s => s.Id == user.SessionId).Select(s => s.XsrfToken).FirstOrDefaultAsync(cancellationToken),
            MintIdentityToken = issuer is null || !policy.IdentityTokensEnabled
                ? null
                : _ => issuer.Issue(new IdentityTokenRequest(user.Id, account.Login, account.Email, sharedSpaceId, workspaceId, action.Name, input.OctaneUrl)),
        };
        return (new LaunchOutcome(null, context, policy, Override: ReferenceEquals(launched, action) ? null : devOverride), launched);
    }

    /// <summary>
    /// The first <see cref="MaxSelectAllIds"/> ids (in id order) and the count of the grid's collection that match the
    /// request's <c>query</c>, compiled and read like <c>GET …/{collection}?query=</c>.
    /// </summary>
    private async Task<(List<string>? Ids, long Total, LaunchOutcome? Refusal)> SelectAllAsync(
        TrellisDbContext db, long workspaceId, long userId, LaunchRequest request, CancellationToken cancellationToken)
    {
        var workspace = await schemas.GetAsync(db, workspaceId, cancellationToken);
        if (workspace.ForType(request.EntityType!) is not { } schema || schema.Type.Storage == EntityStorage.Users)
        {
            return (null, 0, BadRequest($"Select-all is not available for {request.EntityType}."));
        }

        var (filter, error) = QueryCompiler.Compile(request.Query ?? "", workspace, schema, dialect, new QueryContext(workspaceId, userId, time.GetUtcNow()));
        if (error is not null)
        {
            return (null, 0, LaunchOutcome.Refused(error with { Description = $"query: {error.Description}" }));
        }

        var (total, keys) = await new EntityReader(db, dialect, workspace, workspaceId).FirstIdsAsync(schema, filter, MaxSelectAllIds, cancellationToken);
        return ([.. keys.Select(k => k.ToString(CultureInfo.InvariantCulture))], total, null);
    }

    /// <summary>
    /// Reads the selected entities with the fields the URL's <c>{entity.…}</c> tokens name, in Octane's JSON shape
    /// (references as <c>{type,id,name,…}</c>), through the entity feature's reader.
    /// </summary>
    public async Task<(ImmutableArray<SelectedEntity> Entities, string? Missing)> SelectedEntitiesAsync(
        TrellisDbContext db, long workspaceId, ActionDefinition action, IReadOnlyList<string> ids, CancellationToken cancellationToken)
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

    public static ActionViews? ParseView(string? view) => view switch
    {
        "list" => ActionViews.List,
        "details" => ActionViews.Details,
        _ => null,
    };

    private static LaunchOutcome BadRequest(string detail) => LaunchOutcome.Refused(OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, detail));
}
