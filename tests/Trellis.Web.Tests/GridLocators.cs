using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Trellis.Web.Tests;

/// <summary>What a test finds on a module's grid by its accessible names: an item's link, its row checkbox and its id.</summary>
internal static class GridLocators
{
    public static ILocator Link(IPage page, string name) => page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });

    public static ILocator Select(IPage page, string id) =>
        page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {id}", Exact = true });

    /// <summary>
    /// The cell of the item with this id under this column, when the person may edit it in place: a grid cell named
    /// <c>&lt;Column&gt; of &lt;id&gt;: &lt;value&gt;</c> (docs/ui.md#grids).
    /// </summary>
    public static ILocator EditableCell(IPage page, string id, string column) =>
        page.GetByRole(AriaRole.Gridcell, new() { NameRegex = new Regex($"^{Regex.Escape(column)} of {Regex.Escape(id)}: ") });

    /// <summary>The id of the item named <paramref name="name"/>, read from its link to the details page.</summary>
    public static async Task<string> IdOfAsync(IPage page, string name)
    {
        var href = await Link(page, name).GetAttributeAsync("href");
        return href![(href!.LastIndexOf('/') + 1)..];
    }
}
