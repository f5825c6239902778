using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;

namespace Trellis.Actions.Catalog;

/// <summary>
/// The placement checks 1–4 of docs/reference/launches.md#availability, in one place: the catalog index and launch planning both ask here.
/// </summary>
public static class Applicability
{
    /// <summary>Check 1: the workspace passes <c>workspaces</c> / <c>exclude_workspaces</c>.</summary>
    /// <param name="action">The action.</param>
    /// <param name="workspace">The current workspace id.</param>
    /// <returns><see langword="true"/> when the action applies in that workspace.</returns>
    public static bool PassesWorkspace(ActionDefinition action, long workspace)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (action.Workspaces is { } only)
        {
            return only.Contains(workspace);
        }

        return action.ExcludeWorkspaces is not { } excluded || !excluded.Contains(workspace);
    }

    /// <summary>Check 2: the current view is in <c>views</c>.</summary>
    /// <param name="action">The action.</param>
    /// <param name="view">The current view: <see cref="ActionViews.List"/> or <see cref="ActionViews.Details"/>.</param>
    /// <returns><see langword="true"/> when the action appears in that view.</returns>
    public static bool PassesView(ActionDefinition action, ActionViews view)
    {
        ArgumentNullException.ThrowIfNull(action);
        return (action.Views & view) != 0;
    }

    /// <summary>
    /// The module a place is in for placement: the one the caller names, else, in details view, the home module of the
    /// entity's type (a details page belongs to no grid). The toolbar, the launch planner and the web UI all ask here.
    /// </summary>
    /// <param name="view">List or details.</param>
    /// <param name="entityType">The place's entity type.</param>
    /// <param name="module">The module the caller names, if any.</param>
    /// <param name="tree">The entity-type tree.</param>
    /// <returns>The module, or <see langword="null"/> when the place has none.</returns>
    public static string? EffectiveModule(ActionViews view, string? entityType, string? module, EntityTypeTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        return module is { Length: > 0 } ? module
            : view == ActionViews.Details && entityType is not null && tree.TryGet(entityType, out var type) ? type.HomeModule
            : null;
    }

    /// <summary>Check 3: a side panel lists the module in <c>mode.modules</c>; other kinds always pass.</summary>
    /// <param name="action">The action.</param>
    /// <param name="module">The current module (in details view, the entity type's home module).</param>
    /// <returns><see langword="true"/> when the action may appear in that module.</returns>
    public static bool PassesModule(ActionDefinition action, string? module)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Kind != ActionKind.SidePanel
            || (module is not null && action.Modules.Contains(module, StringComparer.Ordinal));
    }

    /// <summary>
    /// Check 4: in list view, the grid of <paramref name="entityType"/> can show a matching type; in details
    /// view, the entity of concrete type <paramref name="entityType"/> matches.
    /// </summary>
    /// <param name="action">The action.</param>
    /// <param name="view">The current view.</param>
    /// <param name="entityType">The grid's type (list) or the entity's concrete type (details).</param>
    /// <param name="tree">The entity-type tree.</param>
    /// <returns><see langword="true"/> when the action concerns what the view shows.</returns>
    public static bool PassesEntityType(ActionDefinition action, ActionViews view, string entityType, EntityTypeTree tree)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(tree);
        foreach (var listed in action.EntityTypes)
        {
            if (view == ActionViews.List ? tree.GridCanShow(listed, entityType) : tree.Covers(listed, entityType))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the action matches one entity of a concrete type (the selection rule of docs/reference/launches.md#availability).</summary>
    /// <param name="action">The action.</param>
    /// <param name="concreteType">The entity's concrete type (its <c>subtype</c> when it has one).</param>
    /// <param name="tree">The entity-type tree.</param>
    /// <returns><see langword="true"/> when an entry of <c>entity_type</c> covers it.</returns>
    public static bool MatchesEntity(ActionDefinition action, string concreteType, EntityTypeTree tree)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(tree);
        foreach (var listed in action.EntityTypes)
        {
            if (tree.Covers(listed, concreteType))
            {
                return true;
            }
        }

        return false;
    }
}
