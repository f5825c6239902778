using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;
using Trellis.Web.Layout;

namespace Trellis.Server.WebUi;

/// <summary>
/// The theme's CSS variables as one stylesheet per node (docs/ui.md#theme), linked by every page, instead of the
/// <c>&lt;style&gt;</c> block <see cref="MudThemeProvider"/> renders into each circuit (twice: both render buffers
/// keep a copy). The text is MudThemeProvider's own output, rendered once outside any circuit: the light palette on
/// <c>:root</c>, the dark one on <c>:root.trellis-dark</c>, the class the theme toggle and the system scheme set.
/// </summary>
internal sealed partial class ThemeStyleSheet(IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    public const string Path = "/ui/theme.css";

    private readonly Lazy<Task<(string Text, PublicFile File)>> _built = new(() => Task.Run(() => BuildAsync(scopes, loggers)));

    public async Task<IResult> ServeAsync(HttpContext http) => (await _built.Value).File.Serve(http);

    /// <summary>The stylesheet's text: the light palette, then the dark one under the dark class.</summary>
    public async Task<string> TextAsync() => (await _built.Value).Text;

    private static async Task<(string Text, PublicFile File)> BuildAsync(IServiceScopeFactory scopes, ILoggerFactory loggers)
    {
        var light = await RenderAsync(scopes, loggers, dark: false);
        var dark = await RenderAsync(scopes, loggers, dark: true);
        var text = "/* Trellis: the MudBlazor theme, the light palette first, then the dark one under the trellis-dark class (docs/ui.md#theme). */\n"
            + light + "\n" + RootSelector().Replace(dark, ":root.trellis-dark") + "\n";
        return (text, new PublicFile(Encoding.UTF8.GetBytes(text), "text/css; charset=utf-8"));
    }

    // MudThemeProvider's style blocks for one palette, without their tags.
    private static async Task<string> RenderAsync(IServiceScopeFactory scopes, ILoggerFactory loggers, bool dark)
    {
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<MudThemeProvider>(ParameterView.FromDictionary(new Dictionary<string, object?>
            {
                [nameof(MudThemeProvider.Theme)] = TrellisTheme.Theme,
                [nameof(MudThemeProvider.IsDarkMode)] = dark,
            }));
            return output.ToHtmlString();
        });
        var css = WebUtility.HtmlDecode(StyleTag().Replace(html, "")).Trim();
        return css.Contains("--mud-palette-primary", StringComparison.Ordinal)
            ? css
            : throw new InvalidOperationException("MudThemeProvider rendered no theme variables; the theme stylesheet cannot be built.");
    }

    [GeneratedRegex("</?style[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex StyleTag();

    [GeneratedRegex(@":root(?![\w.-])")]
    private static partial Regex RootSelector();
}
