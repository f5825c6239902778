using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Trellis.Application.ExternalActions.Messages;
using static Microsoft.Playwright.Assertions;
using static Trellis.Web.Tests.GridLocators;

namespace Trellis.Web.Tests;

/// <summary>
/// The workspace UI through Chromium: grids, selection rules, every launch mode and the app-to-host events, against
/// a test app served from another origin.
/// </summary>
public sealed partial class WorkspaceTests(UiApplication app, TestAppHost testApp, Chromium chromium)
    : IClassFixture<UiApplication>, IClassFixture<TestAppHost>
{
    private const string Backlog = "/1001/1002/backlog";

    [Fact]
    public async Task TheInspector_ShowsWhoLaunchedWhatFromWhere_TheAppsMessageAndTheHostsReply_AsIndentedJson()
    {
        var page = await BacklogAsync();
        var id = await IdOfAsync(page, "Single sign-on");
        await Select(page, id).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test panel", Exact = true }).ClickAsync();
        var frame = await page.AppFrameAsync("Test panel");
        var panelId = await frame.EvaluateAsync<string>("() => app.id");
        var url = await page.Locator("iframe[title='Test panel']").GetAttributeAsync("src");
        await frame.EvaluateAsync("() => app.post('octane_read_settings', { context: 'inspected', panel_id: app.id })");
        await Expect(page.FrameLocator("iframe[title='Test panel']").Locator("#replies")).ToHaveTextAsync("1");

        // axe-core from the local npm install, into every document the page loads; never from the network.
        await page.AddInitScriptAsync(scriptPath: Path.Combine(AppContext.BaseDirectory, "axe.min.js"));
        await page.GotoAsync("/1001/settings/messages");
        await page.WaitForInteractiveAsync();
        var launch = page.GetByRole(AriaRole.Region, new() { Name = $"Launch {panelId}" });
        var context = launch.Locator("dl");
        ILocator Term(string name) => context.Locator($"dt:text-is('{name}') + dd");
        await Expect(Term("Launched by")).ToHaveTextAsync("Site Admin");
        await Expect(Term("Mode")).ToHaveTextAsync("side_panel");
        await Expect(Term("View")).ToHaveTextAsync("list · backlog");
        await Expect(context.GetByRole(AriaRole.Link, new() { Name = $"feature {id}" })).ToHaveAttributeAsync("href", $"1001/1002/feature/{id}");
        await Expect(context.GetByRole(AriaRole.Link, new() { Name = url! })).ToHaveAttributeAsync("href", url!);

        var rows = launch.GetByRole(AriaRole.Row);
        await Expect(rows).ToHaveCountAsync(3);
        await Expect(rows.Nth(1)).ToContainTextAsync("App → host");
        await Expect(rows.Nth(1)).ToContainTextAsync("octane_read_settings");
        await Expect(rows.Nth(1)).ToContainTextAsync("Accepted");
        await Expect(rows.Nth(2)).ToContainTextAsync("Host → app");
        await Expect(rows.Nth(2)).ToContainTextAsync("Sent");
        await Expect(rows.Nth(2).GetByLabel("Message")).ToHaveTextAsync($$"""
            {
              "event_name": "octane_settings",
              "shared_space": "1001",
              "workspace": "1002",
              "data": {
                "context": "inspected",
                "panel_id": "{{panelId}}",
                "settings": {}
              }
            }
            """.ReplaceLineEndings("\n"));

        var failures = await Axe.SeriousViolationsAsync(page, "the inspector with a launch");
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task ASignedInUserWithNoRoleInTheWorkspace_SeesNotFound_AndNothingOfIt()
    {
        var login = $"stranger-{Guid.NewGuid():N}@example.com";
        await app.AddUserWithRolesAsync(login, "Stranger-Password-1", homeSpace: 1001);
        var page = await app.SignedInPageAsync(chromium, login, "Stranger-Password-1");
        await Expect(page.GetByText("You have no role in any workspace yet.")).ToBeVisibleAsync();

        var response = await page.GotoAsync(Backlog);

        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        await Expect(page.GetByText("Single sign-on")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Toolbar)).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Grid_Backlog_ShowsTheDemoWorkItemsWithColumnsAndNameLinks()
    {
        var page = await BacklogAsync();

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Single sign-on", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Phase" })).ToBeVisibleAsync();
        Assert.True(await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() }).CountAsync() >= 20);
        var defect = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Reset link expires too early" });
        await Expect(defect).ToContainTextAsync("Defect");

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Filter" }).FillAsync("export");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Filter" }).PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Single sign-on", Exact = true })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Export to CSV", Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Export to CSV", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/1001/1002/feature/\\d+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Export to CSV", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Grid_NameWithMarkup_IsShownAsTextAndNeverRuns()
    {
        // The grid body is built as one block of markup on the server, so every value in it must be encoded.
        const string name = "<img src=x onerror=\"window.gridInjected=1\"> \"quoted\" & <b>bold</b>";
        var id = await app.CreateDefectAsync(name);
        var page = await BacklogAsync();

        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Filter" }).FillAsync("quoted");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "Filter" }).PressAsync("Enter");

        var link = page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true });
        // Relative to <base href>, so the link keeps a path base (Trellis:PathBase).
        await Expect(link).ToHaveAttributeAsync("href", $"1001/1002/defect/{id}");
        await Expect(Select(page, id)).ToBeVisibleAsync();
        Assert.Equal(0, await page.Locator("table.trellis-grid img, table.trellis-grid b").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.gridInjected === undefined"));
    }

    [Fact]
    public async Task Toolbar_SingleEntityButton_IsEnabledOnlyWithExactlyOneSelectedAndSaysWhy()
    {
        var page = await BacklogAsync();
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Open one", Exact = true });
        await Expect(button).ToBeDisabledAsync();
        await Expect(button).ToHaveAttributeAsync("title", "Select one item to use this action.");

        var feature = await IdOfAsync(page, "Single sign-on");
        await Select(page, feature).CheckAsync();
        await Expect(button).ToBeEnabledAsync();

        var story = await IdOfAsync(page, "Single sign-on: backend");
        await Select(page, story).CheckAsync();
        await Expect(button).ToBeDisabledAsync();
        await Expect(button).ToHaveAttributeAsync("title", "This action works on exactly one item; 2 are selected.");

        // Every selected entity must match in list view: a feature is not a defect.
        var defectsOnly = page.GetByRole(AriaRole.Button, new() { Name = "Defects only", Exact = true });
        await Expect(defectsOnly).ToBeDisabledAsync();
        await Expect(defectsOnly).ToHaveAttributeAsync("title", new Regex("applies only to Defect"));
        await Select(page, feature).UncheckAsync();
        await Select(page, story).UncheckAsync();
        await Select(page, await IdOfAsync(page, "Reset link expires too early")).CheckAsync();
        await Expect(defectsOnly).ToBeEnabledAsync();
    }

    [Fact]
    public async Task Dialog_AppSetsItsTitleThenClosesWithRefresh_TheGridReloads()
    {
        var page = await BacklogAsync();
        var story = await IdOfAsync(page, "Password reset: UI");
        await Select(page, story).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test dialog", Exact = true }).ClickAsync();

        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Test dialog" });
        await Expect(dialog).ToBeVisibleAsync();
        var frame = await page.AppFrameAsync("Test dialog");
        Assert.Contains($"ids={story}", frame.Url, StringComparison.Ordinal);
        await Expect(dialog.Locator("iframe")).ToHaveAttributeAsync("sandbox",
            "allow-scripts allow-same-origin allow-forms allow-popups allow-popups-to-escape-sandbox allow-downloads allow-modals");

        await frame.EvaluateAsync("() => app.post('octane_set_dialog_title', { dialog_id: app.id, title: '  Renamed by the app  ' })");
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Renamed by the app", Exact = true })).ToBeVisibleAsync();

        // Renamed behind the grid's back: only a refresh shows it.
        await RenameAsync(story, "Password reset: UI, renamed");
        var loads = await GridLoadsAsync(page);
        await frame.EvaluateAsync("() => app.post('octane_close_dialog', { dialog_id: app.id, refresh: true })");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Password reset: UI, renamed", Exact = true })).ToBeVisibleAsync();
        Assert.True(await GridLoadsAsync(page) > loads);

        var accepted = (await MessagesAsync()).Where(m => m.Action == "t_dialog" && m.Accepted).Select(m => m.EventName).ToList();
        Assert.Contains("octane_set_dialog_title", accepted);
        Assert.Contains("octane_close_dialog", accepted);
    }

    [Fact]
    public async Task Dialog_EscapeOrTheCloseButton_ClosesWithoutRefresh()
    {
        var page = await BacklogAsync();
        await Select(page, await IdOfAsync(page, "Export to CSV")).CheckAsync();
        var loads = await GridLoadsAsync(page);

        await page.GetByRole(AriaRole.Button, new() { Name = "Test dialog", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Test dialog" })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Quiet dialog", Exact = true }).ClickAsync();
        var quiet = page.GetByRole(AriaRole.Dialog, new() { Name = "Quiet dialog" });
        await Expect(quiet).ToHaveClassAsync(new Regex("trellis-dialog-medium"));
        await quiet.GetByRole(AriaRole.Button, new() { Name = "Close" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        Assert.Equal(loads, await GridLoadsAsync(page));
    }

    [Theory]
    [MemberData(nameof(ModuleRows))]
    public async Task Grid_EachModule_ListsItsDemoEntities(string module, string heading, string name)
    {
        await ConfigureAsync();
        var page = await app.SignedInPageAsync(chromium, path: $"/1001/1002/{module}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        Assert.True(await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() }).CountAsync() >= 3);
    }

    public static TheoryData<string, string, string> ModuleRows => new()
    {
        { "quality", "Quality", "Sign in with a valid password" },
        { "pipelines", "Pipelines", "main-build #100" },
        { "releases", "Releases", "Release 2.0" },
    };

    [Fact]
    public async Task Tab_WithEvents_KeepsItsOpenerWhoseMessagesRefreshTheGrid()
    {
        var page = await BacklogAsync();
        var defect = await IdOfAsync(page, "Export ignores the date filter");
        var popup = await page.Context.RunAndWaitForPageAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Events tab", Exact = true }).ClickAsync());
        await popup.WaitForFunctionAsync("() => window.app !== undefined");
        Assert.True(await popup.EvaluateAsync<bool>("() => window.opener !== null"));

        await RenameAsync(defect, "Export ignores the date filter, renamed");
        await popup.EvaluateAsync("() => app.post('octane_refresh_list', { entity_type: 'defect' })");

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Export ignores the date filter, renamed", Exact = true })).ToBeVisibleAsync();
        Assert.Contains(await MessagesAsync(), m => m.Action == "t_events_tab" && m.Accepted && m.EventName == "octane_refresh_list");
    }

    [Fact]
    public async Task SidePanel_EntityAddedAndRefreshEntity_ReloadTheGrid()
    {
        var page = await BacklogAsync();
        await Select(page, await IdOfAsync(page, "Single sign-on")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test panel", Exact = true }).ClickAsync();
        var frame = await page.AppFrameAsync("Test panel");

        var added = await app.CreateDefectAsync("Added behind the grid's back");
        await frame.EvaluateAsync($"() => app.post('octane_entity_was_added', {{ entity_type: 'defect', entity_id: '{added}' }})");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Added behind the grid's back", Exact = true })).ToBeVisibleAsync();

        var slow = await IdOfAsync(page, "Slow search on large workspaces");
        await RenameAsync(slow, "Slow search, refreshed");
        await frame.EvaluateAsync($"() => app.post('octane_refresh_entity', {{ entity_type: 'work_item', entity_ids: [{slow}] }})");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Slow search, refreshed", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "Test panel" })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Tab_WithoutEvents_OpensTheExpandedUrlWithNoOpener()
    {
        var page = await BacklogAsync();
        var defect = await IdOfAsync(page, "Login fails with a plus sign in the e-mail");
        await Select(page, defect).CheckAsync();

        var popup = await page.Context.RunAndWaitForPageAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Open one", Exact = true }).ClickAsync());
        var expected = $"{testApp.Origin}/app?name=Login%20fails%20with%20a%20plus%20sign%20in%20the%20e-mail&eid={defect}";
        // The tab's address is what the test is about: wait for it, not for a load state of the page it shows.
        await popup.WaitForURLAsync(expected, new() { WaitUntil = WaitUntilState.Commit });

        Assert.Equal(expected, popup.Url);
        Assert.True(await popup.EvaluateAsync<bool>("() => window.opener === null"));
    }

    [Fact]
    public async Task SidePanel_SelectionChange_UpdatesTheFragmentWithoutReloadingTheFrame()
    {
        var page = await BacklogAsync();
        var first = await IdOfAsync(page, "Single sign-on");
        var second = await IdOfAsync(page, "Scheduled reports");
        await Select(page, first).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test panel", Exact = true }).ClickAsync();

        var panel = page.GetByRole(AriaRole.Complementary, new() { Name = "Test panel" });
        await Expect(panel).ToBeVisibleAsync();
        var frame = await page.AppFrameAsync("Test panel");
        var loadId = await frame.EvaluateAsync<string>("() => app.loadId");
        Assert.EndsWith($"#ids={first}", frame.Url, StringComparison.Ordinal);

        await Select(page, second).CheckAsync();
        var panelFrame = page.FrameLocator("iframe[title='Test panel']");
        await Expect(panelFrame.Locator("#hash")).ToHaveTextAsync($"#ids={first},{second}");
        await Expect(panelFrame.Locator("#hash-changes")).ToHaveTextAsync("1");
        Assert.Equal(loadId, await frame.EvaluateAsync<string>("() => app.loadId"));
    }

    [Fact]
    public async Task SidePanel_SelectEntities_ChangesTheCheckedRows()
    {
        var page = await BacklogAsync();
        var first = await IdOfAsync(page, "Single sign-on");
        var a = await IdOfAsync(page, "Report totals off by one cent");
        var b = await IdOfAsync(page, "CSV export drops the last row");
        await Select(page, first).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test panel", Exact = true }).ClickAsync();
        var frame = await page.AppFrameAsync("Test panel");

        await frame.EvaluateAsync($"() => app.post('octane_select_entity', {{ entity_type: 'work_item', entity_ids: ['{a}', {b}, '999999'] }})");

        await Expect(Select(page, a)).ToBeCheckedAsync();
        await Expect(Select(page, b)).ToBeCheckedAsync();
        await Expect(Select(page, first)).Not.ToBeCheckedAsync();
    }

    [Fact]
    public async Task SidePanel_DisplayEntity_ResolvesTheAggregateAndOpensTheDetailsPage()
    {
        var page = await BacklogAsync();
        await Select(page, await IdOfAsync(page, "Single sign-on")).CheckAsync();
        var defect = await IdOfAsync(page, "Scheduled report sent twice");
        await page.GetByRole(AriaRole.Button, new() { Name = "Test panel", Exact = true }).ClickAsync();
        var frame = await page.AppFrameAsync("Test panel");

        await frame.EvaluateAsync($"() => app.post('octane_display_entity', {{ entity_type: 'work_item', entity_id: {defect} }})");

        await Expect(page).ToHaveURLAsync(new Regex($"/1001/1002/defect/{defect}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Scheduled report sent twice", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SidePanel_ReadSettings_RepliesToTheAppsOriginWithWhatItStored()
    {
        var page = await BacklogAsync();
        await Select(page, await IdOfAsync(page, "Single sign-on")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test panel", Exact = true }).ClickAsync();
        var frame = await page.AppFrameAsync("Test panel");

        await frame.EvaluateAsync("() => app.post('octane_update_settings', { context: 'board', panel_id: app.id, settings: { columns: 3 } })");
        await frame.EvaluateAsync("() => app.post('octane_read_settings', { context: 'board', panel_id: app.id })");

        await Expect(page.FrameLocator("iframe[title='Test panel']").Locator("#replies")).ToHaveTextAsync("1");
        var reply = await frame.EvaluateAsync<string>("() => JSON.stringify(app.received[0])");
        var hostOrigin = app.Address.GetLeftPart(UriPartial.Authority);
        var panelId = await frame.EvaluateAsync<string>("() => app.id");
        Assert.Equal(
            """{"origin":"HOST","data":{"event_name":"octane_settings","shared_space":"1001","workspace":"1002","data":{"context":"board","panel_id":"PANEL","settings":{"columns":3}}}}"""
                .Replace("HOST", hostOrigin, StringComparison.Ordinal).Replace("PANEL", panelId, StringComparison.Ordinal),
            reply);
    }

    [Fact]
    public async Task SpoofedMessages_ChangeNothingAndAreLoggedAsRejected()
    {
        var page = await BacklogAsync();
        await Select(page, await IdOfAsync(page, "Password reset")).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Test dialog", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Test dialog" });
        await Expect(dialog).ToBeVisibleAsync();
        var frame = await page.AppFrameAsync("Test dialog");
        var dialogId = await frame.EvaluateAsync<string>("() => app.id");
        var loads = await GridLoadsAsync(page);

        // A window that is not the launch's: the host page itself posting the dialog's own ids.
        await page.EvaluateAsync($"() => window.postMessage({{ event_name: 'octane_close_dialog', shared_space: '1001', workspace: '1002', data: {{ dialog_id: '{dialogId}', refresh: true }} }}, '*')");
        // The launch's window, but another dialog's id.
        await frame.EvaluateAsync("() => app.post('octane_close_dialog', { dialog_id: 'AAAAAAAAAAAAAAAAAAAAAA', refresh: true })");
        // The launch's window, but another workspace.
        await frame.EvaluateAsync("() => window.parent.postMessage({ event_name: 'octane_set_dialog_title', shared_space: '1001', workspace: '9999', data: { dialog_id: app.id, title: 'Hijacked' } }, '*')");

        await WaitForAsync(async () => (await RejectedAsync(dialogId)).Count >= 3);
        Assert.Equal(["source", "instance_id", "context"], (await RejectedAsync(dialogId)).Select(m => m.Reason));
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Test dialog", Exact = true })).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        // Events not allowed: a dialog without events: true may control itself but nothing else.
        await page.GetByRole(AriaRole.Button, new() { Name = "Quiet dialog", Exact = true }).ClickAsync();
        var quiet = await page.AppFrameAsync("Quiet dialog");
        var quietId = await quiet.EvaluateAsync<string>("() => app.id");
        await quiet.EvaluateAsync("() => app.post('octane_refresh_list', { entity_type: 'work_item' })");
        await WaitForAsync(async () => (await RejectedAsync(quietId)).Count >= 1);
        Assert.Equal("not_allowed", (await RejectedAsync(quietId))[0].Reason);
        Assert.Equal(loads, await GridLoadsAsync(page));
        Assert.Contains(app.Logs, line => line.Contains("rejected: source", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Details_RefreshWithUnsavedEdits_ShowsANoticeAndKeepsTheEdits()
    {
        var page = await BacklogAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Error page shows a stack trace", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Error page shows a stack trace", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        var name = page.GetByLabel("Name", new() { Exact = true });
        await name.FillAsync("Error page shows a stack trace (edited)");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Unsaved changes" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Test dialog", Exact = true }).ClickAsync();
        var frame = await page.AppFrameAsync("Test dialog");
        await frame.EvaluateAsync("() => app.post('octane_close_dialog', { dialog_id: app.id, refresh: true })");

        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "unsaved changes" })).ToBeVisibleAsync();
        await Expect(name).ToHaveValueAsync("Error page shows a stack trace (edited)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Error page shows a stack trace (edited)", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Answers_DoNotNameTheServerSoftware()
    {
        // Only a real Kestrel listener writes the header, so this is checked here rather than on the in-memory test server.
        using var client = await app.AdminRestClientAsync();
        using var response = await client.GetAsync(Backlog, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("Server"), string.Join(", ", response.Headers.Select(h => h.Key)));
    }

    [Fact]
    public async Task UiPages_FrameSourcePolicy_NamesSelfAndTheConfiguredOrigins()
    {
        await ConfigureAsync();
        using var client = await app.AdminRestClientAsync();
        using var response = await client.GetAsync(Backlog, TestContext.Current.CancellationToken);
        // One policy for the page, one header (a second value or a comma would make a second, weaker policy); its
        // frame-src directive names who may be framed.
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain(",", policy, StringComparison.Ordinal);
        var frameSources = policy.Split(';', StringSplitOptions.TrimEntries)
            .Single(d => d.StartsWith("frame-src ", StringComparison.Ordinal)).Split(' ').ToHashSet(StringComparer.Ordinal);
        Assert.True(frameSources.SetEquals(["frame-src", "'self'", app.BundleOrigin, testApp.Origin]), policy);
    }

    private async Task<IPage> BacklogAsync()
    {
        await ConfigureAsync();
        var page = await app.SignedInPageAsync(chromium, path: Backlog);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Backlog", Level = 1 })).ToBeVisibleAsync();
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() }).First).ToBeVisibleAsync();
        return page;
    }

    private Task ConfigureAsync() => app.StoreActionsOnceAsync(() =>
    {
        var origin = testApp.Origin;
        var json = $$$"""
            [
              {"name":"t_dialog","title":"Test dialog","entity_type":["work_item"],"views":["list","details"],"dialog":"small","events":true,
               "url":"{{{origin}}}/app?ss={shared_space}&ws={workspace}&id={dialog_id}&ids={entity_ids}"},
              {"name":"t_quiet","title":"Quiet dialog","entity_type":["work_item"],"views":["list"],"dialog":"medium",
               "url":"{{{origin}}}/app?ss={shared_space}&ws={workspace}&id={dialog_id}"},
              {"name":"t_single","title":"Open one","entity_type":["work_item"],"views":["list"],
               "url":"{{{origin}}}/app?name={entity.name}&eid={entity_id}"},
              {"name":"t_events_tab","title":"Events tab","entity_type":["work_item"],"views":["list"],"events":true,
               "url":"{{{origin}}}/app?ss={shared_space}&ws={workspace}"},
              {"name":"t_defects","title":"Defects only","entity_type":["defect"],"views":["list"],"url":"{{{origin}}}/app?ids={entity_ids}"},
              {"name":"t_panel","title":"Test panel","entity_type":["work_item"],"views":["list"],
               "url":"{{{origin}}}/app?ss={shared_space}&ws={workspace}&id={panel_id}#ids={entity_ids}","mode":{"name":"side_panel","modules":["backlog"]}}
            ]
            """;
        return json;
    });

    private static async Task<int> GridLoadsAsync(IPage page) =>
        int.Parse(await page.Locator("table.trellis-grid").GetAttributeAsync("data-loads") ?? "0", System.Globalization.CultureInfo.InvariantCulture);

    private Task RenameAsync(string id, string name) => app.WithDbAsync(async db =>
    {
        var row = db.Entities.Single(e => e.Id == long.Parse(id, System.Globalization.CultureInfo.InvariantCulture));
        row.Name = name;
        return await db.SaveChangesAsync();
    });

    private async Task<List<LaunchMessageEntry>> MessagesAsync() =>
        [.. (await app.Services.GetRequiredService<LaunchMessageLog>().ByLaunchAsync(1001, new LaunchMessageFilter(), TestContext.Current.CancellationToken)).SelectMany(g => g.Messages)];

    private async Task<List<LaunchMessageEntry>> RejectedAsync(string launchId) => [.. (await MessagesAsync()).Where(m => m.LaunchId == launchId && !m.Accepted && !m.FromHost)];

    // Messages cross the browser and the circuit; wait for the host to have judged them.
    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200 && !await condition(); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
        }

        Assert.True(await condition());
    }

    [GeneratedRegex("^Select \\d+$")]
    private static partial Regex SelectId();
}
