using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// The workspace as a team uses it every day, through Chromium: the details page shows and keeps what is stored, edits
/// are never lost without a question, a launch that cannot open is a notice and not a dead page, and Aviator without a
/// model tells members only what to do.
/// </summary>
public sealed partial class DailyUseTests(UiApplication app, Chromium chromium) : IClassFixture<UiApplication>
{
    private const string Backlog = "/1001/1002/backlog";

    [Fact]
    public async Task Details_ShowTheStoredDescription_AndASaveOfTheNameKeepsIt()
    {
        var id = await app.CreateDefectAsync("Totals differ after import", "<p>Open the report.</p><p>Totals differ &amp; rounding is off.</p>");
        var page = await DetailsAsync(id, "Totals differ after import");
        var description = page.GetByRole(AriaRole.Textbox, new() { Name = "Description", Exact = true });
        await Expect(description.Locator("p")).ToHaveTextAsync(["Open the report.", "Totals differ & rounding is off."]);

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Totals differ after CSV import");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Totals differ after CSV import", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal("<p>Open the report.</p><p>Totals differ &amp; rounding is off.</p>", await DescriptionAsync(id));

        // Typed text stays text: the stored HTML has it encoded.
        await description.FillAsync("Totals differ <by one cent>.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved" })).ToBeVisibleAsync();
        Assert.Contains("Totals differ &lt;by one cent&gt;.", await DescriptionAsync(id), StringComparison.Ordinal);
        await Expect(description).ToHaveTextAsync("Totals differ <by one cent>.");
    }

    [Fact]
    public async Task Details_UnsavedEdits_AskBeforeLeavingForAnotherPage()
    {
        var id = await app.CreateDefectAsync("Leaving asks first", null);
        var page = await DetailsAsync(id, "Leaving asks first");
        var back = page.GetByRole(AriaRole.Link, new() { Name = "Back to backlog", Exact = true });

        var name = page.GetByLabel("Name", new() { Exact = true });
        await name.FillAsync("Leaving asks first (edited)");
        await back.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Stay", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stay", Exact = true })).ToHaveCountAsync(0);
        await Expect(page).ToHaveURLAsync(new Regex($"/1001/1002/defect/{id}$"));
        await Expect(name).ToHaveValueAsync("Leaving asks first (edited)");

        await back.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Leave", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{Backlog}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Backlog", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal("Leaving asks first", await NameAsync(id));

        // Without edits nothing asks.
        await page.GotoAsync($"/1001/1002/defect/{id}");
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to backlog", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Backlog", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Details_UnsavedEdits_MakeClosingTheTabAskFirst()
    {
        var id = await app.CreateDefectAsync("Closing asks first", null);
        var page = await DetailsAsync(id, "Closing asks first");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Closing asks first (edited)");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Unsaved changes" })).ToBeVisibleAsync();
        // The page arms the prompt just after it renders the edit: a synthetic beforeunload tells when (it shows no prompt).
        await page.WaitForFunctionAsync("() => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; }");

        var prompted = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Dialog += async (_, dialog) =>
        {
            await dialog.DismissAsync();
            prompted.TrySetResult(dialog.Type);
        };
        await page.CloseAsync(new() { RunBeforeUnload = true });
        Assert.Equal("beforeunload", await prompted.Task.WaitAsync(TimeSpan.FromMilliseconds(Chromium.Wait), TestContext.Current.CancellationToken));

        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Closing asks first (edited)");
    }

    [Fact]
    public async Task Launch_UrlWithPlaceholders_ShowsANoticeNamingTheActionAndThePageKeepsWorking()
    {
        var page = await BacklogAsync();
        var grid = page.Locator("table.trellis-grid");

        await page.GetByRole(AriaRole.Button, new() { Name = "Placeholder tab", Exact = true }).ClickAsync();
        var notice = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Placeholder tab:" });
        await Expect(notice).ToContainTextAsync("\"<appUrl>:<appPort>\" is not a valid host name or port");

        await page.GetByRole(AriaRole.Button, new() { Name = "Placeholder dialog", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Placeholder dialog:" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        // The circuit lives on: the grid still answers a click.
        var first = page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() }).First;
        await first.CheckAsync();
        await Expect(first).ToBeCheckedAsync();
        await Expect(grid).ToBeVisibleAsync();
        await Expect(page.Locator(".trellis-selection-count")).ToContainTextAsync("1 selected");
    }

    [Fact]
    public async Task Aviator_WithoutAModel_MembersSeeAShortNoticeAndNoInternals()
    {
        await ConfigureAsync();
        const string login = "aviator-member@example.com";
        const string password = "Member-Password-1";
        await app.AddUserAsync(login, password, "member");
        var page = await app.SignedInPageAsync(chromium, login, password, Backlog);
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() }).First.CheckAsync();

        var aviator = page.GetByRole(AriaRole.Region, new() { Name = "Aviator", Exact = true });
        await aviator.GetByRole(AriaRole.Button, new() { Name = "Explain", Exact = true }).ClickAsync();
        await Expect(aviator.GetByRole(AriaRole.Status)).ToHaveTextAsync("Aviator is not set up on this server; ask your administrator.");
        await Expect(aviator).Not.ToContainTextAsync("appsettings");
        await Expect(aviator.GetByLabel("System message")).ToHaveCountAsync(0);
        await Expect(aviator.GetByLabel("Prompt and context")).ToHaveCountAsync(0);

        await aviator.GetByRole(AriaRole.Button, new() { Name = "Dismiss", Exact = true }).ClickAsync();
        await Expect(aviator.GetByRole(AriaRole.Group, new() { Name = "Aviator answer" })).ToHaveCountAsync(0);
        await Expect(aviator.GetByRole(AriaRole.Button, new() { Name = "Explain", Exact = true })).ToBeEnabledAsync();
    }

    [Fact]
    public async Task Aviator_WithoutAModel_SiteAdminsSeeTheRequestAndTheSetUpAndCanDismissThem()
    {
        var page = await BacklogAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() }).First.CheckAsync();

        var aviator = page.GetByRole(AriaRole.Region, new() { Name = "Aviator", Exact = true });
        await aviator.GetByRole(AriaRole.Button, new() { Name = "Explain", Exact = true }).ClickAsync();
        await Expect(aviator.GetByLabel("Prompt and context")).ToBeVisibleAsync();
        await Expect(aviator).ToContainTextAsync("Trellis:Aviator:Provider");

        await aviator.GetByRole(AriaRole.Button, new() { Name = "Dismiss", Exact = true }).ClickAsync();
        await Expect(aviator.GetByRole(AriaRole.Group, new() { Name = "Aviator answer" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Grid_FilterSortPageAndPageSize_LiveInTheAddress_SoReloadAndBackKeepThem()
    {
        await CreateDefectsAsync("Paging item", 30);
        var page = await BacklogAsync();
        var filter = page.GetByRole(AriaRole.Searchbox, new() { Name = "Filter" });
        var pager = page.GetByRole(AriaRole.Navigation, new() { Name = "Pages" });

        await filter.FillAsync("Paging item");
        await filter.PressAsync("Enter");
        await Expect(page).ToHaveURLAsync(new Regex("filter=Paging(%20|\\+)item"));
        await Expect(pager).ToContainTextAsync("1–30 of 30");

        await page.GetByRole(AriaRole.Columnheader).Filter(new() { HasText = "Name" }).GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=name"));
        await page.GetByRole(AriaRole.Columnheader).Filter(new() { HasText = "Name" }).GetByRole(AriaRole.Button).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("sort=-name"));
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = PagingItem() }).First).ToHaveTextAsync("Paging item 9");

        await page.GetByLabel("Rows per page").SelectOptionAsync("25");
        await Expect(page).ToHaveURLAsync(new Regex("rows=25"));
        await page.GetByRole(AriaRole.Button, new() { Name = "Next", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("page=2"));
        await Expect(pager).ToContainTextAsync("26–30 of 30");

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(pager).ToContainTextAsync("26–30 of 30");
        await Expect(filter).ToHaveValueAsync("Paging item");
        await Expect(page.GetByRole(AriaRole.Link, new() { NameRegex = PagingItem() }).Last).ToHaveTextAsync("Paging item 1");

        await page.GoBackAsync();
        await Expect(pager).ToContainTextAsync("1–25 of 30");
        await page.GoBackAsync();
        await Expect(pager).ToContainTextAsync("1–30 of 30");
        await page.GoBackAsync();
        await page.GoBackAsync();
        await page.GoBackAsync();
        await Expect(filter).ToHaveValueAsync("");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Single sign-on", Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Grid_Filter_TellsAQueryErrorANameWithNoMatchAndFindsAnItemByItsId()
    {
        var id = await app.CreateDefectAsync("Found by its id", null);
        var page = await BacklogAsync();
        var filter = page.GetByRole(AriaRole.Searchbox, new() { Name = "Filter" });

        await filter.FillAsync("phase EQ {id EQ 1001");
        await filter.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "The filter is not a valid query" })).ToContainTextAsync("column 10");

        await filter.FillAsync("no such name anywhere");
        await filter.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "No name contains" })).ToHaveTextAsync("No name contains “no such name anywhere”.");
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "not a valid query" })).ToHaveCountAsync(0);

        await filter.FillAsync(id);
        await filter.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Found by its id", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { NameRegex = SelectId() })).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Create_NewInTheBacklog_TakesTheTypeAndTheContextsPicks_AndShowsTheNewItemSelected()
    {
        var page = await BacklogAsync();
        var release = page.GetByRole(AriaRole.Combobox, new() { Name = "Release", Exact = true });
        await release.SelectOptionAsync(new SelectOptionValue { Label = "Release 2.0" });
        var sprint = page.GetByRole(AriaRole.Combobox, new() { Name = "Sprint", Exact = true });
        await Expect(sprint).ToBeEnabledAsync();
        await sprint.SelectOptionAsync(new SelectOptionValue { Label = "Sprint 2.2" });
        var (releaseId, sprintId) = (await release.InputValueAsync(), await sprint.InputValueAsync());

        await page.GetByRole(AriaRole.Button, new() { Name = "New", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New work item" });
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(dialog.GetByLabel("Name", new() { Exact = true })).ToBeFocusedAsync();
        await Expect(dialog).ToContainTextAsync("release, sprint become the new item's");
        await page.Keyboard.TypeAsync("Crash when the export is empty");
        await dialog.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "Defect" });
        await dialog.GetByLabel("Name", new() { Exact = true }).PressAsync("Enter");

        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        var link = page.GetByRole(AriaRole.Link, new() { Name = "Crash when the export is empty", Exact = true });
        await Expect(link).ToBeVisibleAsync();
        var href = await link.GetAttributeAsync("href");
        // Links are relative to the page's base, so Trellis also runs under a path (docs/deployment.md).
        Assert.Matches(new Regex("^1001/1002/defect/\\d+$"), href);
        var id = href![(href!.LastIndexOf('/') + 1)..];
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {id}", Exact = true })).ToBeCheckedAsync();
        await Expect(page.Locator(".trellis-selection-count")).ToHaveTextAsync("1 selected");
        await Expect(page.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("Crash when the export is empty");

        using var client = await app.AdminRestClientAsync();
        var stored = (await client.GetFromJsonAsync<JsonObject>($"/api/shared_spaces/1001/workspaces/1002/defects/{id}?fields=name,release,sprint,phase",
            TestContext.Current.CancellationToken))!;
        Assert.Equal(releaseId, stored["release"]!["id"]!.GetValue<string>());
        Assert.Equal(sprintId, stored["sprint"]!["id"]!.GetValue<string>());
        Assert.NotNull(stored["phase"]);
    }

    [Fact]
    public async Task Create_AsAViewer_ShowsTheRefusalAndCreatesNothing()
    {
        await ConfigureAsync();
        const string login = "create-viewer@example.com";
        const string password = "Viewer-Password-1";
        await app.AddUserAsync(login, password, "viewer");
        var page = await app.SignedInPageAsync(chromium, login, password, "/1001/1002/releases");
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "New release" });
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync("Release by a viewer");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Create", Exact = true }).ClickAsync();

        await Expect(dialog.GetByRole(AriaRole.Alert)).ToHaveTextAsync("A viewer may read this workspace but not change it.");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Release by a viewer", Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Grid_DatesAtMidnight_ShowTheDayWithoutAFakeTime()
    {
        await ConfigureAsync();
        var page = await app.SignedInPageAsync(chromium, path: "/1001/1002/releases");
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        var release = page.GetByRole(AriaRole.Row).Filter(new() { Has = page.GetByRole(AriaRole.Link, new() { Name = "Release 2.0", Exact = true }) });

        await Expect(release.GetByRole(AriaRole.Gridcell).Nth(3)).ToHaveTextAsync(new Regex("^\\d{4}-\\d{2}-\\d{2}$"));
        await Expect(release.GetByRole(AriaRole.Gridcell).Nth(4)).ToHaveTextAsync(new Regex("^\\d{4}-\\d{2}-\\d{2}$"));
    }

    [Fact]
    public async Task Comments_OnTheDetailsPage_AreListedAndAddedThroughTheEntityWriter()
    {
        var id = await app.CreateDefectAsync("Commented defect", null);
        await app.AdminCommentsAsync(id, "<p>Seen on Firefox too.</p>");

        var page = await DetailsAsync(id, "Commented defect");
        var list = page.GetByRole(AriaRole.List, new() { Name = "Comments" });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Comments (1)", Level = 2 })).ToBeVisibleAsync();
        await Expect(list.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(1);
        await Expect(list.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("Seen on Firefox too.");

        var box = page.GetByLabel("Add a comment", new() { Exact = true });
        await box.FillAsync("Fixed by <b>clearing</b> the cache.\nCheck again after the release.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Comments (2)", Level = 2 })).ToBeVisibleAsync();
        await Expect(list.GetByRole(AriaRole.Listitem).Last).ToContainTextAsync("Fixed by <b>clearing</b> the cache.");
        await Expect(box).ToHaveValueAsync("");
        using var reader = await app.AdminRestClientAsync();
        var stored = (await reader.GetFromJsonAsync<JsonObject>(
            $"/api/shared_spaces/1001/workspaces/1002/comments?fields=text,author&query=%22owner_work_item%20EQ%20%7Bid%20EQ%20{id}%7D%22&order_by=id",
            TestContext.Current.CancellationToken))!;
        Assert.Equal(2, stored["total_count"]!.GetValue<int>());
        Assert.Equal("<p>Fixed by &lt;b&gt;clearing&lt;/b&gt; the cache.</p><p>Check again after the release.</p>", stored["data"]![1]!["text"]!.GetValue<string>());
        Assert.NotNull(stored["data"]![1]!["author"]);
    }

    private async Task<IPage> BacklogAsync()
    {
        await ConfigureAsync();
        var page = await app.SignedInPageAsync(chromium, path: Backlog);
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        return page;
    }

    private async Task<IPage> DetailsAsync(string id, string name)
    {
        await ConfigureAsync();
        var page = await app.SignedInPageAsync(chromium, path: $"/1001/1002/defect/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    // Placeholders pasted as written: the validator warns (XA1514) but stores them, as Octane does.
    private Task ConfigureAsync() => app.StoreActionsOnceAsync(() => """
        [
          {"name":"t_placeholder_tab","title":"Placeholder tab","entity_type":["work_item"],"views":["list"],
           "url":"http://<appUrl>:<appPort>/app?ids={entity_ids}"},
          {"name":"t_placeholder_dialog","title":"Placeholder dialog","entity_type":["work_item"],"views":["list"],"dialog":"small",
           "url":"http://<appUrl>:<appPort>/dialog"}
        ]
        """);

    private async Task CreateDefectsAsync(string prefix, int count)
    {
        using var client = await app.AdminRestClientAsync();
        using var response = await client.PostAsJsonAsync("/api/shared_spaces/1001/workspaces/1002/defects",
            new { data = Enumerable.Range(1, count).Select(i => new { name = $"{prefix} {i}" }).ToArray() }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<JsonObject> DefectAsync(string id)
    {
        using var client = await app.AdminRestClientAsync();
        return (await client.GetFromJsonAsync<JsonObject>($"/api/shared_spaces/1001/workspaces/1002/defects/{id}?fields=name,description",
            TestContext.Current.CancellationToken))!;
    }

    private async Task<string?> DescriptionAsync(string id) => (await DefectAsync(id))["description"]?.GetValue<string>();

    private async Task<string?> NameAsync(string id) => (await DefectAsync(id))["name"]?.GetValue<string>();

    [GeneratedRegex("^Paging item \\d+$")]
    private static partial Regex PagingItem();

    [GeneratedRegex("^Select \\d+$")]
    private static partial Regex SelectId();
}
