using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Trellis.Server.IntegrationTests;
using static Microsoft.Playwright.Assertions;
using static Trellis.Web.Tests.GridLocators;

namespace Trellis.Web.Tests;

/// <summary>
/// The simple fields of a grid edited in place with the keyboard, through Chromium: phases (the workflow's moves), people
/// and list nodes chosen in a picker, numbers, yes/no and dates typed; Enter or F2 opens, Enter saves, Escape cancels,
/// the status line confirms, a conflict shows both versions, and a viewer is offered no editor.
/// </summary>
public sealed class GridEditingTests(UiApplication app, Chromium chromium) : IClassFixture<UiApplication>
{
    private const string Api = "/api/shared_spaces/1001/workspaces/1002";

    [Fact]
    public async Task PickerCells_PhaseOwnerAndPriority_AreChosenByKeyboard_SavedAuditedAndConfirmed()
    {
        var id = await CreateAsync("defects", new JsonObject { ["name"] = "Picked in the grid" });
        var page = await GridAsync($"/1001/1002/backlog?filter={id}");
        var status = page.Locator("p.trellis-cell-status");

        // Enter on the cell: the phase picker offers the moves of the defect workflow from New, the suggested one first.
        await EditableCell(page, id, "Phase").PressAsync("Enter");
        var phase = page.GetByRole(AriaRole.Combobox, new() { Name = $"Phase of {id}", Exact = true });
        await Expect(phase).ToBeFocusedAsync();
        var phases = page.GetByRole(AriaRole.Listbox, new() { Name = $"Phase of {id} choices" });
        await Expect(phases.GetByRole(AriaRole.Option)).ToHaveTextAsync(["Opened", "Duplicate", "Rejected", "Deferred"]);
        await phase.PressAsync("Enter");
        await Expect(status).ToHaveTextAsync($"Saved Phase of {id}: Opened.");
        await Expect(Value(page, id, "Phase")).ToHaveTextAsync("Opened");
        await Expect(EditableCell(page, id, "Phase")).ToBeFocusedAsync();
        Assert.Equal("Opened", (await ReadAsync("defects", id, "phase"))["phase"]!["name"]!.GetValue<string>());

        // F2 opens the owner's picker; people are found by name.
        await EditableCell(page, id, "Owner").PressAsync("F2");
        var owner = page.GetByRole(AriaRole.Combobox, new() { Name = $"Owner of {id}", Exact = true });
        await Expect(owner).ToBeFocusedAsync();
        await owner.FillAsync("kell");
        await Expect(page.GetByRole(AriaRole.Listbox, new() { Name = $"Owner of {id} choices" }).GetByRole(AriaRole.Option)).ToHaveTextAsync(["Bruno Keller"]);
        await owner.PressAsync("Enter");
        await Expect(status).ToHaveTextAsync($"Saved Owner of {id}: Bruno Keller.");
        await Expect(Value(page, id, "Owner")).ToHaveTextAsync("Bruno Keller");
        await Expect(EditableCell(page, id, "Owner")).ToBeFocusedAsync();
        Assert.Equal("bruno.keller@trellis.local", (await ReadAsync("defects", id, "owner"))["owner"]!["name"]!.GetValue<string>());

        // A list node, with the arrows.
        await EditableCell(page, id, "Priority").PressAsync("Enter");
        var priority = page.GetByRole(AriaRole.Combobox, new() { Name = $"Priority of {id}", Exact = true });
        // One input event, so one search: a later answer to a shorter prefix cannot move the active option back.
        await priority.FillAsync("high");
        var priorities = page.GetByRole(AriaRole.Listbox, new() { Name = $"Priority of {id} choices" });
        await Expect(priorities.GetByRole(AriaRole.Option)).ToHaveTextAsync(["Very High", "High"]);
        await priority.PressAsync("ArrowDown");
        // The circuit has moved the active option before Enter chooses it.
        await Expect(priorities.GetByRole(AriaRole.Option, new() { Name = "High", Exact = true })).ToHaveAttributeAsync("aria-selected", "true");
        await priority.PressAsync("Enter");
        await Expect(status).ToHaveTextAsync($"Saved Priority of {id}: High.");
        Assert.Equal("High", (await ReadAsync("defects", id, "priority"))["priority"]!["name"]!.GetValue<string>());

        // The same audit record as a REST update, once per save.
        var updates = await app.WithDbAsync(db => db.AuditLog.CountAsync(a => a.Action == "entity.update" && a.Target == $"defect/{id}", TestContext.Current.CancellationToken));
        Assert.Equal(3, updates);
    }

    [Fact]
    public async Task TypedCells_NumberAndYesNo_AreSavedWithEnter_AndEscapeCancels()
    {
        var id = await CreateAsync("stories", new JsonObject { ["name"] = "Typed in the grid" });
        var page = await GridAsync($"/1001/1002/backlog?filter={id}");
        var status = page.Locator("p.trellis-cell-status");
        var edit = EditableCell(page, id, "Story points");

        await edit.PressAsync("Enter");
        var points = page.GetByRole(AriaRole.Textbox, new() { Name = $"Story points of {id}", Exact = true });
        await Expect(points).ToBeFocusedAsync();
        await points.FillAsync("lots");
        await points.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Story points must be a whole number." })).ToBeVisibleAsync();
        await points.FillAsync("8");
        await points.PressAsync("Enter");
        await Expect(status).ToHaveTextAsync($"Saved Story points of {id}: 8 pts.");
        await Expect(Value(page, id, "Story points")).ToHaveTextAsync("8 pts");
        Assert.Equal(8, (await ReadAsync("stories", id, "story_points"))["story_points"]!.GetValue<long>());

        // Escape leaves the stored value alone and gives the focus back to the cell.
        await edit.PressAsync("F2");
        await points.FillAsync("13");
        await points.PressAsync("Escape");
        await Expect(points).ToHaveCountAsync(0);
        await Expect(edit).ToBeFocusedAsync();
        await Expect(Value(page, id, "Story points")).ToHaveTextAsync("8 pts");
        Assert.Equal(8, (await ReadAsync("stories", id, "story_points"))["story_points"]!.GetValue<long>());

        await EditableCell(page, id, "Blocked").PressAsync("Enter");
        var blocked = page.GetByRole(AriaRole.Checkbox, new() { Name = $"Blocked of {id}", Exact = true });
        await Expect(blocked).ToBeFocusedAsync();
        await blocked.PressAsync("Space");
        await blocked.PressAsync("Enter");
        await Expect(status).ToHaveTextAsync($"Saved Blocked of {id}: Yes.");
        await Expect(Value(page, id, "Blocked")).ToHaveTextAsync("Yes");
        Assert.True((await ReadAsync("stories", id, "blocked"))["blocked"]!.GetValue<bool>());
    }

    [Fact]
    public async Task EditableCells_AreOneTabStop_TheArrowsMoveBetweenThem_AndEnterEditsTheFocusedOne()
    {
        var first = await CreateAsync("stories", new JsonObject { ["name"] = "Roving focus one" });
        var second = await CreateAsync("stories", new JsonObject { ["name"] = "Roving focus two" });
        var page = await GridAsync("/1001/1002/backlog?filter=Roving%20focus&sort=id");
        var grid = page.GetByRole(AriaRole.Grid);
        var stops = grid.Locator("td.trellis-cell-editable[tabindex='0']");
        // No control inside an editable cell: the cell is the control.
        await Expect(grid.Locator("td.trellis-cell-editable button")).ToHaveCountAsync(0);
        await Expect(stops).ToHaveCountAsync(1);

        // Tab from the first row's checkbox passes its link and Rename button and lands on its first editable cell.
        await Select(page, first).FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await page.Keyboard.PressAsync("Tab");
        await Expect(EditableCell(page, first, "Phase")).ToBeFocusedAsync();

        await page.Keyboard.PressAsync("ArrowRight");
        await Expect(EditableCell(page, first, "Owner")).ToBeFocusedAsync();
        await Expect(stops).ToHaveCountAsync(1);
        await Expect(stops).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex($"^Owner of {first}: "));
        await page.Keyboard.PressAsync("End");
        await Expect(EditableCell(page, first, "Blocked")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(EditableCell(page, second, "Blocked")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Home");
        await Expect(EditableCell(page, second, "Phase")).ToBeFocusedAsync();
        // At the grid's edge the focus stays.
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(EditableCell(page, second, "Phase")).ToBeFocusedAsync();

        // Enter edits the focused cell; Escape gives the focus back to it, still the grid's one tab stop.
        await page.Keyboard.PressAsync("Enter");
        var phase = page.GetByRole(AriaRole.Combobox, new() { Name = $"Phase of {second}", Exact = true });
        await Expect(phase).ToBeFocusedAsync();
        await phase.PressAsync("Escape");
        await Expect(EditableCell(page, second, "Phase")).ToBeFocusedAsync();
        await Expect(stops).ToHaveCountAsync(1);
        await Expect(stops).ToHaveAttributeAsync("aria-label", new System.Text.RegularExpressions.Regex($"^Phase of {second}: "));
    }

    [Fact]
    public async Task DateCell_IsTypedAsADay_AndSaved()
    {
        var id = await CreateAsync("releases", new JsonObject
        {
            ["name"] = "Dated in the grid", ["start_date"] = "2026-03-01T00:00:00Z", ["end_date"] = "2026-06-30T00:00:00Z",
        });
        var page = await GridAsync($"/1001/1002/releases?filter={id}");
        await Expect(Value(page, id, "Start date")).ToHaveTextAsync("2026-03-01");

        await EditableCell(page, id, "Start date").PressAsync("Enter");
        var start = page.GetByLabel($"Start date of {id}", new() { Exact = true });
        await Expect(start).ToBeFocusedAsync();
        await Expect(start).ToHaveAttributeAsync("type", "date");
        await start.FillAsync("2026-04-01");
        await start.PressAsync("Enter");
        await Expect(page.Locator("p.trellis-cell-status")).ToHaveTextAsync($"Saved Start date of {id}: 2026-04-01.");
        await Expect(Value(page, id, "Start date")).ToHaveTextAsync("2026-04-01");
        Assert.Equal("2026-04-01T00:00:00Z", (await ReadAsync("releases", id, "start_date"))["start_date"]!.GetValue<string>());
    }

    [Fact]
    public async Task CellConflict_ShowsBothVersions_AndKeepMineSavesOverTheirs()
    {
        var id = await CreateAsync("stories", new JsonObject { ["name"] = "Edited on two sides", ["story_points"] = 1 });
        var page = await GridAsync($"/1001/1002/backlog?filter={id}");

        await EditableCell(page, id, "Story points").PressAsync("Enter");
        var points = page.GetByRole(AriaRole.Textbox, new() { Name = $"Story points of {id}", Exact = true });
        await Expect(points).ToHaveValueAsync("1");
        await UpdateAsync("stories", id, new JsonObject { ["story_points"] = 3 });
        await points.FillAsync("5");
        await points.PressAsync("Enter");

        var conflict = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Someone else changed" });
        await Expect(conflict).ToContainTextAsync($"Someone else changed Story points of {id} while you were editing it. Nothing was saved.");
        await Expect(conflict).ToContainTextAsync("Your version: 5 pts · Their version: 3 pts");
        Assert.Equal(3, (await ReadAsync("stories", id, "story_points"))["story_points"]!.GetValue<long>());

        await conflict.GetByRole(AriaRole.Button, new() { Name = "Keep mine", Exact = true }).ClickAsync();
        await Expect(page.Locator("p.trellis-cell-status")).ToHaveTextAsync($"Saved Story points of {id}: 5 pts.");
        Assert.Equal(5, (await ReadAsync("stories", id, "story_points"))["story_points"]!.GetValue<long>());
    }

    [Fact]
    public async Task OpenCellEditor_AxeFindsNoSeriousOrCriticalViolation()
    {
        var id = await CreateAsync("defects", new JsonObject { ["name"] = "Checked by axe in the grid" });
        var page = await chromium.NewPageAsync(app.Address);
        await Axe.AddToAsync(page);
        await SignInAsync(page, TrellisApplication.AdminLogin, TrellisApplication.AdminPassword, $"/1001/1002/backlog?filter={id}");
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();

        await EditableCell(page, id, "Owner").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Listbox, new() { Name = $"Owner of {id} choices" })).ToBeVisibleAsync();
        var failures = await Axe.SeriousViolationsAsync(page, "backlog with a cell editor");
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        // The circuit has switched the palette too (the toggle shows the same render), not only the page's class.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Dark theme", Exact = true })).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("html")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("trellis-dark"));
        failures.AddRange(await Axe.SeriousViolationsAsync(page, "backlog with a cell editor, dark"));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    [Fact]
    public async Task Viewer_IsOfferedNoCellEditor()
    {
        var id = await CreateAsync("defects", new JsonObject { ["name"] = "Only looked at" });
        const string login = "grid-viewer@example.com";
        const string password = "Viewer-Password-1";
        await app.AddUserAsync(login, password, "viewer");
        var page = await chromium.NewPageAsync(app.Address);
        await SignInAsync(page, login, password, $"/1001/1002/backlog?filter={id}");
        var grid = page.Locator("table.trellis-grid[data-ready='true']");
        await Expect(grid.GetByRole(AriaRole.Link, new() { Name = "Only looked at", Exact = true })).ToBeVisibleAsync();

        await Expect(grid.GetByRole(AriaRole.Button, new() { NameRegex = new System.Text.RegularExpressions.Regex("^(Edit|Rename) ") })).ToHaveCountAsync(0);
        await Cell(page, id, "Phase").ClickAsync();
        await Expect(page.Locator(".trellis-cell-editor")).ToHaveCountAsync(0);
        await Expect(grid.Locator("td.trellis-cell-editable")).ToHaveCountAsync(0);
        // Nothing to move between: a plain table, with no tab stop in its cells.
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Backlog" })).ToBeVisibleAsync();
        await Expect(grid.Locator("td[tabindex]")).ToHaveCountAsync(0);
    }

    // The cell of the row with this id under the column with this header.
    private static ILocator Cell(IPage page, string id, string column) =>
        page.Locator("table.trellis-grid").Locator($"xpath=.//tr[td/input[@data-row-id='{id}']]/td[count(../../../thead/tr/th[normalize-space(.)='{column}' or starts-with(normalize-space(.), '{column} ')]/preceding-sibling::th) + 1]");

    // The text an editable cell shows (its ✎ is drawn by CSS, not text).
    private static ILocator Value(IPage page, string id, string column) => Cell(page, id, column);

    private async Task<IPage> GridAsync(string path)
    {
        var page = await app.SignedInPageAsync(chromium, path: path);
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        return page;
    }

    private static async Task SignInAsync(IPage page, string login, string password, string path)
    {
        await page.GotoAsync(path);
        await page.GetByLabel("Login").FillAsync(login);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.WaitForInteractiveAsync();
    }

    private async Task<string> CreateAsync(string collection, JsonObject item)
    {
        using var client = await app.AdminRestClientAsync();
        using var response = await client.PostAsJsonAsync($"{Api}/{collection}", new JsonObject { ["data"] = new JsonArray(item) }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken);
        return created!["data"]![0]!["id"]!.GetValue<string>();
    }

    private async Task UpdateAsync(string collection, string id, JsonObject changes)
    {
        using var client = await app.AdminRestClientAsync();
        using var response = await client.PutAsJsonAsync($"{Api}/{collection}/{id}", changes, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonObject> ReadAsync(string collection, string id, string fields)
    {
        using var client = await app.AdminRestClientAsync();
        return (await client.GetFromJsonAsync<JsonObject>($"{Api}/{collection}/{id}?fields={fields}", TestContext.Current.CancellationToken))!;
    }
}
