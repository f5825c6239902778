using Trellis.Actions.Catalog;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Application.Workspaces;

namespace Trellis.Application.ExternalActions;

/// <summary>
/// Where a person is and what they have selected: what every external-action control (button, chip, panel) needs to
/// decide whether it applies and to launch.
/// </summary>
/// <param name="SharedSpace">The shared space.</param>
/// <param name="Workspace">The workspace.</param>
/// <param name="View"><c>list</c> (a module grid) or <c>details</c> (one entity's page).</param>
/// <param name="Module">The module (<c>backlog</c>, <c>quality</c>, <c>pipelines</c>, <c>releases</c>), or the entity's home module in details view.</param>
/// <param name="EntityType">The grid's type (may be an aggregate such as <c>work_item</c>), or the entity's concrete type in details view.</param>
/// <param name="Selection">The selected entities in grid order (in details view, the entity itself), each with its concrete type.</param>
/// <param name="AllSelected">Whether Select all was used.</param>
/// <param name="TotalCount">The grid's total row count (what Select all covers).</param>
/// <param name="Query">The grid's filter as a REST <c>query</c> value (context filter included), or <see langword="null"/>.</param>
/// <param name="Context">What the module's context filter picked (<c>{context_release}</c> and the rest), or <see langword="null"/>.</param>
public sealed record ViewPlace(
    long SharedSpace,
    long Workspace,
    string View,
    string? Module,
    string EntityType,
    IReadOnlyList<SelectedItem> Selection,
    bool AllSelected = false,
    long TotalCount = 0,
    string? Query = null,
    ModuleContext? Context = null)
{
    /// <summary>
    /// The module the catalog is asked about: a details page belongs to no grid, so there the entity type's home
    /// module decides (toolbar buttons, side panels and Aviator chips alike); in a grid, the grid's module.
    /// </summary>
    public string? CatalogModule =>
        Applicability.EffectiveModule(View == "details" ? ActionViews.Details : ActionViews.List, EntityType, View == "details" ? null : Module, EntityTypeTree.Default);

    /// <summary>
    /// The launch context that decides whether a control applies here and is enabled (toolbar buttons and Aviator
    /// chips alike); the selection carries ids and types only, which is all the availability checks read.
    /// </summary>
    /// <param name="octaneUrl">The public base URL.</param>
    public LaunchContext ToLaunchContext(string octaneUrl) => new()
    {
        OctaneUrl = octaneUrl.TrimEnd('/'),
        SharedSpace = SharedSpace,
        Workspace = Workspace,
        View = View == "details" ? ActionViews.Details : ActionViews.List,
        Module = Module,
        EntityType = EntityType,
        Entities = [.. Selection.Select(s => new SelectedEntity { Id = s.Id, Type = s.Type })],
        AllSelected = AllSelected,
        TotalCount = AllSelected ? TotalCount : null,
        Query = Query,
        ContextRelease = Context?.Release,
        ContextSprint = Context?.Sprint,
        ContextMilestone = Context?.Milestone,
        ContextPipeline = Context?.Pipeline,
        ContextPipelineRun = Context?.PipelineRun,
    };

    /// <summary>
    /// The launch request for this place, as the REST launch endpoint takes it: the selection, the query and the module
    /// context; details view sends neither module, query nor Select all.
    /// </summary>
    internal LaunchRequest ToLaunchRequest()
    {
        var details = View == "details";
        return new LaunchRequest(
            View, details ? null : Module, EntityType, [.. Selection.Select(s => s.Id)], !details && AllSelected,
            AllSelected ? TotalCount : null, details ? null : Query,
            Context?.Release, Context?.Sprint, Context?.Milestone, null, Context?.Pipeline, Context?.PipelineRun);
    }
}

/// <summary>One selected entity: its id, concrete type and name (for display).</summary>
/// <param name="Id">The id, as a decimal string.</param>
/// <param name="Type">The concrete type (<c>defect</c>, <c>story</c>, …).</param>
/// <param name="Name">The name, for display.</param>
public sealed record SelectedItem(string Id, string Type, string Name);
