using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Trellis.Web.Tests.GridLocators;

namespace Trellis.Web.Tests;

/// <summary>
/// The module context filters through Chromium (docs/reference/launches.md#url-tokens <c>{context_*}</c>): a pick narrows the grid, is kept in
/// the address across a reload, and reaches the URL of a launch from that view.
/// </summary>
public sealed class ContextFilterTests(UiApplication app, TestAppHost testApp, Chromium chromium)
    : IClassFixture<UiApplication>, IClassFixture<TestAppHost>
{

    [Fact]
    public async Task Backlog_PickReleaseThenSprint_NarrowsTheGridAndSurvivesAReload()
    {
        var page = await ModuleAsync("backlog");
        var release = page.GetByRole(AriaRole.Combobox, new() { Name = "Release", Exact = true });
        var sprint = page.GetByRole(AriaRole.Combobox, new() { Name = "Sprint", Exact = true });
        await Expect(sprint).ToBeDisabledAsync();

        await release.SelectOptionAsync(new SelectOptionValue { Label = "Release 1.0" });
        await Expect(Link(page, "Single sign-on")).ToHaveCountAsync(0);
        await Expect(Link(page, "Login fails with a plus sign in the e-mail")).ToBeVisibleAsync();
        await Expect(Link(page, "CSV export drops the last row")).ToHaveCountAsync(0);

        await release.SelectOptionAsync(new SelectOptionValue { Label = "Release 2.0" });
        await Expect(Link(page, "Single sign-on")).ToBeVisibleAsync();
        await Expect(Link(page, "Login fails with a plus sign in the e-mail")).ToHaveCountAsync(0);
        await Expect(sprint).ToBeEnabledAsync();
        await Expect(sprint.Locator("option")).ToHaveTextAsync(["All sprints", "Sprint 2.1", "Sprint 2.2"]);

        await sprint.SelectOptionAsync(new SelectOptionValue { Label = "Sprint 2.2" });
        await Expect(Link(page, "Single sign-on: UI")).ToBeVisibleAsync();
        await Expect(Link(page, "Single sign-on: backend")).ToHaveCountAsync(0);
        await Expect(Link(page, "Single sign-on")).ToHaveCountAsync(0);
        var releaseId = await release.InputValueAsync();
        var sprintId = await sprint.InputValueAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/1001/1002/backlog\\?release={releaseId}&sprint={sprintId}$"));

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Release", Exact = true })).ToHaveValueAsync(releaseId);
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Sprint", Exact = true })).ToHaveValueAsync(sprintId);
        await Expect(Link(page, "Single sign-on: UI")).ToBeVisibleAsync();
        await Expect(Link(page, "Single sign-on: backend")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Dialog_FromAFilteredBacklog_OpensWithTheContextIdsAndTheNarrowedQuery()
    {
        var page = await ModuleAsync("backlog");
        var release = page.GetByRole(AriaRole.Combobox, new() { Name = "Release", Exact = true });
        await release.SelectOptionAsync(new SelectOptionValue { Label = "Release 2.0" });
        await Expect(Link(page, "Login fails with a plus sign in the e-mail")).ToHaveCountAsync(0);
        var releaseId = await release.InputValueAsync();
        var sprint = page.GetByRole(AriaRole.Combobox, new() { Name = "Sprint", Exact = true });
        await sprint.SelectOptionAsync(new SelectOptionValue { Label = "Sprint 2.1" });
        var sprintId = await sprint.InputValueAsync();
        await Expect(Link(page, "Single sign-on: UI")).ToHaveCountAsync(0);

        await page.GetByRole(AriaRole.Button, new() { Name = "Context dialog", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Context dialog" })).ToBeVisibleAsync();
        var frame = await page.AppFrameAsync("Context dialog");

        var query = new Uri(frame.Url).Query;
        Assert.Contains($"release={releaseId}&sprint={sprintId}&milestone=&", query, StringComparison.Ordinal);
        Assert.Contains($"q=%22release%20EQ%20%7Bid%20EQ%20{releaseId}%7D%3Bsprint%20EQ%20%7Bid%20EQ%20{sprintId}%7D%22", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SidePanel_NewReleasePicked_ReloadsTheFrameWithTheWholeUrlRebuilt()
    {
        var page = await ModuleAsync("backlog");
        await page.GetByRole(AriaRole.Button, new() { Name = "Context panel", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "Context panel" })).ToBeVisibleAsync();
        var frame = await page.AppFrameAsync("Context panel");
        Assert.Contains("&release=#", frame.Url, StringComparison.Ordinal);
        var loadId = await frame.EvaluateAsync<string>("() => app.loadId");

        var release = page.GetByRole(AriaRole.Combobox, new() { Name = "Release", Exact = true });
        await release.SelectOptionAsync(new SelectOptionValue { Label = "Release 2.0" });
        var releaseId = await release.InputValueAsync();

        // Not a fragment move: the part before # changed, so the app loads again (docs/reference/launches.md#fragment-rule).
        await Expect(page.Locator("iframe[title='Context panel']")).ToHaveAttributeAsync("src", new Regex($"&release={releaseId}#ids=$"));
        var reloaded = await page.AppFrameAsync("Context panel");
        await reloaded.WaitForFunctionAsync("old => app.loadId !== old", loadId);
        Assert.Equal("0", await reloaded.EvaluateAsync<string>("() => String(app.hashChanges)"));
    }

    [Fact]
    public async Task Quality_PickRelease_ShowsTheTestsCoveringItsBacklog()
    {
        var page = await ModuleAsync("quality");
        await Expect(Link(page, "AuthenticationTests.SignIn")).ToBeVisibleAsync();
        var release = page.GetByRole(AriaRole.Combobox, new() { Name = "Release", Exact = true });

        await release.SelectOptionAsync(new SelectOptionValue { Label = "Release 2.0" });
        await Expect(Link(page, "AuthenticationTests.SignIn")).ToHaveCountAsync(0);
        await Expect(Link(page, "Sign in with a valid password")).ToBeVisibleAsync();

        await release.SelectOptionAsync(new SelectOptionValue { Label = "Release 1.0" });
        await Expect(Link(page, "Sign in with a valid password")).ToHaveCountAsync(0);
        await Expect(page.GetByText("No items", new() { Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Releases_PickRelease_ShowsThatReleaseAndItsMilestones()
    {
        var page = await ModuleAsync("releases");
        await Expect(Link(page, "Release 1.0")).ToBeVisibleAsync();
        var milestone = page.GetByRole(AriaRole.Combobox, new() { Name = "Milestone", Exact = true });
        await Expect(milestone).ToBeDisabledAsync();

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Release", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Release 2.0" });
        await Expect(Link(page, "Release 1.0")).ToHaveCountAsync(0);
        await Expect(Link(page, "Release 2.0")).ToBeVisibleAsync();
        await Expect(milestone.Locator("option")).ToHaveTextAsync(["All milestones", "Beta"]);
        await milestone.SelectOptionAsync(new SelectOptionValue { Label = "Beta" });
        await Expect(page).ToHaveURLAsync(new Regex(@"\?release=\d+&milestone=\d+$"));
    }

    [Fact]
    public async Task Pipelines_PickPipelineThenRun_NarrowsTheRuns()
    {
        var page = await ModuleAsync("pipelines");
        await Expect(Link(page, "nightly-regression #101")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Combobox, new() { Name = "Pipeline", Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "main-build" });
        await Expect(Link(page, "nightly-regression #101")).ToHaveCountAsync(0);
        await Expect(Link(page, "main-build #100")).ToBeVisibleAsync();
        await Expect(Link(page, "main-build #102")).ToBeVisibleAsync();

        var run = page.GetByRole(AriaRole.Combobox, new() { Name = "Run", Exact = true });
        await run.SelectOptionAsync(new SelectOptionValue { Label = "main-build #102" });
        await Expect(Link(page, "main-build #100")).ToHaveCountAsync(0);
        await Expect(Link(page, "main-build #102")).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new Regex(@"\?pipeline=\d+&run=\d+$"));
    }

    private async Task<IPage> ModuleAsync(string module)
    {
        await ConfigureAsync();
        var page = await app.SignedInPageAsync(chromium, path: $"/1001/1002/{module}");
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = module == "pipelines" ? "Pipeline" : "Release", Exact = true }).Locator("option")).Not.ToHaveCountAsync(1);
        return page;
    }

    private Task ConfigureAsync() => app.StoreActionsOnceAsync(() =>
    {
        var json = $$$"""
            [
              {"name":"t_context","title":"Context dialog","entity_type":["work_item"],"views":["list"],"dialog":"small",
               "url":"{{{testApp.Origin}}}/app?ss={shared_space}&ws={workspace}&id={dialog_id}&release={context_release}&sprint={context_sprint}&milestone={context_milestone}&q={query}"},
              {"name":"t_context_panel","title":"Context panel","entity_type":["work_item"],"views":["list"],
               "url":"{{{testApp.Origin}}}/app?ss={shared_space}&ws={workspace}&id={panel_id}&release={context_release}#ids={entity_ids}",
               "mode":{"name":"side_panel","modules":["backlog"]}}
            ]
            """;
        return json;
    });
}
