using System.Collections.Immutable;
using System.Globalization;
using Trellis.Actions.Configuration;

namespace Trellis.Actions.Tests.Catalog;

/// <summary>Builds <see cref="ActionDefinition"/> records directly, as the parser would after validation.</summary>
internal static class TestActions
{
    public static ActionDefinition Create(
        string name,
        ActionKind kind = ActionKind.Button,
        string[]? types = null,
        ActionViews views = ActionViews.List | ActionViews.Details,
        long[]? workspaces = null,
        long[]? exclude = null,
        string[]? modules = null,
        int index = 0) =>
        new()
        {
            Index = index,
            Name = name,
            Title = name,
            EntityTypes = [.. types ?? ["defect"]],
            Views = views,
            Kind = kind,
            Url = "https://app.example.com/" + name,
            Workspaces = workspaces is null ? null : ImmutableArray.Create(workspaces),
            ExcludeWorkspaces = exclude is null ? null : ImmutableArray.Create(exclude),
            Modules = kind == ActionKind.SidePanel ? [.. modules ?? ["backlog"]] : [],
            RawJson = "{}",
        };

    /// <summary>
    /// Reads a one-line description such as <c>panel types=defect,story views=list ws=1002 modules=backlog</c>.
    /// The first word is the kind (<c>button</c>, <c>panel</c>, <c>chip</c>); <c>ws=</c> with nothing after it is an empty list.
    /// </summary>
    public static ActionDefinition Parse(string spec, string name = "subject", int index = 0)
    {
        var words = spec.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var kind = KindOf(words[0]);
        string[]? types = null;
        var views = ActionViews.List | ActionViews.Details;
        long[]? workspaces = null;
        long[]? exclude = null;
        string[]? modules = null;
        foreach (var word in words.Skip(1))
        {
            var (key, value) = (word[..word.IndexOf('=', StringComparison.Ordinal)], word[(word.IndexOf('=', StringComparison.Ordinal) + 1)..]);
            var items = value.Split(',', StringSplitOptions.RemoveEmptyEntries);
            switch (key)
            {
                case "types": types = items; break;
                case "views": views = items.Aggregate(ActionViews.None, (all, v) => all | ViewOf(v)); break;
                case "ws": workspaces = [.. items.Select(i => long.Parse(i, CultureInfo.InvariantCulture))]; break;
                case "exclude": exclude = [.. items.Select(i => long.Parse(i, CultureInfo.InvariantCulture))]; break;
                case "modules": modules = items; break;
                default: throw new ArgumentException($"Unknown key {key}.", nameof(spec));
            }
        }

        return Create(name, kind, types, views, workspaces, exclude, modules, index);
    }

    public static ActionKind KindOf(string word) => word switch
    {
        "button" => ActionKind.Button,
        "panel" => ActionKind.SidePanel,
        "chip" => ActionKind.AviatorChip,
        _ => throw new ArgumentException($"Unknown kind {word}.", nameof(word)),
    };

    public static ActionViews ViewOf(string word) => word switch
    {
        "list" => ActionViews.List,
        "details" => ActionViews.Details,
        _ => throw new ArgumentException($"Unknown view {word}.", nameof(word)),
    };
}
