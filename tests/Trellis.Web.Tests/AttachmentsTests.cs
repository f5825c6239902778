using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// Attachments on the details page through Chromium: a dropped or chosen file uploads with its progress shown, is
/// listed, downloads as the same bytes and is deleted, all through the REST attachments API with its audit and
/// authorization.
/// </summary>
public sealed class AttachmentsTests(UiApplication app, Chromium chromium) : IClassFixture<UiApplication>
{
    [Fact]
    public async Task Details_ADroppedFile_ShowsItsProgress_IsListed_DownloadsTheSameBytes_AndIsDeleted()
    {
        var id = await app.CreateDefectAsync("Screenshots attached");
        var page = await DetailsAsync(id, "Screenshots attached");
        var section = page.GetByRole(AriaRole.Region, new() { Name = "Attachments (0)" });
        await Expect(section).ToBeVisibleAsync();

        // The upload is held at the network until the progress bar has been seen.
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await page.RouteAsync("**/attachments?*", async route =>
        {
            await release.Task;
            await route.ContinueAsync();
        });
        var transfer = await page.EvaluateHandleAsync("""
            () => {
              const transfer = new DataTransfer();
              transfer.items.add(new File(["Steps to reproduce: open the report."], "steps.txt", { type: "text/plain" }));
              return transfer;
            }
            """);
        await page.Locator(".trellis-dropzone").DispatchEventAsync("drop", new { dataTransfer = transfer });
        await Expect(page.GetByRole(AriaRole.Progressbar, new() { Name = "Uploading steps.txt" })).ToBeVisibleAsync();
        release.SetResult();

        var list = page.GetByRole(AriaRole.List, new() { Name = "Attachments", Exact = true });
        var link = list.GetByRole(AriaRole.Link, new() { Name = "steps.txt", Exact = true });
        await Expect(link).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Attachments (1)", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Progressbar)).ToHaveCountAsync(0);
        await Expect(list.GetByRole(AriaRole.Listitem).First).ToContainTextAsync("36 B");

        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal("steps.txt", download.SuggestedFilename);
        Assert.Equal("Steps to reproduce: open the report.", await File.ReadAllTextAsync((await download.PathAsync())!, TestContext.Current.CancellationToken));

        // The file chooser is the keyboard's way in; it uploads the same way.
        await page.UnrouteAllAsync(new() { Behavior = UnrouteBehavior.IgnoreErrors });
        await page.GetByLabel("choose files").SetInputFilesAsync(new FilePayload { Name = "totals.csv", MimeType = "text/csv", Buffer = Encoding.UTF8.GetBytes("a,b\n1,2\n") });
        await Expect(list.GetByRole(AriaRole.Link, new() { Name = "totals.csv", Exact = true })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete steps.txt", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(link).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Attachments (1)", Level = 2 })).ToBeVisibleAsync();

        var stored = await AttachmentsOfAsync(id);
        Assert.Equal(["totals.csv"], stored);
        var audit = await app.WithDbAsync(db => db.AuditLog.Where(a => a.Target != null && a.Target.StartsWith("attachment/")).Select(a => a.Action).ToListAsync());
        Assert.Contains("entity.create", audit);
        Assert.Contains("entity.delete", audit);
    }

    [Fact]
    public async Task Details_AViewerUpload_IsRefusedByTheApi_AndTheRefusalIsShown()
    {
        var id = await app.CreateDefectAsync("Viewers only read");
        const string login = "attachment-viewer@example.com";
        const string password = "Viewer-Password-1";
        await app.AddUserAsync(login, password, "viewer");
        var page = await app.SignedInPageAsync(chromium, login, password, $"/1001/1002/defect/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Viewers only read", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("choose files").SetInputFilesAsync(new FilePayload { Name = "notes.txt", MimeType = "text/plain", Buffer = Encoding.UTF8.GetBytes("notes") });

        await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "notes.txt was not attached:" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Attachments (0)", Level = 2 })).ToBeVisibleAsync();
        Assert.Empty(await AttachmentsOfAsync(id));
    }

    private async Task<IPage> DetailsAsync(string id, string name)
    {
        var page = await app.SignedInPageAsync(chromium, path: $"/1001/1002/defect/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    private async Task<string[]> AttachmentsOfAsync(string id)
    {
        using var client = await app.AdminRestClientAsync();
        var body = (await client.GetFromJsonAsync<JsonObject>(
            $"/api/shared_spaces/1001/workspaces/1002/attachments?fields=name&query=%22owner_work_item%20EQ%20%7Bid%20EQ%20{id}%7D%22",
            TestContext.Current.CancellationToken))!;
        return [.. body["data"]!.AsArray().Select(a => a!["name"]!.GetValue<string>())];
    }
}
