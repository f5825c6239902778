using MudBlazor;

namespace Trellis.Web.Workspace;

/// <summary>Octane's icon names (docs/reference/configuration-rules.md#properties) as Material icons; docs/ui.md lists the mapping.</summary>
internal static class ActionIcons
{
    private static readonly Dictionary<string, string> s_map = new(StringComparer.Ordinal)
    {
        ["rss"] = Icons.Material.Filled.RssFeed,
        ["details"] = Icons.Material.Filled.Info,
        ["plus"] = Icons.Material.Filled.Add,
        ["f-list"] = Icons.Material.Filled.FormatListBulleted,
        ["import"] = Icons.Material.Filled.FileDownload,
        ["type-pipeline"] = Icons.Material.Filled.AccountTree,
        ["children"] = Icons.Material.Filled.SubdirectoryArrowRight,
        ["external-link"] = Icons.Material.Filled.OpenInNew,
    };

    /// <summary>The Material icon for an Octane icon name; unknown names get the external-link icon.</summary>
    public static string Of(string? octaneName) =>
        octaneName is not null && s_map.TryGetValue(octaneName, out var icon) ? icon : Icons.Material.Filled.OpenInNew;
}
