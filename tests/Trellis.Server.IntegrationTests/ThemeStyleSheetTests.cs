using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// The theme's variables are one cacheable stylesheet per node (docs/ui.md#theme): light on <c>:root</c>, dark under the
/// dark class, linked by the pages, which carry no theme <c>&lt;style&gt;</c> block of their own.
/// </summary>
public sealed class ThemeStyleSheetTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheStylesheet_HoldsTheLightPaletteOnRoot_AndTheDarkOneUnderTheDarkClass()
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync("/ui/theme.css", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/css", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        var css = await response.Content.ReadAsStringAsync(Cancel);

        var darkAt = css.IndexOf(":root.trellis-dark", StringComparison.Ordinal);
        Assert.True(darkAt > 0, "The dark palette under :root.trellis-dark is missing.");
        var (light, dark) = (css[..darkAt], css[darkAt..]);
        Assert.Matches(new Regex(@"(^|\s|\}):root\s*\{"), light);
        // TrellisTheme's colours: the deep blue bar in light, the lifted blue and the dark bar in dark.
        Assert.Matches(new Regex(@"--mud-palette-primary:\s*(#1f4e79|rgba?\(31,\s*78,\s*121)", RegexOptions.IgnoreCase), light);
        Assert.Matches(new Regex(@"--mud-palette-appbar-background:\s*(#14324f|rgba?\(20,\s*50,\s*79)", RegexOptions.IgnoreCase), dark);
        Assert.Matches(new Regex(@"--mud-palette-primary:\s*(#8ab4e8|rgba?\(138,\s*180,\s*232)", RegexOptions.IgnoreCase), dark);
        Assert.DoesNotContain("<style", css, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("&#", css, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheStylesheet_IsRevalidatedByItsContentHash()
    {
        using var client = app.Anonymous();
        using var first = await client.GetAsync("/ui/theme.css", Cancel);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.Contains("public", first.Headers.CacheControl?.ToString() ?? "", StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/ui/theme.css");
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue(etag.Tag));
        using var again = await client.SendAsync(request, Cancel);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
    }

    [Fact]
    public async Task AWorkspacePage_LinksTheStylesheet_AndHoldsNoThemeStyleBlock()
    {
        using var client = await app.SignedInAsync();
        using var response = await client.GetAsync("/1001/1002/backlog", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.Contains("<link href=\"ui/theme.css\" rel=\"stylesheet\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("--mud-palette-primary", html, StringComparison.Ordinal);
    }
}
