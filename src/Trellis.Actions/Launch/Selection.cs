using System.Collections.Immutable;
using System.Runtime.InteropServices;
using Trellis.Actions.Catalog;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Launch;

/// <summary>
/// The selection rules of docs/reference/launches.md#selection-rules for one action: which entities count, whether a button or chip may launch
/// with them, and which ones reach the tokens.
/// </summary>
internal sealed class Selection
{
    private Selection(ImmutableArray<SelectedEntity> forTokens, bool isValid, bool allSelected, long count, bool singleEntity)
    {
        ForTokens = forTokens;
        IsValid = isValid;
        AllSelected = allSelected;
        Count = count;
        SingleEntity = singleEntity;
    }

    /// <summary>The entities the tokens describe: the selection, or for a side panel only its matching part.</summary>
    public ImmutableArray<SelectedEntity> ForTokens { get; }

    /// <summary>Whether a button or chip may launch with this selection.</summary>
    public bool IsValid { get; }

    public bool AllSelected { get; }

    /// <summary>How many rows are selected; under <i>Select all</i>, the grid's total.</summary>
    public long Count { get; }

    /// <summary>Whether the action works on exactly one entity (<c>single_entity</c>, or a token that implies it).</summary>
    public bool SingleEntity { get; }

    public static Selection Of(ActionDefinition action, UrlTemplate? template, LaunchContext context, EntityTypeTree tree)
    {
        var details = context.View == ActionViews.Details;
        var entities = context.Entities.IsDefault ? [] : context.Entities;

        // In details view the selection is the entity itself.
        var selected = details && entities.Length > 1 ? [entities[0]] : entities;
        var allSelected = !details && context.AllSelected;
        var count = allSelected ? Math.Max(context.TotalCount ?? selected.Length, selected.Length) : selected.Length;

        var matching = ImmutableArray.CreateBuilder<SelectedEntity>(selected.Length);
        foreach (var entity in selected)
        {
            if (Applicability.MatchesEntity(action, ConcreteType(entity, context), tree))
            {
                matching.Add(entity);
            }
        }

        var everyMatches = details || matching.Count == selected.Length;
        var singleEntity = action.SingleEntity || (template?.IsSingleEntity ?? false);
        var isValid = everyMatches && (!singleEntity || count == 1);
        var forTokens = action.Kind == ActionKind.SidePanel ? matching.DrainToImmutable() : selected;
        return new Selection(forTokens, isValid, allSelected, count, singleEntity);
    }

    public static TokenValues TokenValues(Selection selection, LaunchContext context, EntityTypeTree tree, string? instanceId)
    {
        var entities = selection.ForTokens;
        var ids = new string[Math.Min(entities.Length, TemplateDefaults.MaxEntityIds)];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = entities[i].Id;
        }

        // {entity.…} describes the one selected entity; with more (or Select all over more rows) it is empty.
        var single = entities.Length == 1 && selection.Count <= 1 ? entities[0] : null;
        var typeSource = entities.Length > 0 ? ConcreteType(entities[0], context) : context.EntityType;
        return new TokenValues
        {
            OctaneUrl = context.OctaneUrl,
            SharedSpace = context.SharedSpace,
            Workspace = context.Workspace,
            UserLogin = context.UserLogin,
            UserEmail = context.UserEmail,
            EntityIds = ImmutableCollectionsMarshal.AsImmutableArray(ids),
            Entity = single?.ToFieldValue(),
            EntityType = tree.AggregateOf(typeSource),
            Query = context.View == ActionViews.Details ? null : context.Query,
            AllSelected = selection.AllSelected,
            ContextRelease = context.ContextRelease,
            ContextSprint = context.ContextSprint,
            ContextMilestone = context.ContextMilestone,
            ContextProgram = context.ContextProgram,
            ContextPipeline = context.ContextPipeline,
            ContextPipelineRun = context.ContextPipelineRun,
            InstanceId = instanceId,
            XsrfToken = context.XsrfToken,
        };
    }

    // The entity's own type when known, else the context's (the grid type, or the concrete type in details view).
    private static string ConcreteType(SelectedEntity entity, LaunchContext context) => entity.Type ?? context.EntityType;
}
