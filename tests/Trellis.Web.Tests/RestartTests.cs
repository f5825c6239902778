using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// Unsaved edits over a real server restart, through Chromium: the server process stops while a details page and the
/// External Action Editor hold edits, starts again on the same address and database, the reconnect box asks for a
/// reload, and after it each page offers the edits back (Restore puts them back and they save; Discard forgets them).
/// </summary>
public sealed class RestartTests(Chromium chromium)
{
    private const string EditorId = "action-config-editor";

    [Fact]
    public async Task UnsavedEdits_AreOfferedBackAfterTheServerRestarts()
    {
        var data = Path.Combine(Path.GetTempPath(), "trellis-tests", Guid.NewGuid().ToString("N"));
        var (port, bundlePort) = (UiApplication.RestartablePort(), UiApplication.RestartablePort());
        var server = new UiApplication(data, port, bundlePort);
        try
        {
            await server.StartAsync();
            var id = await server.CreateDefectAsync("Kept over a restart");

            // A details page with a typed name, a number and a chosen owner, none saved.
            var details = await server.SignedInPageAsync(chromium, path: $"/1001/1002/defect/{id}");
            await Expect(details.GetByRole(AriaRole.Heading, new() { Name = "Kept over a restart", Level = 1 })).ToBeVisibleAsync();
            await details.GetByLabel("Name", new() { Exact = true }).FillAsync("Kept over a restart (edited)");
            await details.GetByLabel("Story points", new() { Exact = true }).FillAsync("13");
            var owner = details.GetByRole(AriaRole.Combobox, new() { Name = "Owner", Exact = true });
            await owner.FillAsync("kell");
            await details.GetByRole(AriaRole.Listbox, new() { Name = "Owner choices" }).GetByRole(AriaRole.Option, new() { Name = "Bruno Keller" }).ClickAsync();
            await Expect(details.GetByRole(AriaRole.Status).Filter(new() { HasText = "Unsaved changes" })).ToBeVisibleAsync();
            await details.WaitForFunctionAsync("() => Object.entries(sessionStorage).some(([k, v]) => k.startsWith('trellis-draft:details/') && v.includes('Bruno Keller') && v.includes('13'))");

            // The External Action Editor in another tab of the same browser, with text not saved.
            var editor = await details.Context.NewPageAsync();
            await editor.GotoAsync("/1001/settings/external-actions");
            await editor.WaitForInteractiveAsync();
            await editor.WaitForFunctionAsync($"() => window.blazorMonaco && blazorMonaco.editors.some(e => e.id === '{EditorId}')");
            await Expect(editor.GetByRole(AriaRole.Region, new() { Name = "Diagnostics" })).Not.ToContainTextAsync("Not validated yet");
            const string unsaved = """[{"name":"kept_over_restart","title":"Kept over a restart","url":"https://example.com/{entity_ids}"}]""";
            await editor.EvaluateAsync("([id, text]) => blazorMonaco.editor.getEditor(id).setValue(text)", new object[] { EditorId, unsaved });
            await editor.WaitForFunctionAsync("() => Object.entries(sessionStorage).some(([k, v]) => k.startsWith('trellis-draft:editor/') && v.includes('kept_over_restart'))");

            // Leaving a page with unsaved edits asks first (the browser's own prompt); here the answer is always Leave.
            details.Dialog += (_, dialog) => _ = dialog.AcceptAsync();
            editor.Dialog += (_, dialog) => _ = dialog.AcceptAsync();

            // The server process stops and starts again on the same address and database: it no longer knows either page.
            await server.DisposeAsync();
            server = new UiApplication(data, port, bundlePort);
            await server.StartAsync();

            foreach (var page in new[] { details, editor })
            {
                var box = page.GetByRole(AriaRole.Dialog, new() { Name = "Connection to the server lost" });
                await Expect(box).ToContainTextAsync("was restarted or stopped", new() { Timeout = 60_000 });
                await Expect(box).ToContainTextAsync("kept in this browser");
                await box.GetByRole(AriaRole.Button, new() { Name = "Reload", Exact = true }).ClickAsync();
                await page.WaitForInteractiveAsync();
            }

            // The details page offers its edits back; restored, they are on the page and save.
            var offer = details.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Unsaved edits kept in this browser" });
            foreach (var label in new[] { "Name", "Owner", "Story points" })
            {
                await Expect(offer).ToContainTextAsync(label);
            }

            await Expect(details.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Kept over a restart");
            await offer.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();
            await Expect(offer).ToHaveCountAsync(0);
            await Expect(details.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Kept over a restart (edited)");
            await Expect(details.GetByLabel("Story points", new() { Exact = true })).ToHaveValueAsync("13");
            await Expect(details.GetByRole(AriaRole.Combobox, new() { Name = "Owner", Exact = true })).ToHaveValueAsync("Bruno Keller");
            await details.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
            await Expect(details.GetByRole(AriaRole.Heading, new() { Name = "Kept over a restart (edited)", Level = 1 })).ToBeVisibleAsync();
            using (var client = await server.AdminRestClientAsync())
            {
                var stored = (await client.GetFromJsonAsync<JsonObject>($"/api/shared_spaces/1001/workspaces/1002/defects/{id}?fields=name,story_points,owner", TestContext.Current.CancellationToken))!;
                Assert.Equal(13, stored["story_points"]!.GetValue<long>());
                Assert.Equal("bruno.keller@trellis.local", stored["owner"]!["name"]!.GetValue<string>());
            }

            // Saved, nothing is kept any more: a reload offers nothing.
            await details.ReloadAsync();
            await details.WaitForInteractiveAsync();
            await Expect(details.GetByRole(AriaRole.Heading, new() { Name = "Kept over a restart (edited)", Level = 1 })).ToBeVisibleAsync();
            await Expect(details.GetByText("Unsaved edits kept in this browser")).ToHaveCountAsync(0);

            // The editor offers its text back, on top of the version it was written on.
            var kept = editor.GetByRole(AriaRole.Alert, new() { Name = "Unsaved text kept in this browser" });
            await Expect(kept).ToBeVisibleAsync();
            await kept.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();
            await editor.WaitForFunctionAsync("([id, text]) => blazorMonaco.editor.getEditor(id).getValue() === text", new object[] { EditorId, unsaved });
            await Expect(editor.GetByText("Editing on top of version").Filter(new() { HasText = "unsaved changes" })).ToBeVisibleAsync();

            // Discard forgets it: the next reload offers nothing.
            await editor.EvaluateAsync("([id, text]) => blazorMonaco.editor.getEditor(id).setValue(text + ' ')", new object[] { EditorId, unsaved });
            await editor.WaitForFunctionAsync("() => Object.values(sessionStorage).some(v => v.includes('kept_over_restart'))");
            await editor.ReloadAsync();
            await editor.WaitForInteractiveAsync();
            await Expect(kept).ToBeVisibleAsync();
            await kept.GetByRole(AriaRole.Button, new() { Name = "Discard", Exact = true }).ClickAsync();
            await Expect(kept).ToHaveCountAsync(0);
            await editor.WaitForFunctionAsync("() => !Object.keys(sessionStorage).some(k => k.startsWith('trellis-draft:editor/'))");
        }
        finally
        {
            await server.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }
}
