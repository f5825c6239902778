using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Trellis.Web.Tests.GridLocators;

namespace Trellis.Web.Tests;

/// <summary>
/// The team backlog through Chromium (docs/ui.md#team-backlog): the backlog of the team picked in its context filter, the
/// team kept in the address, and the external actions whose <c>mode.modules</c> list <c>team_backlog</c> shown there.
/// </summary>
public sealed partial class TeamBacklogTests(UiApplication app, TestAppHost testApp, Chromium chromium)
    : IClassFixture<UiApplication>, IClassFixture<TestAppHost>
{
    private const string TeamBacklog = "/1001/1002/team_backlog";

    [Fact]
    public async Task PickATeam_ListsOnlyItsItems_AndAReloadKeepsTheTeam()
    {
        await ConfigureAsync();
        var page = await app.SignedInPageAsync(chromium, path: "/1001/1002/backlog");
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Modules" }).GetByRole(AriaRole.Link, new() { Name = "Team Backlog", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{TeamBacklog}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Team Backlog", Level = 1 })).ToBeVisibleAsync();
        // Until a team is picked the page says so and lists nothing.
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Pick a team to see its backlog." })).ToBeVisibleAsync();
        await Expect(Link(page, "Single sign-on")).ToHaveCountAsync(0);

        var team = Team(page);
        await Expect(team.Locator("option")).ToHaveTextAsync(["Pick a team", "Team Phoenix", "Team Atlas"]);
        await team.SelectOptionAsync(new SelectOptionValue { Label = "Team Phoenix" });
        await Expect(Link(page, "Single sign-on")).ToBeVisibleAsync();
        await Expect(Link(page, "Login fails with a plus sign in the e-mail")).ToBeVisibleAsync();
        await Expect(Link(page, "Password reset")).ToHaveCountAsync(0);
        await Expect(Link(page, "Reset link expires too early")).ToHaveCountAsync(0);
        var phoenix = await team.InputValueAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{TeamBacklog}\\?team={phoenix}$"));

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(Team(page)).ToHaveValueAsync(phoenix);
        await Expect(Link(page, "Single sign-on")).ToBeVisibleAsync();
        await Expect(Link(page, "Password reset")).ToHaveCountAsync(0);

        // Another team, and its tasks tab: each lists only that team's items (tasks through their stories).
        await Team(page).SelectOptionAsync(new SelectOptionValue { Label = "Team Atlas" });
        await Expect(Link(page, "Password reset")).ToBeVisibleAsync();
        await Expect(Link(page, "Single sign-on")).ToHaveCountAsync(0);
        var atlas = await Team(page).InputValueAsync();
        await page.GetByRole(AriaRole.Tablist, new() { Name = "Team Backlog grids" }).GetByRole(AriaRole.Tab, new() { Name = "Tasks", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{TeamBacklog}\\?team={atlas}&type=task$"));
        await Expect(Link(page, "Write tests for Password reset: backend")).ToBeVisibleAsync();
        await Expect(Link(page, "Write tests for Single sign-on: backend")).ToHaveCountAsync(0);

        // The backlog itself is not narrowed by the team backlog's pick.
        await page.GotoAsync("/1001/1002/backlog");
        await page.WaitForInteractiveAsync();
        await Expect(Link(page, "Single sign-on")).ToBeVisibleAsync();
        await Expect(Link(page, "Password reset")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task SidePanel_ListingTeamBacklog_AppearsThere_AndNotInTheBacklog()
    {
        var page = await TeamPickedAsync("Team Phoenix");
        var button = page.GetByRole(AriaRole.Button, new() { Name = "Team panel", Exact = true });
        await Expect(button).ToBeVisibleAsync();
        await Select(page, await IdOfAsync(page, "Single sign-on")).CheckAsync();
        await button.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Complementary, new() { Name = "Team panel" })).ToBeVisibleAsync();
        var frame = await page.AppFrameAsync("Team panel");
        Assert.Contains("module=team_backlog", frame.Url, StringComparison.Ordinal);

        await page.GotoAsync("/1001/1002/backlog");
        await page.WaitForInteractiveAsync();
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Backlog panel", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Team panel", Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task ToolbarDialog_LaunchesFromTheTeamBacklog_WithTheSelectionAndTheTeamsQuery()
    {
        var page = await TeamPickedAsync("Team Atlas");
        var teamId = await Team(page).InputValueAsync();
        var item = await IdOfAsync(page, "Password reset");
        await Select(page, item).CheckAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Team dialog", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Team dialog" })).ToBeVisibleAsync();
        var frame = await page.AppFrameAsync("Team dialog");

        var query = new Uri(frame.Url).Query;
        Assert.Contains($"ids={item}&", query, StringComparison.Ordinal);
        Assert.Contains($"q=%22team%20EQ%20%7Bid%20EQ%20{teamId}%7D%22", query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppBar_WithTheTeamBacklogLink_NeverOverflows_AndFoldsIntoTheMenuBeforeItWould()
    {
        var page = await app.SignedInPageAsync(chromium, path: TeamBacklog);
        var modules = page.GetByRole(AriaRole.Navigation, new() { Name = "Modules" });
        var menuButton = page.GetByRole(AriaRole.Button, new() { Name = "Menu", Exact = true });
        foreach (var width in new[] { 1700, 1600, 1440, 1181, 1180, 1024, 800 })
        {
            await page.SetViewportSizeAsync(width, 800);
            // The space admin's bar is the fullest: every module, the settings buttons and the user menu.
            var bar = await page.EvaluateAsync<int[]>(
                "() => { const bar = document.querySelector('.mud-appbar .mud-toolbar'); return [bar.scrollWidth, bar.clientWidth]; }");
            Assert.True(bar[0] <= bar[1], $"At {width} px the app bar holds {bar[0]} px of content in {bar[1]} px.");
            // Nor does any of its words break onto a second line ("Team / Backlog" did at 1,440 px).
            var wrapped = await page.EvaluateAsync<string[]>("""
                () => {
                    const walker = document.createTreeWalker(document.querySelector('.mud-appbar'), NodeFilter.SHOW_TEXT);
                    const wrapped = [];
                    for (let node; (node = walker.nextNode());) {
                        const range = document.createRange();
                        range.selectNodeContents(node);
                        if (node.textContent.trim() && [...range.getClientRects()].filter(r => r.width > 0).length > 1) wrapped.push(node.textContent.trim());
                    }
                    return wrapped;
                }
                """);
            Assert.True(wrapped.Length == 0, $"At {width} px the app bar wraps {string.Join(", ", wrapped)}.");
            if (width > 1180)
            {
                await Expect(modules.GetByRole(AriaRole.Link, new() { Name = "Team Backlog", Exact = true })).ToBeVisibleAsync();
                await Expect(menuButton).ToBeHiddenAsync();
            }
            else
            {
                await Expect(modules.GetByRole(AriaRole.Link, new() { Name = "Team Backlog", Exact = true })).ToBeHiddenAsync();
                await menuButton.ClickAsync();
                await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Menu", Exact = true }).GetByRole(AriaRole.Link, new() { Name = "Team Backlog", Exact = true })).ToBeVisibleAsync();
                await menuButton.ClickAsync();
            }
        }
    }

    private static ILocator Team(IPage page) => page.GetByRole(AriaRole.Combobox, new() { Name = "Team", Exact = true });

    private async Task<IPage> TeamPickedAsync(string team)
    {
        await ConfigureAsync();
        var page = await app.SignedInPageAsync(chromium, path: TeamBacklog);
        await Expect(Team(page).Locator("option")).Not.ToHaveCountAsync(1);
        await Team(page).SelectOptionAsync(new SelectOptionValue { Label = team });
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() }).First).ToBeVisibleAsync();
        return page;
    }

    private Task ConfigureAsync() => app.StoreActionsOnceAsync(() =>
    {
        var origin = testApp.Origin;
        return $$$"""
            [
              {"name":"t_team_dialog","title":"Team dialog","entity_type":["work_item"],"views":["list"],"dialog":"small",
               "url":"{{{origin}}}/app?id={dialog_id}&ids={entity_ids}&q={query}"},
              {"name":"t_team_panel","title":"Team panel","entity_type":["work_item"],"views":["list"],
               "url":"{{{origin}}}/app?id={panel_id}&module=team_backlog#ids={entity_ids}","mode":{"name":"side_panel","modules":["team_backlog"]}},
              {"name":"t_backlog_panel","title":"Backlog panel","entity_type":["work_item"],"views":["list"],
               "url":"{{{origin}}}/app?id={panel_id}#ids={entity_ids}","mode":{"name":"side_panel","modules":["backlog"]}}
            ]
            """;
    });

    [GeneratedRegex(@"^Select \d+$")]
    private static partial Regex SelectId();
}
