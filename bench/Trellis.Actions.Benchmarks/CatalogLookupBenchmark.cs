using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using Trellis.Actions.Catalog;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;

namespace Trellis.Actions.Benchmarks;

/// <summary>
/// "Which actions appear here" over 5,000 actions in 200 workspaces: the compiled catalog against a linear
/// scan with <see cref="Applicability"/>, for a few toolbar, panel and chip keys.
/// </summary>
[MedianColumn]
public class CatalogLookupBenchmark
{
    private const int ActionCount = 5000;
    private const int FirstWorkspace = 1001;
    private const int WorkspaceCount = 200;

    private static readonly (string Type, int Weight)[] s_types =
    [
        ("defect", 20), ("story", 15), ("feature", 10), ("epic", 4), ("quality_story", 3), ("work_item", 10),
        ("test", 5), ("test_manual", 4), ("gherkin_test", 2), ("run", 2), ("pipeline", 4), ("run_history", 3),
        ("release", 5), ("sprint", 3), ("product_area", 3), ("task", 5),
    ];

    private static readonly string[] s_modules = [Modules.Backlog, Modules.Quality, Modules.Pipelines, Modules.Releases, Modules.TeamBacklog];

    private ImmutableArray<ActionDefinition> _actions;
    private ActionCatalog _catalog = ActionCatalog.Empty;

    /// <summary>The lookups measured: a toolbar, a grid of an aggregate, a details page, a panel, a chip, an unlisted workspace.</summary>
    public static IEnumerable<LookupKey> Keys =>
    [
        new("defect grid buttons", 1042, "defect", ActionViews.List, Modules.Backlog, ActionKind.Button),
        new("work_item grid btns", 1042, "work_item", ActionViews.List, Modules.Backlog, ActionKind.Button),
        new("feature page btns", 1107, "feature", ActionViews.Details, Modules.Backlog, ActionKind.Button),
        new("backlog panels", 1007, "work_item", ActionViews.List, Modules.Backlog, ActionKind.SidePanel),
        new("product_area chips", 1150, "product_area", ActionViews.List, Modules.Quality, ActionKind.AviatorChip),
        new("unlisted workspace", 9999, "defect", ActionViews.List, Modules.Backlog, ActionKind.Button),
    ];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20261125);
        _actions = [.. Enumerable.Range(0, ActionCount).Select(i => CreateAction(random, i))];
        _catalog = ActionCatalog.Compile(_actions, EntityTypeTree.Default);

        // Per-workspace answers are built on first use; measure the steady state.
        foreach (var key in Keys)
        {
            _ = _catalog.Lookup(key.Workspace, key.EntityType, key.View, key.Module, key.Kind);
        }
    }

    [Benchmark(Baseline = true)]
    [ArgumentsSource(nameof(Keys))]
    public List<ActionDefinition> LinearScan(LookupKey key)
    {
        var found = new List<ActionDefinition>();
        foreach (var action in _actions)
        {
            if (action.Kind == key.Kind
                && Applicability.PassesWorkspace(action, key.Workspace)
                && Applicability.PassesView(action, key.View)
                && Applicability.PassesModule(action, key.Module)
                && Applicability.PassesEntityType(action, key.View, key.EntityType, EntityTypeTree.Default))
            {
                found.Add(action);
            }
        }

        return found;
    }

    [Benchmark]
    [ArgumentsSource(nameof(Keys))]
    public ImmutableArray<ActionDefinition> CatalogLookup(LookupKey key) =>
        _catalog.Lookup(key.Workspace, key.EntityType, key.View, key.Module, key.Kind);

    private static ActionDefinition CreateAction(Random random, int index)
    {
        var kindRoll = random.Next(100);
        var kind = kindRoll < 75 ? ActionKind.Button : kindRoll < 90 ? ActionKind.SidePanel : ActionKind.AviatorChip;
        var viewRoll = random.Next(100);
        var views = viewRoll < 50 ? ActionViews.List | ActionViews.Details : viewRoll < 80 ? ActionViews.List : ActionViews.Details;
        var workspaceRoll = random.Next(100);
        return new ActionDefinition
        {
            Index = index,
            Name = $"action-{index}",
            Title = $"Action {index}",
            EntityTypes = [.. Enumerable.Range(0, random.Next(1, 4)).Select(_ => PickType(random)).Distinct()],
            Views = views,
            Kind = kind,
            Url = "https://apps.example.com/run?ids={entity_ids}",
            Dialog = kind == ActionKind.Button && random.Next(3) == 0 ? DialogSize.Small : null,
            Workspaces = workspaceRoll < 70 ? Workspaces(random, random.Next(1, 5)) : null,
            ExcludeWorkspaces = workspaceRoll is >= 70 and < 85 ? Workspaces(random, random.Next(1, 4)) : null,
            Modules = kind == ActionKind.SidePanel ? [.. Enumerable.Range(0, random.Next(1, 3)).Select(_ => s_modules[random.Next(s_modules.Length)]).Distinct()] : [],
            RawJson = "{}",
        };
    }

    private static string PickType(Random random)
    {
        var roll = random.Next(s_types.Sum(t => t.Weight));
        foreach (var (type, weight) in s_types)
        {
            if ((roll -= weight) < 0)
            {
                return type;
            }
        }

        return s_types[0].Type;
    }

    private static ImmutableArray<long> Workspaces(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => (long)(FirstWorkspace + random.Next(WorkspaceCount))).Distinct()];

    /// <summary>One lookup; its label (at most 20 characters, so the table shows it whole) names the benchmark row.</summary>
    public sealed record LookupKey(string Label, long Workspace, string EntityType, ActionViews View, string Module, ActionKind Kind)
    {
        /// <inheritdoc/>
        public override string ToString() => Label;
    }
}
