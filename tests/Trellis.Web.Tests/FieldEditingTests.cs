using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// Every field of a details page edited with the control of its type, through Chromium: reference pickers that search,
/// numbers, dates, booleans, multi-references and rich text, the saved confirmation, a conflict shown with both
/// versions, people by name, units, and the theme.
/// </summary>
public sealed partial class FieldEditingTests(UiApplication app, Chromium chromium) : IClassFixture<UiApplication>
{
    private const string Api = "/api/shared_spaces/1001/workspaces/1002";

    [Fact]
    public async Task ReferencePicker_SearchesPeopleByName_AndTheChoiceIsSavedAndConfirmed()
    {
        var id = await app.CreateDefectAsync("Owner picked by name");
        var page = await DetailsAsync(id, "Owner picked by name");

        var owner = page.GetByRole(AriaRole.Combobox, new() { Name = "Owner", Exact = true });
        await owner.FillAsync("kell");
        var choices = page.GetByRole(AriaRole.Listbox, new() { Name = "Owner choices" });
        await Expect(choices.GetByRole(AriaRole.Option)).ToHaveTextAsync(["Bruno Keller"]);
        await Expect(owner).ToHaveAttributeAsync("aria-expanded", "true");
        await choices.GetByRole(AriaRole.Option, new() { Name = "Bruno Keller" }).ClickAsync();
        await Expect(owner).ToHaveValueAsync("Bruno Keller");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Unsaved changes" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedText() })).ToBeVisibleAsync();
        var stored = await DefectAsync(id, "owner");
        Assert.Equal("bruno.keller@trellis.local", stored["owner"]!["name"]!.GetValue<string>());
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Owner", Exact = true })).ToHaveValueAsync("Bruno Keller");
    }

    [Fact]
    public async Task ReferencePicker_KeyboardChoosesARelease_ShownAsALinkToItsDetails()
    {
        var id = await app.CreateDefectAsync("Release picked by keyboard");
        var page = await DetailsAsync(id, "Release picked by keyboard");

        var release = page.GetByRole(AriaRole.Combobox, new() { Name = "Release", Exact = true });
        await release.FillAsync("2.0");
        var choices = page.GetByRole(AriaRole.Listbox, new() { Name = "Release choices" });
        await Expect(choices.GetByRole(AriaRole.Option)).ToHaveTextAsync(["Release 2.0"]);
        await release.PressAsync("ArrowDown");
        await release.PressAsync("Enter");
        await Expect(choices).ToHaveCountAsync(0);
        await Expect(release).ToHaveValueAsync("Release 2.0");
        // Enter chose; it did not submit the form.
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Unsaved changes" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedText() })).ToBeVisibleAsync();
        var releaseId = (await DefectAsync(id, "release"))["release"]!["id"]!.GetValue<string>();

        await page.GetByRole(AriaRole.Link, new() { Name = "Open Release 2.0", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/1001/1002/release/{releaseId}$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Release 2.0", Level = 1 })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task NumberDateAndBoolean_AreSavedWithTheirTypes()
    {
        var id = await app.CreateDefectAsync("Typed fields");
        var page = await DetailsAsync(id, "Typed fields");

        await page.GetByLabel("Story points", new() { Exact = true }).FillAsync("5");
        await page.GetByLabel("Estimated hours", new() { Exact = true }).FillAsync("2.5");
        await page.GetByLabel("Closed on (UTC)", new() { Exact = true }).FillAsync("2026-03-01T09:30");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = "Blocked", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedText() })).ToBeVisibleAsync();

        var stored = await DefectAsync(id, "story_points,estimated_hours,closed_on,blocked");
        Assert.Equal(5, stored["story_points"]!.GetValue<long>());
        Assert.Equal(2.5, stored["estimated_hours"]!.GetValue<double>());
        Assert.Equal("2026-03-01T09:30:00Z", stored["closed_on"]!.GetValue<string>());
        Assert.True(stored["blocked"]!.GetValue<bool>());
        await Expect(page.GetByLabel("Story points", new() { Exact = true })).ToHaveValueAsync("5");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "Blocked", Exact = true })).ToBeCheckedAsync();

        // A number that is not one is named, and nothing is saved.
        await page.GetByLabel("Story points", new() { Exact = true }).FillAsync("1e");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByText("Story points must be a whole number.").First).ToBeVisibleAsync();
        Assert.Equal(5, (await DefectAsync(id, "story_points"))["story_points"]!.GetValue<long>());
    }

    [Fact]
    public async Task MultiReference_AddsAndRemovesListNodes()
    {
        var id = await app.CreateDefectAsync("Seen on several environments");
        var page = await DetailsAsync(id, "Seen on several environments");

        var environment = page.GetByRole(AriaRole.Combobox, new() { Name = "Environment", Exact = true });
        var choices = page.GetByRole(AriaRole.Listbox, new() { Name = "Environment choices" });
        await environment.FillAsync("lin");
        await choices.GetByRole(AriaRole.Option, new() { Name = "Linux", Exact = true }).ClickAsync();
        await environment.FillAsync("chr");
        await choices.GetByRole(AriaRole.Option, new() { Name = "Chrome", Exact = true }).ClickAsync();
        await environment.FillAsync("fire");
        await choices.GetByRole(AriaRole.Option, new() { Name = "Firefox", Exact = true }).ClickAsync();
        var chosen = page.GetByRole(AriaRole.List, new() { Name = "Environment: chosen" });
        await Expect(chosen.GetByRole(AriaRole.Listitem)).ToHaveTextAsync([new Regex("Linux"), new Regex("Chrome"), new Regex("Firefox")]);
        await page.GetByRole(AriaRole.Button, new() { Name = "Remove Chrome from Environment", Exact = true }).ClickAsync();
        await Expect(chosen.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(2);

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedText() })).ToBeVisibleAsync();
        var stored = (await DefectAsync(id, "environment"))["environment"]!["data"]!.AsArray().Select(n => n!["name"]!.GetValue<string>()).ToList();
        Assert.Equal(["Firefox", "Linux"], stored.Order());
    }

    [Fact]
    public async Task RichText_IsRenderedSafely_AndFormattingIsStoredAsHtml()
    {
        var id = await app.CreateDefectAsync("Rich description", "<p>Open the <em>report</em>.</p><img src=\"x\" onerror=\"window.__xss=1\"><script>window.__xss=2</script>");
        var page = await DetailsAsync(id, "Rich description");

        var description = page.GetByRole(AriaRole.Textbox, new() { Name = "Description", Exact = true });
        await Expect(description.Locator("em")).ToHaveTextAsync("report");
        Assert.Equal(0, await description.Locator("script, [onerror]").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__xss === undefined"));

        await description.FillAsync("Steps to reproduce");
        await description.PressAsync("End");
        await page.GetByRole(AriaRole.Toolbar, new() { Name = "Description formatting" }).GetByRole(AriaRole.Button, new() { Name = "Bold", Exact = true }).ClickAsync();
        // The command runs in the browser after a round trip to the server: type once the box is in bold.
        await page.WaitForFunctionAsync("() => document.queryCommandState('bold')");
        await description.PressSequentiallyAsync(" always");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedText() })).ToBeVisibleAsync();

        var stored = (await DefectAsync(id, "description"))["description"]!.GetValue<string>();
        Assert.Matches("Steps to reproduce<b> always</b>|Steps to reproduce <b>always</b>", stored.Replace("&nbsp;", " ", StringComparison.Ordinal));
        Assert.DoesNotContain("script", stored, StringComparison.OrdinalIgnoreCase);
        await Expect(description.Locator("b")).ToContainTextAsync("always");
    }

    [Fact]
    public async Task Viewer_SeesEveryFieldReadOnly_WithReferencesAsLinksAndRichTextSanitized()
    {
        const string login = "field-viewer@example.com";
        const string password = "Viewer-Password-1";
        await app.AddUserAsync(login, password, "viewer");
        var id = await app.CreateDefectAsync("Seen by a viewer", "<p>Read <strong>this</strong>.</p><a href=\"javascript:window.__xss=1\">x</a>");
        var releaseId = await ReleaseIdAsync("Release 2.0");
        await UpdateAsync(id, new JsonObject { ["release"] = new JsonObject { ["type"] = "release", ["id"] = releaseId } });

        var page = await app.SignedInPageAsync(chromium, login, password, $"/1001/1002/defect/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Seen by a viewer", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Combobox)).ToHaveCountAsync(1); // the workspace switcher only
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(page.Locator(".trellis-memo strong")).ToHaveTextAsync("this");
        Assert.Equal(0, await page.Locator(".trellis-memo a[href^='javascript']").CountAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "Release 2.0", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/1001/1002/release/{releaseId}$"));
    }

    [Fact]
    public async Task Conflict_ShowsBothVersions_AndKeepMineSavesOverTheirs()
    {
        var id = await app.CreateDefectAsync("Edited on two desks");
        var page = await DetailsAsync(id, "Edited on two desks");

        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Edited here");
        await UpdateAsync(id, new JsonObject { ["name"] = "Edited elsewhere" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        var conflict = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Someone else saved this item while you were editing it" });
        await Expect(conflict).ToBeVisibleAsync();
        var row = conflict.GetByRole(AriaRole.Row).Filter(new() { HasText = "Name" });
        await Expect(row.GetByRole(AriaRole.Cell)).ToHaveTextAsync(["Edited here", "Edited elsewhere"]);
        Assert.Equal("Edited elsewhere", (await DefectAsync(id, "name"))["name"]!.GetValue<string>());

        await conflict.GetByRole(AriaRole.Button, new() { Name = "Keep mine", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedText() })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edited here", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal("Edited here", (await DefectAsync(id, "name"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task UnsavedEdits_ComeBackWhenThePageOpensAgainInTheTab_AndSaveAgainstTheVersionTheyWereMadeOver()
    {
        var id = await app.CreateDefectAsync("Kept in the tab");
        var page = await DetailsAsync(id, "Kept in the tab");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Kept in the tab (mine)");
        await page.GetByLabel("Story points", new() { Exact = true }).FillAsync("8");
        var owner = page.GetByRole(AriaRole.Combobox, new() { Name = "Owner", Exact = true });
        await owner.FillAsync("kell");
        await page.GetByRole(AriaRole.Listbox, new() { Name = "Owner choices" }).GetByRole(AriaRole.Option, new() { Name = "Bruno Keller" }).ClickAsync();
        var description = page.GetByRole(AriaRole.Textbox, new() { Name = "Description", Exact = true });
        await description.ClickAsync();
        await description.PressSequentiallyAsync("Typed before the page was lost.");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex("^Unsaved changes$") })).ToBeVisibleAsync();
        // The last keystrokes reach the browser's kept copy one round trip after they reach the circuit.
        await page.WaitForFunctionAsync("() => Object.entries(sessionStorage).some(([k, v]) => k.startsWith('trellis-draft:details/') && v.includes('Typed before the page was lost.'))");

        // The same tab opens the page again on a new circuit (the person confirms the browser's leave prompt).
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unsaved edits kept in this browser" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Kept in the tab (mine)");
        await Expect(page.GetByLabel("Story points", new() { Exact = true })).ToHaveValueAsync("8");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Owner", Exact = true })).ToHaveValueAsync("Bruno Keller");
        await Expect(description).ToContainTextAsync("Typed before the page was lost.");

        // Someone else renamed it meanwhile: the restored name is a conflict against the version it was made over.
        await UpdateAsync(id, new JsonObject { ["name"] = "Renamed elsewhere" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        var conflict = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Someone else saved this item while you were editing it" });
        await Expect(conflict.GetByRole(AriaRole.Row).Filter(new() { HasText = "Name" }).GetByRole(AriaRole.Cell)).ToHaveTextAsync(["Kept in the tab (mine)", "Renamed elsewhere"]);
        await conflict.GetByRole(AriaRole.Button, new() { Name = "Keep mine", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kept in the tab (mine)", Level = 1 })).ToBeVisibleAsync();
        var stored = await DefectAsync(id, "name,story_points,owner,description");
        Assert.Equal(8, stored["story_points"]!.GetValue<long>());
        Assert.Equal("bruno.keller@trellis.local", stored["owner"]!["name"]!.GetValue<string>());
        Assert.Contains("Typed before the page was lost.", stored["description"]!.GetValue<string>(), StringComparison.Ordinal);

        // Saved edits are forgotten: the page opens as stored.
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Kept in the tab (mine)", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Unsaved edits kept in this browser" })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task SaveAfterAnotherFieldChangedElsewhere_KeepsBothChanges()
    {
        var id = await app.CreateDefectAsync("Two desks, two fields");
        var page = await DetailsAsync(id, "Two desks, two fields");

        await page.GetByLabel("Story points", new() { Exact = true }).FillAsync("3");
        await UpdateAsync(id, new JsonObject { ["name"] = "Renamed elsewhere" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = SavedText() })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Renamed elsewhere", Level = 1 })).ToBeVisibleAsync();
        var stored = await DefectAsync(id, "name,story_points");
        Assert.Equal("Renamed elsewhere", stored["name"]!.GetValue<string>());
        Assert.Equal(3, stored["story_points"]!.GetValue<long>());
    }

    [Fact]
    public async Task People_AreShownByName_InTheGridTheDetailsAndComments()
    {
        const string login = "grace.hopper@example.com";
        const string password = "Grace-Password-1";
        var userId = await app.AddUserAsync(login, password, "member");
        await app.WithDbAsync(db => db.Users.Where(u => u.Id == userId)
            .ExecuteUpdateAsync(u => u.SetProperty(x => x.FirstName, "Grace").SetProperty(x => x.LastName, "Hopper"), TestContext.Current.CancellationToken));
        var id = await app.CreateDefectAsync("Owned by Grace");
        await UpdateAsync(id, new JsonObject { ["owner"] = new JsonObject { ["type"] = "workspace_user", ["id"] = userId.ToString(System.Globalization.CultureInfo.InvariantCulture) } });

        var page = await app.SignedInPageAsync(chromium, login, password, $"/1001/1002/backlog?filter={Uri.EscapeDataString("Owned by Grace")}");
        var grid = page.Locator("table.trellis-grid[data-ready='true']");
        await Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = "Owned by Grace" })).ToContainTextAsync("Grace Hopper");
        await Expect(grid).Not.ToContainTextAsync("@");

        await grid.GetByRole(AriaRole.Link, new() { Name = "Owned by Grace", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Owner", Exact = true })).ToHaveValueAsync("Grace Hopper");
        await page.GetByLabel("Add a comment", new() { Exact = true }).FillAsync("Looking into it.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment", Exact = true }).ClickAsync();
        var comment = page.GetByRole(AriaRole.List, new() { Name = "Comments" }).GetByRole(AriaRole.Listitem).Last;
        await Expect(comment).ToContainTextAsync("Grace Hopper");
        await Expect(comment).Not.ToContainTextAsync(login);
    }

    [Fact]
    public async Task GridCell_RenamedInPlace_IsSaved_AndEscapeLeavesItAsItWas()
    {
        var id = await app.CreateDefectAsync("Renamed in the grid");
        var page = await app.SignedInPageAsync(chromium, path: $"/1001/1002/backlog?filter={id}");
        var grid = page.Locator("table.trellis-grid[data-ready='true']");
        await Expect(grid.GetByRole(AriaRole.Link, new() { Name = "Renamed in the grid", Exact = true })).ToBeVisibleAsync();

        await grid.GetByRole(AriaRole.Button, new() { Name = $"Rename {id}", Exact = true }).ClickAsync();
        var box = grid.GetByRole(AriaRole.Textbox, new() { Name = $"Name of {id}", Exact = true });
        await Expect(box).ToBeFocusedAsync();
        await box.FillAsync("Renamed in place");
        await box.PressAsync("Enter");
        await Expect(grid.GetByRole(AriaRole.Link, new() { Name = "Renamed in place", Exact = true })).ToBeVisibleAsync();
        Assert.Equal("Renamed in place", (await DefectAsync(id, "name"))["name"]!.GetValue<string>());

        await grid.GetByRole(AriaRole.Button, new() { Name = $"Rename {id}", Exact = true }).ClickAsync();
        await box.FillAsync("Not kept");
        await box.PressAsync("Escape");
        await Expect(grid.GetByRole(AriaRole.Link, new() { Name = "Renamed in place", Exact = true })).ToBeVisibleAsync();
        await Expect(box).ToHaveCountAsync(0);
        Assert.Equal("Renamed in place", (await DefectAsync(id, "name"))["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task Numbers_ShowTheirUnits()
    {
        var page = await app.SignedInPageAsync(chromium, path: "/1001/1002/releases?type=team");
        var grid = page.Locator("table.trellis-grid[data-ready='true']");
        await Expect(grid.GetByRole(AriaRole.Row).Filter(new() { HasText = "Team Phoenix" })).ToContainTextAsync("30 pts");
    }

    [Fact]
    public async Task Theme_FollowsTheSystem_AndTheToggleIsKeptInTheBrowser()
    {
        var page = await app.SignedInPageAsync(chromium, path: "/1001/1002/backlog");
        var html = page.Locator("html");
        var toggle = page.GetByRole(AriaRole.Button, new() { Name = "Dark theme", Exact = true });
        // The palette comes from the node's theme stylesheet: its light variables, or its dark ones under the dark class
        // (the bar is drawn in the primary colour: deep blue in light, the lifted blue in dark).
        var appBar = page.Locator(".mud-appbar");
        await Expect(html).Not.ToHaveClassAsync(new Regex("trellis-dark"));
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(appBar).ToHaveCSSAsync("background-color", "rgb(31, 78, 121)");

        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(html).ToHaveClassAsync(new Regex("trellis-dark"));
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(appBar).ToHaveCSSAsync("background-color", "rgb(138, 180, 232)");

        // The person's choice wins over the system's, and a reload keeps it.
        await toggle.ClickAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(html).Not.ToHaveClassAsync(new Regex("trellis-dark"));
        await Expect(appBar).ToHaveCSSAsync("background-color", "rgb(31, 78, 121)");
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(toggle).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(html).Not.ToHaveClassAsync(new Regex("trellis-dark"));
    }

    [Fact]
    public async Task SignInPageAndEditor_FollowTheDarkScheme_AndTheToggle()
    {
        var page = await chromium.NewPageAsync(app.Address);
        await Axe.AddToAsync(page);
        await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
        await page.GotoAsync("/login");
        await Expect(page.Locator("html")).ToHaveClassAsync(new Regex("trellis-dark"));
        await Expect(page.Locator(".trellis-login-card")).ToHaveCSSAsync("background-color", "rgb(28, 31, 36)");
        var failures = await Axe.SeriousViolationsAsync(page, "sign-in, dark");

        await page.GetByLabel("Login").FillAsync(Trellis.Server.IntegrationTests.TrellisApplication.AdminLogin);
        await page.GetByLabel("Password").FillAsync(Trellis.Server.IntegrationTests.TrellisApplication.AdminPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/login", StringComparison.Ordinal), new() { WaitUntil = WaitUntilState.Commit });
        await page.GotoAsync("/1001/settings/external-actions");
        await page.WaitForInteractiveAsync();
        var monaco = page.Locator("#action-config-editor .monaco-editor[role='code']");
        await Expect(monaco).ToHaveClassAsync(new Regex(@"\bvs-dark\b"));
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Diagnostics" })).Not.ToContainTextAsync("Not validated yet");
        failures.AddRange(await Axe.SeriousViolationsAsync(page, "editor, dark"));

        // The toggle switches the editor with the page, without a reload.
        await page.GetByRole(AriaRole.Button, new() { Name = "Dark theme", Exact = true }).ClickAsync();
        await Expect(monaco).Not.ToHaveClassAsync(new Regex(@"\bvs-dark\b"));
        await Expect(monaco).ToHaveClassAsync(new Regex(@"\bvs\b"));

        // The choice is kept in the browser, so the sign-in page follows it too.
        await page.GotoAsync("/login");
        await Expect(page.Locator("html")).Not.ToHaveClassAsync(new Regex("trellis-dark"));
        Assert.True(failures.Count == 0, string.Join('\n', failures));
    }

    private async Task<IPage> DetailsAsync(string id, string name)
    {
        var page = await app.SignedInPageAsync(chromium, path: $"/1001/1002/defect/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    private async Task<string> ReleaseIdAsync(string name)
    {
        using var client = await app.AdminRestClientAsync();
        var found = (await client.GetFromJsonAsync<JsonObject>($"{Api}/releases?fields=name&query=%22name%20EQ%20%27{Uri.EscapeDataString(name)}%27%22",
            TestContext.Current.CancellationToken))!;
        return found["data"]![0]!["id"]!.GetValue<string>();
    }

    private async Task UpdateAsync(string id, JsonObject changes)
    {
        using var client = await app.AdminRestClientAsync();
        using var response = await client.PutAsJsonAsync($"{Api}/defects/{id}", changes, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonObject> DefectAsync(string id, string fields)
    {
        using var client = await app.AdminRestClientAsync();
        return (await client.GetFromJsonAsync<JsonObject>($"{Api}/defects/{id}?fields={fields}", TestContext.Current.CancellationToken))!;
    }

    [GeneratedRegex("^Saved$")]
    private static partial Regex SavedText();
}
