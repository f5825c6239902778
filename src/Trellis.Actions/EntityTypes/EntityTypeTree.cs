using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;

namespace Trellis.Actions.EntityTypes;

/// <summary>
/// The entity types of docs/reference/configuration-rules.md#entity-types with their aggregates, collections and home modules.
/// Names are case-sensitive, as Octane's are.
/// </summary>
public sealed class EntityTypeTree
{
    private readonly FrozenDictionary<string, EntityType> _byName;
    private readonly FrozenDictionary<string, ImmutableArray<string>> _subtypes;
    private readonly FrozenSet<string> _restOnly;

    private EntityTypeTree(IEnumerable<EntityType> types, IEnumerable<string> restOnly)
    {
        _byName = types.ToFrozenDictionary(t => t.Name, StringComparer.Ordinal);
        _subtypes = _byName.Values
            .Where(t => t.Aggregate is not null)
            .GroupBy(t => t.Aggregate!, StringComparer.Ordinal)
            .ToFrozenDictionary(g => g.Key, g => g.Select(t => t.Name).ToImmutableArray(), StringComparer.Ordinal);
        _restOnly = restOnly.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>Gets the tree of docs/reference/configuration-rules.md#entity-types.</summary>
    public static EntityTypeTree Default { get; } = CreateDefault();

    /// <summary>Gets every type and aggregate an action may name in <c>entity_type</c>.</summary>
    public IEnumerable<EntityType> All => _byName.Values;

    /// <summary>Finds a type or aggregate by its exact name.</summary>
    /// <param name="name">The REST entity name.</param>
    /// <param name="type">The type, when found.</param>
    /// <returns><see langword="true"/> when <paramref name="name"/> is a type an action may name.</returns>
    public bool TryGet(string name, [NotNullWhen(true)] out EntityType? type) => _byName.TryGetValue(name, out type);

    /// <summary>Gets a value indicating whether <paramref name="name"/> is an action-valid type or aggregate.</summary>
    /// <param name="name">The REST entity name.</param>
    /// <returns><see langword="true"/> when known.</returns>
    public bool IsKnown(string name) => _byName.ContainsKey(name);

    /// <summary>Gets a value indicating whether <paramref name="name"/> exists only in REST (docs/reference/configuration-rules.md#entity-types) and is refused in <c>entity_type</c>.</summary>
    /// <param name="name">The REST entity name.</param>
    /// <returns><see langword="true"/> for <c>phase</c>, <c>list_node</c> and the like.</returns>
    public bool IsRestOnly(string name) => _restOnly.Contains(name);

    /// <summary>The subtypes of an aggregate; empty for any other name.</summary>
    /// <param name="aggregate">The aggregate's name.</param>
    /// <returns>The subtype names in the order of docs/reference/configuration-rules.md#entity-types.</returns>
    public ImmutableArray<string> SubtypesOf(string aggregate) =>
        _subtypes.TryGetValue(aggregate, out var subtypes) ? subtypes : [];

    /// <summary>
    /// The value of <c>{entity_type}</c> for a type: its aggregate, or the type itself. Unknown names come back unchanged.
    /// </summary>
    /// <param name="name">A type name.</param>
    /// <returns>The aggregate name or <paramref name="name"/>.</returns>
    public string AggregateOf(string name) => _byName.TryGetValue(name, out var type) ? type.AggregateOrSelf : name;

    /// <summary>
    /// Whether <paramref name="listed"/> (an <c>entity_type</c> entry) covers <paramref name="concrete"/>:
    /// the same type, or its aggregate (Octane EA).
    /// </summary>
    /// <param name="listed">A name from an action's <c>entity_type</c>.</param>
    /// <param name="concrete">An entity's concrete type.</param>
    /// <returns><see langword="true"/> when the action matches such an entity.</returns>
    public bool Covers(string listed, string concrete) =>
        string.Equals(listed, concrete, StringComparison.Ordinal)
        || (_byName.TryGetValue(concrete, out var type) && string.Equals(type.Aggregate, listed, StringComparison.Ordinal));

    /// <summary>
    /// Whether a grid of <paramref name="gridType"/> can show an entity that <paramref name="listed"/> covers:
    /// the grid type itself, a subtype of it (a <c>work_item</c> grid shows defects), or its aggregate.
    /// </summary>
    /// <param name="listed">A name from an action's <c>entity_type</c>.</param>
    /// <param name="gridType">The type (often an aggregate) the grid lists.</param>
    /// <returns><see langword="true"/> when the grid can hold a matching row.</returns>
    public bool GridCanShow(string listed, string gridType) =>
        Covers(listed, gridType) || Covers(gridType, listed);

    /// <summary>The concrete types a name stands for: the subtypes of an aggregate, otherwise the name itself.</summary>
    /// <param name="name">A type or aggregate name.</param>
    /// <returns>The concrete type names.</returns>
    public ImmutableArray<string> ConcreteTypesOf(string name)
    {
        var subtypes = SubtypesOf(name);
        return subtypes.IsEmpty ? [name] : subtypes;
    }

    private static EntityTypeTree CreateDefault()
    {
        var types = new List<EntityType>();

        void Aggregate(string name, string collection, string? home, params (string Name, string Collection)[] subtypes)
        {
            types.Add(new EntityType(name, collection, null, home) { IsAggregate = true });
            types.AddRange(subtypes.Select(s => new EntityType(s.Name, s.Collection, name, home)));
        }

        void Standalone(string name, string home) => types.Add(new EntityType(name, name + "s", null, home));

        Aggregate("work_item", "work_items", Modules.Backlog,
            ("epic", "epics"), ("feature", "features"), ("story", "stories"), ("defect", "defects"), ("quality_story", "quality_stories"));
        Aggregate("test", "tests", Modules.Quality,
            ("test_manual", "manual_tests"), ("gherkin_test", "gherkin_tests"), ("test_automated", "automated_tests"), ("test_suite", "test_suites"));
        Aggregate("run", "runs", Modules.Quality,
            ("run_manual", "manual_runs"), ("run_automated", "automated_runs"), ("run_suite", "suite_run"));
        Aggregate("requirement", "requirements", null,
            ("requirement_document", "requirement_documents"), ("requirement_folder", "requirement_folders"));
        Aggregate("run_history", "pipeline_runs", Modules.Pipelines, ("pipeline_run", "pipeline_runs"));

        Standalone("pipeline", Modules.Pipelines);
        foreach (var name in new[] { "release", "sprint", "milestone", "team", "program" })
        {
            Standalone(name, Modules.Releases);
        }

        Standalone("product_area", Modules.Quality);
        Standalone("task", Modules.Backlog);

        string[] restOnly = ["work_item_root", "phase", "list_node", "user", "workspace_user", "comment", "attachment"];
        return new EntityTypeTree(types, restOnly);
    }
}
