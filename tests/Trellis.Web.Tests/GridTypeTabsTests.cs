using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Trellis.Web.Tests.GridLocators;

namespace Trellis.Web.Tests;

/// <summary>
/// Every grid type a module lists (docs/reference/configuration-rules.md#entity-types), through Chromium: a tab per type whose pick lives in the address, each
/// type's rows and columns, the toolbar actions, chips and side panels that apply to it, and its context filter.
/// </summary>
public sealed class GridTypeTabsTests(UiApplication app, TestAppHost testApp, Chromium chromium)
    : IClassFixture<UiApplication>, IClassFixture<TestAppHost>
{
    [Fact]
    public async Task Tabs_Backlog_SwitchShowsTasksWithTheirColumnsAndTheAddressKeepsIt()
    {
        var page = await ModuleAsync("backlog");
        var tabs = page.GetByRole(AriaRole.Tablist, new() { Name = "Backlog grids" });
        await Expect(tabs.GetByRole(AriaRole.Tab)).ToHaveTextAsync(["Work items", "Tasks"]);
        await Expect(Tab(page, "Work items")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Story points" })).ToBeVisibleAsync();

        await Tab(page, "Tasks").ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("/1001/1002/backlog\\?type=task$"));
        await Expect(Tab(page, "Tasks")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Tab(page, "Work items")).ToHaveAttributeAsync("aria-selected", "false");
        await Expect(Link(page, "Write tests for Single sign-on: backend")).ToBeVisibleAsync();
        await Expect(Link(page, "Single sign-on")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Estimated hours" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Story" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Story points" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Tabpanel, new() { Name = "Tasks" })).ToBeVisibleAsync();

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(Tab(page, "Tasks")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Link(page, "Write tests for Password reset: backend")).ToBeVisibleAsync();

        // A task's row opens its details, whose way back is the tasks tab.
        await Link(page, "Write tests for Password reset: backend").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/1001/1002/task/\\d+$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Write tests for Password reset: backend", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Back to backlog" })).ToHaveAttributeAsync("href", "1001/1002/backlog?type=task");

        // The default type keeps the address it always had.
        await page.GotoAsync("/1001/1002/backlog?type=task");
        await page.WaitForInteractiveAsync();
        await Tab(page, "Work items").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/1001/1002/backlog$"));
        await Expect(Link(page, "Single sign-on")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Tabs_Switch_ClearsTheSelectionAndTheFilter()
    {
        var page = await ModuleAsync("backlog");
        var filter = page.GetByRole(AriaRole.Searchbox, new() { Name = "Filter" });
        await filter.FillAsync("sign");
        await filter.PressAsync("Enter");
        await Expect(Link(page, "Export to CSV")).ToHaveCountAsync(0);
        await Select(page, await IdOfAsync(page, "Single sign-on")).CheckAsync();
        await Expect(page.GetByText("1 selected", new() { Exact = true })).ToBeVisibleAsync();

        await Tab(page, "Tasks").ClickAsync();
        await Expect(Link(page, "Write tests for Password reset: backend")).ToBeVisibleAsync();
        await Expect(filter).ToHaveValueAsync("");
        await Expect(page.GetByText("1 selected", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(page.Locator("table.trellis-grid tbody input:checked")).ToHaveCountAsync(0);

        await Tab(page, "Work items").ClickAsync();
        await Expect(Link(page, "Export to CSV")).ToBeVisibleAsync();
        await Expect(page.Locator("table.trellis-grid tbody input:checked")).ToHaveCountAsync(0);

        // The keyboard moves between tabs as the tabs pattern asks, and the pick follows focus.
        await Tab(page, "Work items").FocusAsync();
        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(Tab(page, "Tasks")).ToHaveAttributeAsync("aria-selected", "true");
        await Expect(Tab(page, "Tasks")).ToBeFocusedAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/1001/1002/backlog\\?type=task$"));
        await page.Keyboard.PressAsync("Home");
        await Expect(Tab(page, "Work items")).ToBeFocusedAsync();
        await Expect(Link(page, "Export to CSV")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Toolbar_SprintAction_AppearsOnlyOnTheSprintsTabAndLaunchesWithItsTypeAndIds()
    {
        var page = await ModuleAsync("releases");
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Sprint dialog", Exact = true });
        await Expect(Link(page, "Release 2.0")).ToBeVisibleAsync();
        await Expect(button).ToHaveCountAsync(0);

        await Tab(page, "Sprints").ClickAsync();
        await Expect(Link(page, "Sprint 2.1")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Release" })).ToBeVisibleAsync();
        await Expect(button).ToBeEnabledAsync();

        // Nothing selected: {entity_type} is the grid's type and {entity_ids} is empty.
        await button.ClickAsync();
        var frame = await page.AppFrameAsync("Sprint dialog");
        Assert.Contains("&type=sprint&ids=&", frame.Url, StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Escape");
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        var first = await IdOfAsync(page, "Sprint 2.1");
        var second = await IdOfAsync(page, "Sprint 3.2");
        await Select(page, first).CheckAsync();
        await Select(page, second).CheckAsync();
        await button.ClickAsync();
        frame = await page.AppFrameAsync("Sprint dialog");
        Assert.Contains($"&type=sprint&ids={first},{second}&", frame.Url, StringComparison.Ordinal);
        await page.Keyboard.PressAsync("Escape");

        await Tab(page, "Teams").ClickAsync();
        await Expect(Link(page, "Team Phoenix")).ToBeVisibleAsync();
        await Expect(button).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Aviator_AChipsLaunch_ShowsInTheInspectorWithItsPromptInsteadOfAUrl()
    {
        var page = await ModuleAsync("pipelines");
        await Tab(page, "Pipelines").ClickAsync();
        var aviator = page.GetByRole(AriaRole.Region, new() { Name = "Aviator" });
        await aviator.GetByRole(AriaRole.Button, new() { Name = "Explain pipeline", Exact = true }).ClickAsync();
        await Expect(aviator.GetByLabel("Prompt and context")).ToBeVisibleAsync();

        await page.GotoAsync("/1001/settings/messages");
        await page.WaitForInteractiveAsync();
        await page.GetByLabel("Action").SelectOptionAsync("t_pipeline_chip");
        var context = page.GetByRole(AriaRole.Region, new() { NameRegex = new Regex("^Launch ") }).First.Locator("dl");
        await Expect(context.Locator("dt:text-is('Mode') + dd")).ToHaveTextAsync("aviator_chat");
        await Expect(context.Locator("dt:text-is('Prompt') + dd")).ToContainTextAsync("Explain what these pipelines build.");
        await Expect(context.Locator("dt:text-is('URL')")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Aviator_PipelineChip_AppearsOnlyOnThePipelinesTab()
    {
        var page = await ModuleAsync("pipelines");
        var chip = page.GetByRole(AriaRole.Region, new() { Name = "Aviator" }).GetByRole(AriaRole.Button, new() { Name = "Explain pipeline", Exact = true });
        await Expect(Link(page, "main-build #100")).ToBeVisibleAsync();
        await Expect(chip).ToHaveCountAsync(0);

        await Tab(page, "Pipelines").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/1001/1002/pipelines\\?type=pipeline$"));
        await Expect(Link(page, "nightly-regression")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Columnheader, new() { Name = "Last run status" })).ToBeVisibleAsync();
        await Expect(chip).ToBeVisibleAsync();
        await Expect(chip).ToBeEnabledAsync();

        await Tab(page, "Pipeline runs").ClickAsync();
        await Expect(Link(page, "main-build #100")).ToBeVisibleAsync();
        await Expect(chip).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SidePanel_OnProductAreasInQuality_FollowsTheSelectionAndStaysOpenAcrossASwitch()
    {
        var page = await ModuleAsync("quality");
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Modules panel", Exact = true });
        await Expect(page.GetByRole(AriaRole.Tablist, new() { Name = "Quality grids" }).GetByRole(AriaRole.Tab)).ToHaveTextAsync(["Tests", "Runs", "Product areas"]);
        await Expect(toggle).ToHaveCountAsync(0);

        await Tab(page, "Product areas").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/1001/1002/quality\\?type=product_area$"));
        var billing = await IdOfAsync(page, "Billing");
        var reporting = await IdOfAsync(page, "Reporting");
        await Select(page, billing).CheckAsync();
        await toggle.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "Modules panel" })).ToBeVisibleAsync();
        var frame = await page.AppFrameAsync("Modules panel");
        Assert.EndsWith($"#ids={billing}&type=product_area", frame.Url, StringComparison.Ordinal);
        var loadId = await frame.EvaluateAsync<string>("() => app.loadId");

        var panelFrame = page.FrameLocator("iframe[title='Modules panel']");
        await Select(page, reporting).CheckAsync();
        await Expect(panelFrame.Locator("#hash")).ToHaveTextAsync($"#ids={billing},{reporting}&type=product_area");

        // Side panels are per module: the panel stays, and its fragment follows the new tab's empty selection.
        await Tab(page, "Tests").ClickAsync();
        await Expect(Link(page, "AuthenticationTests.SignIn")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "Modules panel" })).ToBeVisibleAsync();
        await Expect(panelFrame.Locator("#hash")).ToHaveTextAsync("#ids=&type=test");
        await Expect(panelFrame.Locator("#hash-changes")).ToHaveTextAsync("2");
        Assert.Equal(loadId, await frame.EvaluateAsync<string>("() => app.loadId"));

        // An app's select event acts on the grid shown: product areas are not on the tests tab.
        await frame.EvaluateAsync($"() => app.post('octane_select_entity', {{ entity_type: 'product_area', entity_ids: ['{billing}'] }})");
        var test = await IdOfAsync(page, "AuthenticationTests.SignIn");
        await frame.EvaluateAsync($"() => app.post('octane_select_entity', {{ entity_type: 'test', entity_ids: ['{test}'] }})");
        await Expect(Select(page, test)).ToBeCheckedAsync();
        await Expect(page.Locator("table.trellis-grid tbody input:checked")).ToHaveCountAsync(1);

        // Product areas open their details like any row.
        await Tab(page, "Product areas").ClickAsync();
        await Link(page, "Billing").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/1001/1002/product_area/{billing}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Billing", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ContextFilter_PerType_NarrowsTasksAndSprintsAndLeavesTeamsAlone()
    {
        var page = await ModuleAsync("backlog");
        var release = page.GetByRole(AriaRole.Combobox, new() { Name = "Release", Exact = true });
        await release.SelectOptionAsync(new SelectOptionValue { Label = "Release 2.0" });
        var sprint = page.GetByRole(AriaRole.Combobox, new() { Name = "Sprint", Exact = true });
        await sprint.SelectOptionAsync(new SelectOptionValue { Label = "Sprint 2.2" });
        await Expect(Link(page, "Single sign-on: backend")).ToHaveCountAsync(0);

        // Tasks follow their story's release and sprint; the picks stay in the address beside the type.
        await Tab(page, "Tasks").ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/1001/1002/backlog\\?release=\\d+&sprint=\\d+&type=task$"));
        await Expect(Link(page, "Write tests for Single sign-on: UI")).ToBeVisibleAsync();
        await Expect(Link(page, "Write tests for Single sign-on: backend")).ToHaveCountAsync(0);
        await release.SelectOptionAsync(new SelectOptionValue { Label = "Release 1.0" });
        await Expect(page.GetByText("No items", new() { Exact = true })).ToBeVisibleAsync();

        // Sprints narrow by release; teams have no context filter at all.
        page = await ModuleAsync("releases");
        await page.GetByRole(AriaRole.Combobox, new() { Name = "Release", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Release 3.0" });
        await Tab(page, "Sprints").ClickAsync();
        await Expect(Link(page, "Sprint 3.1")).ToBeVisibleAsync();
        await Expect(Link(page, "Sprint 2.1")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Tabpanel, new() { Name = "Sprints" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Milestone", Exact = true })).ToHaveCountAsync(0);
        await Tab(page, "Teams").ClickAsync();
        await Expect(Link(page, "Team Atlas")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Context filter" })).ToHaveCountAsync(0);
    }

    private static ILocator Tab(IPage page, string name) => page.GetByRole(AriaRole.Tab, new() { Name = name, Exact = true });

    private async Task<IPage> ModuleAsync(string module)
    {
        await ConfigureAsync();
        var page = await app.SignedInPageAsync(chromium, path: $"/1001/1002/{module}");
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { NameRegex = new Regex("^Select \\d+$") }).First).ToBeVisibleAsync();
        return page;
    }

    private Task ConfigureAsync() => app.StoreActionsOnceAsync(() =>
    {
        var origin = testApp.Origin;
        var json = $$$"""
            [
              {"name":"t_sprint_dialog","title":"Sprint dialog","entity_type":["sprint"],"views":["list"],"dialog":"small",
               "url":"{{{origin}}}/app?ss={shared_space}&ws={workspace}&id={dialog_id}&type={entity_type}&ids={entity_ids}&q={query}"},
              {"name":"t_pipeline_chip","title":"Explain pipeline","entity_type":["pipeline"],"views":["list"],
               "mode":{"name":"aviator_chat","prompt":"Explain what these pipelines build."}},
              {"name":"t_modules_panel","title":"Modules panel","entity_type":["product_area"],"views":["list"],
               "url":"{{{origin}}}/app?ss={shared_space}&ws={workspace}&id={panel_id}#ids={entity_ids}&type={entity_type}",
               "mode":{"name":"side_panel","modules":["quality"]}}
            ]
            """;
        return json;
    });
}
