using System.Collections.Immutable;
using CsCheck;
using Trellis.Actions.Catalog;
using Trellis.Actions.Configuration;
using Trellis.Actions.EntityTypes;

namespace Trellis.Actions.Tests.Catalog;

public sealed class ActionCatalogPropertyTests
{
    private static readonly string[] s_types =
        [.. EntityTypeTree.Default.All.Select(t => t.Name).Order(StringComparer.Ordinal), "mystery", "phase"];

    private static readonly string?[] s_modules = [.. Modules.Known.Order(StringComparer.Ordinal), "unknown_module", null];

    private static readonly Gen<ActionViews> s_actionViews =
        Gen.Frequency((4, ActionViews.List | ActionViews.Details), (3, ActionViews.List), (3, ActionViews.Details), (1, ActionViews.None));

    private static readonly Gen<long[]> s_workspaceList = Gen.Long[1, 8].Array[0, 4];

    private static readonly Gen<ActionDefinition> s_action = Gen.Select(
        Gen.Enum<ActionKind>(),
        Gen.OneOf(s_types).Array[1, 3],
        s_actionViews,
        Gen.Int[0, 2],
        s_workspaceList,
        Gen.OneOf(s_modules.OfType<string>().ToArray()).Array[1, 3],
        (kind, types, views, workspaceMode, workspaces, modules) => TestActions.Create(
            "placeholder",
            kind,
            types,
            views,
            workspaceMode == 1 ? workspaces : null,
            workspaceMode == 2 ? workspaces : null,
            modules));

    private static readonly Gen<ImmutableArray<ActionDefinition>> s_catalog = s_action.Array[0, 40]
        .Select(actions => actions.Select((a, i) => a with { Name = $"a{i}", Index = i }).ToImmutableArray());

    private static readonly Gen<ActionCatalogTests.Query> s_query = Gen.Select(
        Gen.Long[0, 10],
        Gen.OneOf(s_types),
        Gen.OneOf(ActionViews.List, ActionViews.Details),
        Gen.OneOf(s_modules),
        Gen.Enum<ActionKind>(),
        (workspace, type, view, module, kind) => new ActionCatalogTests.Query(workspace, type, view, module, kind));

    [Fact]
    public void Lookup_RandomCatalogsAndQueries_AgreesWithALinearScanOverApplicability()
    {
        Gen.Select(s_catalog, s_query.Array[1, 30]).Sample(
            (actions, queries) =>
            {
                var catalog = ActionCatalog.Compile(actions, EntityTypeTree.Default);

                // Twice each, so that both the first (building) and the cached answer are compared.
                foreach (var query in queries.Concat(queries))
                {
                    var expected = ActionCatalogTests.Scan(actions, query);
                    var found = catalog.Lookup(query.Workspace, query.EntityType, query.View, query.Module, query.Kind);
                    Assert.Equal(expected, found.AsEnumerable(), ReferenceEqualityComparer.Instance);
                }
            },
            iter: 500);
    }
}
