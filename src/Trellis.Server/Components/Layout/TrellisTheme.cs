using MudBlazor;

namespace Trellis.Server.Components.Layout;

/// <summary>A calm palette: a deep blue bar, neutral surfaces, the contrast WCAG AA asks for.</summary>
internal static class TrellisTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#2e7d6b",
            AppbarBackground = "#1f4e79",
            Background = "#f6f7f9",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
