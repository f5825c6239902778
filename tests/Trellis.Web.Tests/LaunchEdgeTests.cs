using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Trellis.Web.Tests.GridLocators;

namespace Trellis.Web.Tests;

/// <summary>
/// The launches the workspace tests leave out, through Chromium: an Aviator chip on a real grid selection with no model
/// configured, a protocol-handler action, and the keyboard inside a dialog's cross-origin frame.
/// </summary>
public sealed class LaunchEdgeTests(UiApplication app, TestAppHost testApp, Chromium chromium)
    : IClassFixture<UiApplication>, IClassFixture<TestAppHost>
{
    private const string Backlog = "/1001/1002/backlog";

    [Fact]
    public async Task AviatorChip_WithASelectionAndNoModel_ShowsThePromptAndTheSelectedEntities()
    {
        var page = await BacklogAsync();
        var feature = await IdOfAsync(page, "Scheduled reports");
        var defect = await IdOfAsync(page, "Report totals off by one cent");
        await Select(page, feature).CheckAsync();
        await Select(page, defect).CheckAsync();

        var aviator = page.GetByRole(AriaRole.Region, new() { Name = "Aviator", Exact = true });
        await aviator.GetByRole(AriaRole.Button, new() { Name = "Risk review", Exact = true }).ClickAsync();

        await Expect(aviator).ToContainTextAsync("No assistant model is configured");
        var request = aviator.GetByLabel("Prompt and context", new() { Exact = true });
        await Expect(request).ToContainTextAsync("List the risks these items carry.");
        await Expect(request).ToContainTextAsync("Context: 2 selected entities.");
        foreach (var text in (string[])[$"id: {feature}", "name: Scheduled reports", $"id: {defect}", "name: Report totals off by one cent"])
        {
            await Expect(request).ToContainTextAsync(text);
        }

        await Expect(aviator.GetByLabel("Answer", new() { Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ProtocolAction_Mailto_HandsTheExpandedLinkToTheBrowserWithNoPageOrDialog()
    {
        var page = await BacklogAsync();
        // Record what the host hands to the browser; the link still follows its normal course afterwards.
        await page.EvaluateAsync("""
            () => {
              window.protocolLaunches = [];
              const click = HTMLAnchorElement.prototype.click;
              HTMLAnchorElement.prototype.click = function () {
                window.protocolLaunches.push({ href: this.href, rel: this.rel, connected: this.isConnected });
                return click.call(this);
              };
            }
            """);
        var defect = await IdOfAsync(page, "Reset link expires too early");
        await Select(page, defect).CheckAsync();
        var url = page.Url;

        await page.GetByRole(AriaRole.Button, new() { Name = "Mail the team", Exact = true }).ClickAsync();

        await page.WaitForFunctionAsync("() => window.protocolLaunches.length === 1");
        using var launch = System.Text.Json.JsonDocument.Parse(await page.EvaluateAsync<string>("() => JSON.stringify(window.protocolLaunches[0])"));
        Assert.Equal($"mailto:team@example.com?subject=Reset%20link%20expires%20too%20early&body={defect}", launch.RootElement.GetProperty("href").GetString());
        Assert.Equal("noopener noreferrer", launch.RootElement.GetProperty("rel").GetString());
        Assert.True(launch.RootElement.GetProperty("connected").GetBoolean());
        Assert.Single(page.Context.Pages);
        Assert.Equal(url, page.Url);
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Complementary)).ToHaveCountAsync(0);
        // The temporary link is gone again, and the page still works.
        Assert.Equal(0, await page.Locator("a[href^='mailto:']").CountAsync());
        await Select(page, defect).UncheckAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Mail the team", Exact = true })).ToBeDisabledAsync();
    }

    [Fact]
    public async Task Dialog_EscapeInsideTheAppsFrame_BelongsToTheAppAndShiftTabReachesClose()
    {
        var page = await BacklogAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Keyboard dialog", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Keyboard dialog" });
        await Expect(dialog).ToBeVisibleAsync();
        var element = await page.Locator("iframe[title='Keyboard dialog']").ElementHandleAsync();
        var frame = (await element.ContentFrameAsync())!;
        await frame.WaitForFunctionAsync("() => window.app !== undefined");
        await frame.EvaluateAsync("() => { window.keys = []; document.addEventListener('keydown', e => window.keys.push(e.key)); }");

        // Focus inside the cross-origin frame: the key goes to the app's document, which the host page cannot see.
        await frame.Locator("h1").ClickAsync();
        await page.Keyboard.PressAsync("Escape");
        await frame.WaitForFunctionAsync("() => window.keys.includes('Escape')");
        await Expect(dialog).ToBeVisibleAsync();

        // Shift+Tab leaves the frame for the dialog's own Close button, where Escape is the host's again.
        await page.Keyboard.PressAsync("Shift+Tab");
        await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
    }

    private async Task<IPage> BacklogAsync()
    {
        await ConfigureAsync();
        var page = await app.SignedInPageAsync(chromium, path: Backlog);
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Select" }).First).ToBeVisibleAsync();
        return page;
    }

    private Task ConfigureAsync() => app.StoreActionsOnceAsync(() =>
    {
        var json = $$$"""
            [
              {"name":"t_risks","title":"Risk review","entity_type":["work_item"],"views":["list","details"],
               "mode":{"name":"aviator_chat","prompt":"List the risks these items carry."}},
              {"name":"t_mail","title":"Mail the team","entity_type":["work_item"],"views":["list"],"single_entity":true,
               "url":"mailto:team@example.com?subject={entity.name}&body={entity_id}"},
              {"name":"t_keys","title":"Keyboard dialog","entity_type":["work_item"],"views":["list"],"dialog":"small",
               "url":"{{{testApp.Origin}}}/app?ss={shared_space}&ws={workspace}&id={dialog_id}"}
            ]
            """;
        return json;
    });
}
