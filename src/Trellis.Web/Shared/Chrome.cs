using System.Collections.Concurrent;
using Microsoft.AspNetCore.Components;

namespace Trellis.Web.Shared;

/// <summary>
/// MudBlazor's look without its components, for the chrome every grid page shows (the top bar, the toolbar, the pager,
/// the Aviator chips): a component costs each circuit about 4 KB however little it shows (two render-tree buffers, its
/// state and parameters; docs/performance.md, "Blazor Server circuits"), where plain elements with MudBlazor's classes
/// cost a few frames of the page's own tree. The class strings and icons are built once per node and shared.
/// </summary>
internal static class Chrome
{
    private static readonly ConcurrentDictionary<(string Svg, string Size, string? Color), MarkupString> s_icons = new();
    private static readonly ConcurrentDictionary<(string Svg, string Size), MarkupString> s_startIcons = new();
    private static readonly ConcurrentDictionary<(string Variant, string Color, string Size), string> s_buttons = new();

    /// <summary>A Material icon as MudIcon draws it (hidden from assistive technology: its button or link has the name).</summary>
    public static MarkupString Icon(string svg, string size = "medium", string? color = null) =>
        s_icons.GetOrAdd((svg, size, color), static key => new MarkupString(
            $"<svg class=\"mud-icon-root mud-svg-icon{(key.Color is null ? "" : $" mud-{key.Color}-text")} mud-icon-size-{key.Size}\" focusable=\"false\" viewBox=\"0 0 24 24\" aria-hidden=\"true\">{key.Svg}</svg>"));

    /// <summary>The icon before a button's label, as MudButton's <c>StartIcon</c> draws it.</summary>
    public static MarkupString StartIcon(string svg, string size = "medium") =>
        s_startIcons.GetOrAdd((svg, size), static key => new MarkupString(
            $"<span class=\"mud-button-icon-start mud-button-icon-size-{key.Size}\">{Icon(key.Svg, key.Size)}</span>"));

    /// <summary>MudButton's classes: <paramref name="variant"/> text, filled or outlined; <paramref name="color"/> default, primary, secondary, inherit, warning…; <paramref name="size"/> small or medium.</summary>
    public static string Button(string variant, string color, string size) =>
        s_buttons.GetOrAdd((variant, color, size), static key =>
            $"mud-button-root mud-button mud-button-{key.Variant} mud-button-{key.Variant}-{key.Color} mud-button-{key.Variant}-size-{key.Size} mud-ripple");

    /// <summary>MudIconButton's classes for an icon button in the app bar (the bar's colour).</summary>
    public const string BarIconButton = "mud-button-root mud-icon-button mud-inherit-text hover:mud-inherit-hover mud-ripple mud-ripple-icon";

    /// <summary>MudIconButton's classes for a small icon button.</summary>
    public const string SmallIconButton = "mud-button-root mud-icon-button mud-ripple mud-ripple-icon mud-icon-button-size-small";
}
