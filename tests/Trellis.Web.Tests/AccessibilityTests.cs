using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Trellis.Server.IntegrationTests;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// Keyboards, screen readers, phones and lost connections through Chromium: axe-core on every page, focus that moves
/// into dialogs and panels and back, the reason of a disabled action one key away, a menu at 390 px with nothing
/// scrolling sideways, and a reconnect box in plain words whose Retry keeps the edits.
/// </summary>
public sealed partial class AccessibilityTests(UiApplication app, TestAppHost testApp, Chromium chromium)
    : IClassFixture<UiApplication>, IClassFixture<TestAppHost>
{
    private const string Backlog = "/1001/1002/backlog";

    // Inside the dialog, or (the toolbar behind it) outside.
    private const string FocusInDialog = "() => !!document.activeElement && !!document.activeElement.closest('.trellis-dialog')";

    [Fact]
    public async Task EveryPage_HasOneMainLandmark_AndAxeFindsNoSeriousOrCriticalViolation()
    {
        await ConfigureAsync();
        var id = await app.CreateDefectAsync("Checked by axe");
        var team = await TeamIdAsync("Team Phoenix");
        var page = await chromium.NewPageAsync(app.Address);
        // axe-core from the local npm install, into every document the page loads; never from the network.
        await page.AddInitScriptAsync(scriptPath: Path.Combine(AppContext.BaseDirectory, "axe.min.js"));

        await page.GotoAsync("/login");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trellis", Level = 1 })).ToBeVisibleAsync();
        var failures = await AxeAsync(page, "sign-in");
        await page.GetByLabel("Login").FillAsync(TrellisApplication.AdminLogin);
        await page.GetByLabel("Password").FillAsync(TrellisApplication.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForInteractiveAsync();

        (string Path, string Heading)[] pages =
        [
            (Backlog, "Backlog"),
            ("/1001/1002/team_backlog", "Team Backlog"),
            ($"/1001/1002/team_backlog?team={team}", "Team Backlog"),
            ("/1001/1002/quality", "Quality"),
            ("/1001/1002/pipelines", "Pipelines"),
            ("/1001/1002/releases", "Releases"),
            ($"/1001/1002/defect/{id}", "Checked by axe"),
            ("/1001/settings/external-actions", "External actions"),
            ("/1001/settings/messages", "Launch messages"),
        ];
        foreach (var (path, heading) in pages)
        {
            await page.GotoAsync(path);
            await page.WaitForInteractiveAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);
            failures.AddRange(await AxeAsync(page, path));
        }

        // An address that names nothing is answered by the static not-found page (no circuit to wait for).
        await page.GotoAsync("/1001/1002/defect/999999");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Main)).ToHaveCountAsync(1);
        failures.AddRange(await AxeAsync(page, "/1001/1002/defect/999999"));

        // A page with a dialog open is a page too.
        await page.GotoAsync(Backlog);
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() }).First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test dialog", Exact = true }).ClickAsync();
        await page.AppFrameAsync("Test dialog");
        failures.AddRange(await AxeAsync(page, "backlog with a dialog"));

        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Dialog_TakesTheFocus_KeepsTabInside_AndGivesTheFocusBackToItsOpener()
    {
        var page = await BacklogAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() }).First.CheckAsync();
        var opener = page.GetByRole(AriaRole.Button, new() { Name = "Test dialog", Exact = true });
        await opener.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Test dialog" });
        var close = dialog.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true });
        await Expect(close).ToBeFocusedAsync();
        await page.AppFrameAsync("Test dialog");

        // Backwards from the first stop wraps to the last (the app's frame), forwards from the close button enters the frame:
        // the toolbar behind the backdrop is never reached.
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.True(await page.EvaluateAsync<bool>(FocusInDialog));
        await Expect(dialog.Locator("iframe")).ToBeFocusedAsync();
        await close.FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.True(await page.EvaluateAsync<bool>(FocusInDialog));
        await close.FocusAsync();
        await page.Keyboard.PressAsync("Shift+Tab");
        await page.Keyboard.PressAsync("Shift+Tab");
        Assert.True(await page.EvaluateAsync<bool>(FocusInDialog));

        // Focus sent behind the backdrop comes straight back.
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Filter" }).FocusAsync();
        Assert.True(await page.EvaluateAsync<bool>(FocusInDialog));

        await close.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(opener).ToBeFocusedAsync();

        // Escape closes it too, and the focus goes home the same way.
        await page.Keyboard.PressAsync("Enter");
        await Expect(close).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(opener).ToBeFocusedAsync();
    }

    [Fact]
    public async Task NewItemDialog_KeepsTabInside_AndGivesTheFocusBackToNew()
    {
        var page = await BacklogAsync();
        var opener = page.GetByRole(AriaRole.Button, new() { Name = "New", Exact = true });
        await opener.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToBeVisibleAsync();

        // More steps than the dialog has stops, both ways: it wraps instead of reaching the grid behind.
        foreach (var key in Enumerable.Repeat("Tab", 8).Concat(Enumerable.Repeat("Shift+Tab", 8)))
        {
            await page.Keyboard.PressAsync(key);
            Assert.True(await page.EvaluateAsync<bool>(FocusInDialog), $"{key} left the dialog.");
        }

        await dialog.GetByRole(AriaRole.Button, new() { Name = "Close", Exact = true }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(opener).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Inspector_KeepsTheJudgesWordsForAMessageItRefused()
    {
        var page = await BacklogAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() }).First.CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test dialog", Exact = true }).ClickAsync();
        var frame = await page.AppFrameAsync("Test dialog");
        var launch = await frame.EvaluateAsync<string>("() => app.id");
        await frame.EvaluateAsync("() => app.post('octane_close_dialog', { dialog_id: 'not-this-launch' })");

        // The inspector, beside the page, lists the refusal as it arrives.
        var inspector = await page.Context.NewPageAsync();
        await inspector.GotoAsync("/1001/settings/messages");
        await inspector.WaitForInteractiveAsync();
        await inspector.GetByLabel("Launch", new() { Exact = true }).FillAsync(launch);
        await inspector.GetByLabel("Launch", new() { Exact = true }).PressAsync("Enter");
        var refused = inspector.GetByRole(AriaRole.Region, new() { Name = $"Launch {launch}" }).GetByRole(AriaRole.Row).Filter(new() { HasText = "Rejected" });
        await Expect(refused).ToContainTextAsync("octane_close_dialog");
        await Expect(refused.Locator(".trellis-inspector-explanation")).ToHaveTextAsync(new Regex(@"\w+ \w+"));
    }

    [Fact]
    public async Task SidePanel_TakesTheFocus_AndGivesItBackWhenClosed()
    {
        var page = await BacklogAsync();
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Test panel", Exact = true });
        await toggle.FocusAsync();
        await page.Keyboard.PressAsync("Enter");

        var panel = page.GetByRole(AriaRole.Complementary, new() { Name = "Test panel" });
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Close panel" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        await Expect(panel).ToHaveCountAsync(0);
        await Expect(toggle).ToBeFocusedAsync();
    }

    [Fact]
    public async Task DisabledAction_ItsReasonIsOneKeyboardStepAway()
    {
        var page = await BacklogAsync();
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Open one", Exact = true });
        await Expect(button).ToBeDisabledAsync();
        var why = page.GetByRole(AriaRole.Button, new() { Name = "Why is Open one unavailable?", Exact = true });

        await why.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Open one is unavailable:" }))
            .ToHaveTextAsync("Open one is unavailable: Select one item to use this action.");
        await Expect(why).ToHaveAttributeAsync("aria-expanded", "true");

        // Once the action can run, its reason and the button for it are gone.
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() }).First.CheckAsync();
        await Expect(button).ToBeEnabledAsync();
        await Expect(why).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Open one is unavailable:" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Phone_TheMenuReachesEveryModuleTheEditorTheInspectorAndSignOut_AndNoPageScrollsSideways()
    {
        await ConfigureAsync();
        var id = await app.CreateDefectAsync("A defect with a rather long name that has to wrap on a phone screen without scrolling sideways");
        var page = await app.SignedInPageAsync(chromium, path: Backlog);
        await page.SetViewportSizeAsync(390, 844);
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Modules" }).GetByRole(AriaRole.Link, new() { Name = "Quality" })).ToBeHiddenAsync();

        var menu = page.GetByRole(AriaRole.Navigation, new() { Name = "Menu", Exact = true });
        (string Link, string Heading, Regex Address)[] destinations =
        [
            ("Team Backlog", "Team Backlog", new("/1001/1002/team_backlog")),
            ("Quality", "Quality", new("/1001/1002/quality")),
            ("Pipelines", "Pipelines", new("/1001/1002/pipelines")),
            ("Releases", "Releases", new("/1001/1002/releases")),
            ("Backlog", "Backlog", new("/1001/1002/backlog")),
            ("External actions", "External actions", new("/1001/settings/external-actions")),
            ("Launch messages", "Launch messages", new("/1001/settings/messages")),
        ];
        foreach (var (link, heading, address) in destinations)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Menu", Exact = true }).ClickAsync();
            await menu.GetByRole(AriaRole.Link, new() { Name = link, Exact = true }).ClickAsync();
            await Expect(page).ToHaveURLAsync(address);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
            await Expect(menu).ToHaveCountAsync(0);
            if (link == "External actions")
            {
                // Until the editor has its text, leaving it asks about unsaved changes.
                await page.WaitForFunctionAsync("() => window.blazorMonaco && blazorMonaco.editors.some(e => e.id === 'action-config-editor') && blazorMonaco.editor.getEditor('action-config-editor').getValue().length > 0");
            }

            await AssertNoSidewaysScrollAsync(page, heading);
        }

        await page.GotoAsync($"/1001/1002/defect/{id}");
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("A defect with a rather long name");
        await AssertNoSidewaysScrollAsync(page, "details");

        await page.GetByRole(AriaRole.Button, new() { Name = "Menu", Exact = true }).ClickAsync();
        await menu.GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = false }).ClickAsync();
        await Expect(page.GetByLabel("Login")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Phone_ASidePanelIsAnOverlay_ThatLeavesTheAviatorChipsInView()
    {
        var page = await BacklogAsync();
        await page.SetViewportSizeAsync(390, 844);
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() }).First.CheckAsync();
        var chip = page.GetByRole(AriaRole.Region, new() { Name = "Aviator", Exact = true }).GetByRole(AriaRole.Button, new() { Name = "Explain", Exact = true });
        await Expect(chip).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Test panel", Exact = true }).ClickAsync();
        var panel = page.GetByRole(AriaRole.Complementary, new() { Name = "Test panel" });
        await Expect(panel).ToBeVisibleAsync();
        await Expect(panel).ToHaveCSSAsync("position", "fixed");

        var chipBox = (await chip.BoundingBoxAsync())!;
        var panelBox = (await panel.BoundingBoxAsync())!;
        Assert.True(chipBox.Y + chipBox.Height <= panelBox.Y, $"The chip (bottom {chipBox.Y + chipBox.Height}) is under the panel (top {panelBox.Y}).");
        Assert.True(panelBox.Width <= 390);
        await chip.ClickAsync(new() { Trial = true });
        await AssertNoSidewaysScrollAsync(page, "backlog with a panel");
    }

    [Fact]
    public async Task ConnectionLoss_IsExplainedInPlainWords_AndRetryReconnectsWithTheEditsKept()
    {
        var id = await app.CreateDefectAsync("Edits survive a lost connection");
        var page = await chromium.NewPageAsync(app.Address);
        // Every WebSocket the page opens is kept, so the test can cut the circuit's connection as a network failure would.
        await page.AddInitScriptAsync("""
            (() => {
              const Native = window.WebSocket;
              const sockets = window.trellisTestSockets = [];
              window.WebSocket = class extends Native {
                constructor(...args) { super(...args); sockets.push(this); }
              };
            })();
            """);
        await page.GotoAsync("/login");
        await page.GetByLabel("Login").FillAsync(TrellisApplication.AdminLogin);
        await page.GetByLabel("Password").FillAsync(TrellisApplication.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.GotoAsync($"/1001/1002/defect/{id}");
        await page.WaitForInteractiveAsync();
        var name = page.GetByLabel("Name", new() { Exact = true });
        await name.FillAsync("Edits survive a lost connection (edited)");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Unsaved changes" })).ToBeVisibleAsync();

        // The server cannot be reached: reconnecting starts with a negotiation request, which fails.
        await page.RouteAsync("**/_blazor/negotiate*", route => route.AbortAsync());
        await page.EvaluateAsync("() => window.trellisTestSockets.forEach(s => s.close(3000, 'network lost'))");

        var box = page.GetByRole(AriaRole.Dialog, new() { Name = "Connection to the server lost" });
        await Expect(box).ToBeVisibleAsync();
        var retry = box.GetByRole(AriaRole.Button, new() { Name = "Retry now", Exact = true });
        await Expect(retry).ToBeVisibleAsync();
        await Expect(box).ToContainTextAsync("Trellis cannot reach the server yet");
        await Expect(box).ToContainTextAsync("Your unsaved edits are still on this page.");
        await Expect(box).Not.ToContainTextAsync("Rejoin");

        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        await retry.ClickAsync();
        await Expect(box).ToBeHiddenAsync();
        await Expect(name).ToHaveValueAsync("Edits survive a lost connection (edited)");

        // The same circuit is back: the kept edit saves.
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edits survive a lost connection (edited)", Level = 1 })).ToBeVisibleAsync();
    }

    private static Task<List<string>> AxeAsync(IPage page, string where) => Axe.SeriousViolationsAsync(page, where);

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string where)
    {
        var widths = await page.EvaluateAsync<int[]>("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]");
        if (widths[0] > widths[1])
        {
            // The widest elements, to say what to fix.
            var wide = await page.EvaluateAsync<string>("""
                () => Array.from(document.querySelectorAll("body *"))
                  .sort((a, b) => b.getBoundingClientRect().right - a.getBoundingClientRect().right).slice(0, 3)
                  .map(e => `${e.tagName}.${e.className} ${Math.round(e.getBoundingClientRect().right)}`).join("; ")
                """);
            Assert.Fail($"{where} scrolls sideways: {widths[0]} px of content in {widths[1]} px ({wide}).");
        }
    }

    private async Task<IPage> BacklogAsync()
    {
        await ConfigureAsync();
        var page = await app.SignedInPageAsync(chromium, path: Backlog);
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        return page;
    }

    private Task ConfigureAsync() => app.StoreActionsOnceAsync(() =>
    {
        var origin = testApp.Origin;
        return $$$"""
            [
              {"name":"t_dialog","title":"Test dialog","entity_type":["work_item"],"views":["list","details"],"dialog":"small","events":true,
               "url":"{{{origin}}}/app?ss={shared_space}&ws={workspace}&id={dialog_id}&ids={entity_ids}"},
              {"name":"t_single","title":"Open one","entity_type":["work_item"],"views":["list"],
               "url":"{{{origin}}}/app?name={entity.name}&eid={entity_id}"},
              {"name":"t_panel","title":"Test panel","entity_type":["work_item"],"views":["list"],
               "url":"{{{origin}}}/app?ss={shared_space}&ws={workspace}&id={panel_id}#ids={entity_ids}","mode":{"name":"side_panel","modules":["backlog"]}}
            ]
            """;
    });

    private async Task<string> TeamIdAsync(string name)
    {
        using var client = await app.AdminRestClientAsync();
        var query = Uri.EscapeDataString($"\"name='{name}'\"");
        var body = await client.GetFromJsonAsync<JsonObject>($"/api/shared_spaces/1001/workspaces/1002/teams?fields=name&query={query}", TestContext.Current.CancellationToken);
        return body!["data"]![0]!["id"]!.GetValue<string>();
    }

    [GeneratedRegex(@"^Select \d+$")]
    private static partial Regex SelectId();
}
