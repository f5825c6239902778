using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Trellis.Web.Tests.GridLocators;

namespace Trellis.Web.Tests;

/// <summary>
/// The main screens for the docs (docs/screenshots/*.png), with the demo data and demo actions as a new installation
/// has them. Category Docs: ./test.sh leaves it out; run it with TRELLIS_SCREENSHOTS=1.
/// </summary>
public sealed class ScreenshotTests(UiApplication app, Chromium chromium) : IClassFixture<UiApplication>
{
    [Fact]
    [Trait("Category", "Docs")]
    public async Task Screenshots_OfTheMainScreens_ForTheDocs()
    {
        if (Environment.GetEnvironmentVariable("TRELLIS_SCREENSHOTS") != "1")
        {
            Assert.Skip("Screenshots are taken on request (TRELLIS_SCREENSHOTS=1).");
        }

        var page = await app.SignedInPageAsync(chromium, path: "/1001/1002/backlog");
        await page.SetViewportSizeAsync(1440, 900);
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        var release = page.GetByRole(AriaRole.Combobox, new() { Name = "Release", Exact = true });
        await Expect(release.Locator("option")).Not.ToHaveCountAsync(1);
        await release.SelectOptionAsync(new SelectOptionValue { Label = "Release 2.0" });
        await Expect(Link(page, "Login fails with a plus sign in the e-mail")).ToHaveCountAsync(0);
        foreach (var name in (string[])["Single sign-on", "Scheduled reports"])
        {
            await Select(page, await IdOfAsync(page, name)).CheckAsync();
        }

        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "External details", Exact = true })).ToBeEnabledAsync();
        await ShotAsync(page, "backlog.png");

        // A cell edited in place: the phase picker offers the workflow's moves.
        var sso = await IdOfAsync(page, "Single sign-on");
        await EditableCell(page, sso, "Phase").PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Listbox, new() { Name = $"Phase of {sso} choices" }).GetByRole(AriaRole.Option).First).ToBeVisibleAsync();
        await ShotAsync(page, "grid-cell-editor.png");
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.Locator(".trellis-cell-editor")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Feature insights", Exact = true }).ClickAsync();
        var panel = page.GetByRole(AriaRole.Complementary, new() { Name = "Feature insights" });
        await Expect(panel).ToBeVisibleAsync();
        await Expect(page.FrameLocator("iframe[title='Feature insights']").GetByRole(AriaRole.List, new() { Name = "Children" })).ToContainTextAsync("Single sign-on: backend");
        await ShotAsync(page, "side-panel.png");
        await panel.GetByRole(AriaRole.Button, new() { Name = "Close panel" }).ClickAsync();
        await Expect(panel).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "External details", Exact = true }).ClickAsync();
        var app1 = page.FrameLocator("iframe[title='External details']");
        await Expect(app1.GetByRole(AriaRole.Table, new() { Name = "Query parameters" })).ToContainTextAsync("entity_ids");
        await app1.GetByLabel("Title").FillAsync("External details: 2 features");
        await app1.GetByRole(AriaRole.Button, new() { Name = "Set dialog title" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "External details: 2 features" });
        await Expect(dialog).ToBeVisibleAsync();
        await ShotAsync(page, "dialog.png");
        await app1.GetByRole(AriaRole.Button, new() { Name = "Refresh list" }).ClickAsync();
        // One message the host refuses, so the inspector shows a reason too: the right window, another dialog's id.
        var frame = page.Frames.First(f => f.Url.Contains("external-details.html", StringComparison.Ordinal));
        await frame.EvaluateAsync("() => parent.postMessage({ event_name: 'octane_close_dialog', shared_space: '1001', workspace: '1002', data: { dialog_id: 'another-dialog', refresh: false } }, '*')");
        await app1.GetByRole(AriaRole.Button, new() { Name = "Close dialog", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await Link(page, "Single sign-on").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Single sign-on", Level = 1 })).ToBeVisibleAsync();
        var aviator = page.GetByRole(AriaRole.Region, new() { Name = "Aviator", Exact = true });
        await aviator.GetByRole(AriaRole.Button, new() { Name = "Summarize", Exact = true }).ClickAsync();
        await Expect(aviator.GetByLabel("Prompt and context", new() { Exact = true })).ToContainTextAsync("name: Single sign-on");
        await ShotAsync(page, "details-aviator.png");

        await page.GotoAsync("/1001/settings/messages");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Launch messages", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByText("octane_set_dialog_title").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "Rejected", Exact = true })).ToBeVisibleAsync();
        await ShotAsync(page, "message-inspector.png");
    }

    private static Task ShotAsync(IPage page, string file) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot(), "docs", "screenshots", file) });

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", ".."));
}
