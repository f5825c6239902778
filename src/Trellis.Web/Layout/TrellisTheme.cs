using MudBlazor;

namespace Trellis.Web.Layout;

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
            // Darker than MudBlazor's defaults so labels and alert text reach 4.5:1 on the page's surfaces (axe-core checks it).
            TextSecondary = "rgba(0,0,0,0.68)",
            Info = "#1565c0",
            Success = "#2e7d32",
            Warning = "#b45309",
            Error = "#c62828",
        },
        // Dark: the same hues lifted for contrast on dark surfaces (WCAG AA for text and controls).
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4e8",
            // Dark text on the light blue (the app bar, filled buttons): white on it would be 2.1:1, axe-core checks 4.5:1.
            PrimaryContrastText = "#0d1b2a",
            Secondary = "#6cc5ae",
            AppbarBackground = "#14324f",
            Background = "#121417",
            Surface = "#1c1f24",
            DrawerBackground = "#1c1f24",
        },
        LayoutProperties = new LayoutProperties { DefaultBorderRadius = "6px" },
    };
}
