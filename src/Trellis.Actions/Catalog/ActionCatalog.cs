using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;

namespace Trellis.Actions.Catalog;

/// <summary>
/// One configuration's actions, compiled once into an index that answers "which actions appear here"
/// (docs/reference/launches.md#availability, checks 1–4) at the same cost for 5 or 5,000 actions. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// The answers agree exactly with <see cref="Applicability"/>: an action is returned when it has the asked
/// <see cref="ActionKind"/> and passes <see cref="Applicability.PassesWorkspace"/>,
/// <see cref="Applicability.PassesView"/>, <see cref="Applicability.PassesModule"/> and
/// <see cref="Applicability.PassesEntityType"/>, in configuration order.
/// </remarks>
public sealed class ActionCatalog
{
    private const int ViewCount = 2;
    private const int KindCount = 3;

    private readonly FrozenDictionary<string, ActionDefinition> _byName;
    private readonly FrozenDictionary<string, TypeEntry> _byType;

    private ActionCatalog(
        ImmutableArray<ActionDefinition> actions,
        EntityTypeTree entityTypes,
        FrozenDictionary<string, ActionDefinition> byName,
        FrozenDictionary<string, TypeEntry> byType)
    {
        Actions = actions;
        EntityTypes = entityTypes;
        _byName = byName;
        _byType = byType;
    }

    /// <summary>Gets a catalog without actions, over the tree of docs/reference/configuration-rules.md#entity-types.</summary>
    public static ActionCatalog Empty { get; } = Compile([], EntityTypeTree.Default);

    /// <summary>Gets every action in configuration order.</summary>
    public ImmutableArray<ActionDefinition> Actions { get; }

    /// <summary>Gets the entity-type tree the catalog was compiled against.</summary>
    public EntityTypeTree EntityTypes { get; }

    /// <summary>Compiles a configuration's actions into a catalog.</summary>
    /// <param name="actions">The actions in configuration order, as the configuration parser returns them.</param>
    /// <param name="tree">The entity-type tree that decides which types an aggregate covers.</param>
    /// <returns>The compiled catalog.</returns>
    /// <exception cref="ArgumentException">
    /// <paramref name="actions"/> is default, holds <see langword="null"/>, or repeats a name case-insensitively;
    /// the parser never produces such a list (XA1102), so this is a caller bug.
    /// </exception>
    public static ActionCatalog Compile(ImmutableArray<ActionDefinition> actions, EntityTypeTree tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        if (actions.IsDefault)
        {
            throw new ArgumentException("The action list is default; pass an empty list instead.", nameof(actions));
        }

        var byName = new Dictionary<string, ActionDefinition>(actions.Length, StringComparer.OrdinalIgnoreCase);
        var buckets = new Dictionary<BucketKey, List<ActionDefinition>>();
        var queryTypes = new HashSet<string>(StringComparer.Ordinal);
        foreach (var action in actions)
        {
            if (action is null)
            {
                throw new ArgumentException("The action list holds null.", nameof(actions));
            }

            if (!byName.TryAdd(action.Name, action))
            {
                throw new ArgumentException($"The name '{action.Name}' appears twice (case-insensitively).", nameof(actions));
            }

            for (var view = 0; view < ViewCount; view++)
            {
                var actionViews = ViewOf(view);
                if (!Applicability.PassesView(action, actionViews))
                {
                    continue;
                }

                CollectQueryTypes(action, actionViews, tree, queryTypes);
                foreach (var type in queryTypes)
                {
                    if (action.Kind == ActionKind.SidePanel)
                    {
                        foreach (var module in action.Modules.Distinct(StringComparer.Ordinal))
                        {
                            Add(buckets, new BucketKey(type, view, action.Kind, module), action);
                        }
                    }
                    else
                    {
                        Add(buckets, new BucketKey(type, view, action.Kind, null), action);
                    }
                }
            }
        }

        var byType = buckets
            .GroupBy(b => b.Key.Type, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => TypeEntry.Create(g), StringComparer.Ordinal);
        return new ActionCatalog(actions, tree, byName.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase), byType);
    }

    /// <summary>Finds an action by name, ignoring case (names are unique case-insensitively, docs/reference/configuration-rules.md#properties).</summary>
    /// <param name="name">The action's name.</param>
    /// <param name="action">The action, when found.</param>
    /// <returns><see langword="true"/> when the configuration has an action of that name.</returns>
    public bool TryGetByName(string name, [NotNullWhen(true)] out ActionDefinition? action)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _byName.TryGetValue(name, out action);
    }

    /// <summary>
    /// The actions of one kind that appear in a place (docs/reference/launches.md#availability, checks 1–4), in configuration order:
    /// toolbar buttons, Aviator chips or side panels. Returns a cached array, so a warm lookup allocates nothing.
    /// </summary>
    /// <param name="workspace">The current workspace id (check 1).</param>
    /// <param name="entityType">The grid's type in list view, or the entity's concrete type in details view (check 4).</param>
    /// <param name="view">The current view: exactly <see cref="ActionViews.List"/> or <see cref="ActionViews.Details"/> (check 2).</param>
    /// <param name="module">
    /// The current module; in details view, the entity type's home module. Only side panels look at it (check 3);
    /// with <see langword="null"/> no side panel appears.
    /// </param>
    /// <param name="kind">The kind of control asked for.</param>
    /// <returns>The matching actions; empty when none applies.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="view"/> is not a single view, or <paramref name="kind"/> is undefined.</exception>
    public ImmutableArray<ActionDefinition> Lookup(long workspace, string entityType, ActionViews view, string? module, ActionKind kind)
    {
        ArgumentNullException.ThrowIfNull(entityType);
        var viewIndex = view switch
        {
            ActionViews.List => 0,
            ActionViews.Details => 1,
            _ => throw new ArgumentOutOfRangeException(nameof(view), view, "Ask for exactly one view: list or details."),
        };
        if ((uint)kind >= KindCount)
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown action kind.");
        }

        if (!_byType.TryGetValue(entityType, out var entry))
        {
            return [];
        }

        var bucket = kind == ActionKind.SidePanel ? entry.Panel(viewIndex, module) : entry.Fixed[(viewIndex * KindCount) + (int)kind];
        return bucket is null ? [] : bucket.For(workspace);
    }

    private static ActionViews ViewOf(int index) => index == 0 ? ActionViews.List : ActionViews.Details;

    /// <summary>
    /// Every type a lookup may name and find this action under: the listed names, the subtypes of listed
    /// aggregates, and in list view also the aggregates of listed subtypes (a <c>work_item</c> grid shows defects).
    /// </summary>
    private static void CollectQueryTypes(ActionDefinition action, ActionViews view, EntityTypeTree tree, HashSet<string> types)
    {
        types.Clear();
        foreach (var listed in action.EntityTypes)
        {
            types.Add(listed);
            types.UnionWith(tree.SubtypesOf(listed));
            if (view == ActionViews.List && tree.TryGet(listed, out var type) && type.Aggregate is { } aggregate)
            {
                types.Add(aggregate);
            }
        }
    }

    private static void Add(Dictionary<BucketKey, List<ActionDefinition>> buckets, BucketKey key, ActionDefinition action)
    {
        if (!buckets.TryGetValue(key, out var list))
        {
            buckets[key] = list = [];
        }

        list.Add(action);
    }

    private readonly record struct BucketKey(string Type, int View, ActionKind Kind, string? Module);

    /// <summary>The buckets of one query type: buttons and chips by view, side panels by view and module.</summary>
    private sealed class TypeEntry
    {
        private readonly FrozenDictionary<string, CatalogBucket>?[] _panels;

        private TypeEntry(CatalogBucket?[] fixedBuckets, FrozenDictionary<string, CatalogBucket>?[] panels)
        {
            Fixed = fixedBuckets;
            _panels = panels;
        }

        /// <summary>Gets the button and chip buckets, indexed by <c>view * 3 + kind</c> (side-panel slots stay empty).</summary>
        public CatalogBucket?[] Fixed { get; }

        public static TypeEntry Create(IEnumerable<KeyValuePair<BucketKey, List<ActionDefinition>>> buckets)
        {
            var fixedBuckets = new CatalogBucket?[ViewCount * KindCount];
            var panels = new Dictionary<string, CatalogBucket>?[ViewCount];
            foreach (var (key, actions) in buckets)
            {
                var bucket = new CatalogBucket([.. actions]);
                if (key.Module is null)
                {
                    fixedBuckets[(key.View * KindCount) + (int)key.Kind] = bucket;
                }
                else
                {
                    (panels[key.View] ??= new Dictionary<string, CatalogBucket>(StringComparer.Ordinal))[key.Module] = bucket;
                }
            }

            return new TypeEntry(fixedBuckets, [.. panels.Select(p => p?.ToFrozenDictionary(StringComparer.Ordinal))]);
        }

        public CatalogBucket? Panel(int view, string? module) =>
            module is not null && _panels[view] is { } byModule && byModule.TryGetValue(module, out var bucket) ? bucket : null;
    }
}
