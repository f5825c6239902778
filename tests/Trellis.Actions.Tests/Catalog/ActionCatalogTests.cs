using System.Collections.Immutable;
using System.Globalization;
using System.Runtime.InteropServices;
using Trellis.Actions.Catalog;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;

namespace Trellis.Actions.Tests.Catalog;

public sealed class ActionCatalogTests
{
    private static readonly EntityTypeTree s_tree = EntityTypeTree.Default;

    /// <summary>
    /// One action, one lookup (<c>workspace type view module kind</c>, <c>-</c> for no module), and whether the
    /// action appears. Each rule of docs/reference/launches.md#availability checks 1–4, plus the kind a lookup asks for.
    /// </summary>
    public static TheoryData<string, string, bool> PlacementRules => new()
    {
        // Check 1: workspaces / exclude_workspaces.
        { "button", "1002 defect list backlog button", true },
        { "button ws=1002,1003", "1003 defect list backlog button", true },
        { "button ws=1002,1003", "1004 defect list backlog button", false },
        { "button ws=", "1002 defect list backlog button", false },
        { "button exclude=1002", "1002 defect list backlog button", false },
        { "button exclude=1002", "1003 defect list backlog button", true },
        { "button exclude=", "1002 defect list backlog button", true },
        { "panel ws=1002 modules=backlog", "1002 defect list backlog panel", true },
        { "panel exclude=1002 modules=backlog", "1002 defect list backlog panel", false },

        // Check 2: views.
        { "button views=list", "1002 defect list backlog button", true },
        { "button views=list", "1002 defect details backlog button", false },
        { "button views=details", "1002 defect details backlog button", true },
        { "button views=details", "1002 defect list backlog button", false },
        { "chip views=details", "1002 defect list backlog chip", false },
        { "panel views=list modules=backlog", "1002 defect details backlog panel", false },

        // Check 3: modules, for side panels only; in details view the caller passes the type's home module.
        { "panel modules=backlog", "1002 defect list backlog panel", true },
        { "panel modules=backlog", "1002 defect list quality panel", false },
        { "panel modules=backlog", "1002 defect list - panel", false },
        { "panel types=test modules=backlog,quality", "1002 test list quality panel", true },
        { "panel types=product_area modules=quality", "1002 product_area details quality panel", true },
        { "panel types=product_area modules=quality", "1002 product_area details backlog panel", false },
        { "panel types=feature modules=backlog,team_backlog", "1002 feature list team_backlog panel", true },
        { "panel types=feature modules=Backlog", "1002 feature list backlog panel", false },
        { "button", "1002 defect list quality button", true },
        { "button", "1002 defect list - button", true },
        { "chip", "1002 defect list releases chip", true },
        { "chip", "1002 defect details - chip", true },

        // Check 4, list view: the grid can show a matching type, in both directions of the aggregate.
        { "button types=defect", "1002 defect list backlog button", true },
        { "button types=defect", "1002 work_item list backlog button", true },
        { "button types=work_item", "1002 defect list backlog button", true },
        { "button types=work_item", "1002 work_item list backlog button", true },
        { "button types=defect", "1002 story list backlog button", false },
        { "button types=defect", "1002 test list quality button", false },
        { "button types=test", "1002 test_manual list quality button", true },
        { "button types=test_manual", "1002 test list quality button", true },
        { "button types=test_manual", "1002 run list quality button", false },
        { "button types=pipeline_run", "1002 run_history list pipelines button", true },
        { "button types=release", "1002 release list releases button", true },
        { "button types=release", "1002 sprint list releases button", false },
        { "button types=story,feature", "1002 feature list backlog button", true },
        { "panel types=feature modules=backlog", "1002 work_item list backlog panel", true },

        // Check 4, details view: the entity's concrete type must be covered (the type itself or its aggregate).
        { "button types=work_item", "1002 defect details backlog button", true },
        { "button types=defect", "1002 defect details backlog button", true },
        { "button types=defect", "1002 work_item details backlog button", false },
        { "button types=defect", "1002 story details backlog button", false },
        { "button types=run_history", "1002 pipeline_run details pipelines button", true },
        { "button types=pipeline_run", "1002 run_history details pipelines button", false },
        { "chip types=work_item", "1002 quality_story details backlog chip", true },

        // Kinds: a lookup asks for one kind.
        { "button", "1002 defect list backlog chip", false },
        { "button", "1002 defect list backlog panel", false },
        { "chip", "1002 defect list backlog button", false },
        { "chip", "1002 defect list backlog chip", true },
        { "panel modules=backlog", "1002 defect list backlog button", false },

        // Names outside the tree match only themselves (the parser refuses them; the index still agrees).
        { "button types=mystery", "1002 mystery list backlog button", true },
        { "button types=defect", "1002 mystery list backlog button", false },
    };

    [Theory]
    [MemberData(nameof(PlacementRules))]
    public void Lookup_PlacementRule_AgreesWithSpecAndApplicability(string actionSpec, string querySpec, bool appears)
    {
        var query = ParseQuery(querySpec);
        var action = TestActions.Parse(actionSpec);
        var catalog = ActionCatalog.Compile([action], s_tree);

        var found = catalog.Lookup(query.Workspace, query.EntityType, query.View, query.Module, query.Kind);

        Assert.Equal(appears, found.Contains(action));
        Assert.Equal(appears, Scan([action], query).Contains(action));
    }

    [Fact]
    public void Lookup_SeveralMatches_ReturnsThemInConfigurationOrder()
    {
        ImmutableArray<ActionDefinition> actions =
        [
            TestActions.Create("c", types: ["work_item"], index: 0),
            TestActions.Create("a", types: ["story"], index: 1),
            TestActions.Create("b", types: ["defect"], index: 2),
            TestActions.Create("d", types: ["work_item"], workspaces: [1002], index: 3),
            TestActions.Create("e", types: ["defect"], exclude: [1002], index: 4),
        ];
        var catalog = ActionCatalog.Compile(actions, s_tree);

        Assert.Equal(["c", "b", "d"], Names(catalog.Lookup(1002, "defect", ActionViews.List, null, ActionKind.Button)));
        Assert.Equal(["c", "b", "e"], Names(catalog.Lookup(1003, "defect", ActionViews.List, null, ActionKind.Button)));
        Assert.Equal(["c", "a", "b", "d"], Names(catalog.Lookup(1002, "work_item", ActionViews.List, null, ActionKind.Button)));
    }

    [Fact]
    public void Lookup_ActionListingAggregateAndSubtype_AppearsOnce()
    {
        var action = TestActions.Create("both", types: ["work_item", "defect", "defect"]);
        var catalog = ActionCatalog.Compile([action], s_tree);

        Assert.Single(catalog.Lookup(1002, "defect", ActionViews.List, null, ActionKind.Button));
        Assert.Single(catalog.Lookup(1002, "work_item", ActionViews.List, null, ActionKind.Button));
        Assert.Single(catalog.Lookup(1002, "defect", ActionViews.Details, null, ActionKind.Button));
    }

    [Fact]
    public void Lookup_PanelListingAModuleTwice_AppearsOnce()
    {
        var action = TestActions.Create("p", ActionKind.SidePanel, modules: ["backlog", "backlog"]);
        var catalog = ActionCatalog.Compile([action], s_tree);

        Assert.Single(catalog.Lookup(1002, "defect", ActionViews.List, "backlog", ActionKind.SidePanel));
    }

    [Fact]
    public void Lookup_UnknownTypeOrEmptyCatalog_ReturnsEmpty()
    {
        var catalog = ActionCatalog.Compile([TestActions.Create("a")], s_tree);

        Assert.Empty(catalog.Lookup(1002, "release", ActionViews.List, null, ActionKind.Button));
        Assert.Empty(catalog.Lookup(1002, "no_such_type", ActionViews.List, null, ActionKind.Button));
        Assert.Empty(ActionCatalog.Empty.Lookup(1002, "defect", ActionViews.List, "backlog", ActionKind.Button));
        Assert.Empty(ActionCatalog.Empty.Actions);
    }

    [Fact]
    public void Lookup_WarmLookup_ReturnsTheSameArrayWithoutAllocating()
    {
        ImmutableArray<ActionDefinition> actions =
        [
            TestActions.Create("global"),
            TestActions.Create("listed", workspaces: [1002, 1003]),
            TestActions.Create("excluded", exclude: [1003]),
        ];
        var catalog = ActionCatalog.Compile(actions, s_tree);
        var first = catalog.Lookup(1002, "defect", ActionViews.List, null, ActionKind.Button);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var again = default(ImmutableArray<ActionDefinition>);
        for (var i = 0; i < 1000; i++)
        {
            again = catalog.Lookup(1002, "defect", ActionViews.List, null, ActionKind.Button);
            _ = catalog.Lookup(4711, "work_item", ActionViews.List, null, ActionKind.Button);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Same(ImmutableCollectionsMarshal.AsArray(first), ImmutableCollectionsMarshal.AsArray(again));
        Assert.Equal(["global", "listed", "excluded"], Names(first));
    }

    [Fact]
    public void Lookup_ConcurrentFirstLookups_AllSeeOneArray()
    {
        var actions = Enumerable.Range(0, 200)
            .Select(i => TestActions.Create($"a{i}", workspaces: i % 3 == 0 ? [1002 + (i % 7)] : null, exclude: i % 3 == 1 ? [1002] : null, index: i))
            .ToImmutableArray();
        var catalog = ActionCatalog.Compile(actions, s_tree);
        var seen = new ActionDefinition[32][];

        Parallel.For(0, seen.Length, i =>
            seen[i] = ImmutableCollectionsMarshal.AsArray(catalog.Lookup(1004, "defect", ActionViews.Details, null, ActionKind.Button))!);

        Assert.All(seen, array => Assert.Same(seen[0], array));
        Assert.Equal(Scan(actions, new Query(1004, "defect", ActionViews.Details, null, ActionKind.Button)), seen[0]);
    }

    [Fact]
    public void TryGetByName_IgnoresCase()
    {
        var action = TestActions.Create("Get-Pull.Requests_1");
        var catalog = ActionCatalog.Compile([action], s_tree);

        Assert.True(catalog.TryGetByName("get-pull.requests_1", out var found));
        Assert.Same(action, found);
        Assert.True(catalog.TryGetByName("GET-PULL.REQUESTS_1", out _));
        Assert.False(catalog.TryGetByName("get-pull", out _));
    }

    [Fact]
    public void Compile_KeepsActionsAndTree()
    {
        ImmutableArray<ActionDefinition> actions = [TestActions.Create("a"), TestActions.Create("b", index: 1)];
        var catalog = ActionCatalog.Compile(actions, s_tree);

        Assert.Equal(actions, catalog.Actions);
        Assert.Same(s_tree, catalog.EntityTypes);
    }

    [Fact]
    public void Compile_NamesEqualIgnoringCase_IsACallerBug()
    {
        ImmutableArray<ActionDefinition> actions = [TestActions.Create("Open"), TestActions.Create("open", index: 1)];

        Assert.Throws<ArgumentException>(() => ActionCatalog.Compile(actions, s_tree));
        Assert.Throws<ArgumentException>(() => ActionCatalog.Compile(default, s_tree));
    }

    [Theory]
    [InlineData(ActionViews.None, ActionKind.Button)]
    [InlineData(ActionViews.List | ActionViews.Details, ActionKind.Button)]
    [InlineData(ActionViews.List, (ActionKind)7)]
    public void Lookup_NotOneViewOrUnknownKind_IsACallerBug(ActionViews view, ActionKind kind)
    {
        var catalog = ActionCatalog.Compile([TestActions.Create("a")], s_tree);

        Assert.Throws<ArgumentOutOfRangeException>(() => catalog.Lookup(1002, "defect", view, null, kind));
    }

    internal readonly record struct Query(long Workspace, string EntityType, ActionViews View, string? Module, ActionKind Kind);

    /// <summary>The definition of truth: every action in order, kept when it has the kind and passes checks 1–4.</summary>
    internal static List<ActionDefinition> Scan(IEnumerable<ActionDefinition> actions, Query query) =>
        [.. actions.Where(a => a.Kind == query.Kind
            && Applicability.PassesWorkspace(a, query.Workspace)
            && Applicability.PassesView(a, query.View)
            && Applicability.PassesModule(a, query.Module)
            && Applicability.PassesEntityType(a, query.View, query.EntityType, s_tree))];

    private static string[] Names(ImmutableArray<ActionDefinition> actions) => [.. actions.Select(a => a.Name)];

    private static Query ParseQuery(string spec)
    {
        var words = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return new Query(
            long.Parse(words[0], CultureInfo.InvariantCulture),
            words[1],
            TestActions.ViewOf(words[2]),
            words[3] == "-" ? null : words[3],
            TestActions.KindOf(words[4]));
    }
}
