using System.Collections.Frozen;
using Trellis.Actions.Configuration;
using Trellis.Actions.Launch;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Tests.TestSupport;

/// <summary>Launch contexts in the shape the host builds them.</summary>
internal static class TestContexts
{
    public static LaunchContext List(string gridType = "work_item", params SelectedEntity[] entities) => new()
    {
        OctaneUrl = "https://alm.example.com",
        SharedSpace = 1001,
        Workspace = 1002,
        UserLogin = "jane@example.com",
        UserEmail = "jane@example.com",
        View = ActionViews.List,
        Module = "backlog",
        EntityType = gridType,
        Entities = [.. entities],
    };

    public static LaunchContext Details(string concreteType, SelectedEntity entity) => List(concreteType, entity) with
    {
        View = ActionViews.Details,
        Module = null,
    };

    public static SelectedEntity Entity(string id, string type = "defect", params (string Name, FieldValue Value)[] fields) => new()
    {
        Id = id,
        Type = type,
        Fields = fields.ToFrozenDictionary(f => f.Name, f => f.Value, StringComparer.Ordinal),
    };
}
