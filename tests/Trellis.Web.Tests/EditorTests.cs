using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Trellis.Server.IntegrationTests;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>The External Action Editor at <c>/{space}/settings/external-actions</c>, driven like an admin would.</summary>
public sealed partial class EditorTests(UiApplication app, Chromium chromium) : IClassFixture<UiApplication>
{
    private const string EditorPath = "/1001/settings/external-actions";
    private const string Config = "/api/shared_spaces/1001/external-entity-actions";
    private const string EditorId = "action-config-editor";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Editor_BrokenConfiguration_ShowsTheDiagnosticAtItsLine()
    {
        var page = await OpenEditorAsync();

        await SetTextAsync(page, """
            [
              {
                "name": "broken_scheme",
                "title": "Broken scheme",
                "entity_type": ["defect"],
                "url": "ftp://example.com/{entity_ids}"
              }
            ]
            """);

        var diagnostics = page.GetByRole(AriaRole.Region, new() { Name = "Diagnostics" });
        var finding = diagnostics.GetByRole(AriaRole.Button).Filter(new() { HasText = "XA1503" });
        await Expect(finding).ToContainTextAsync("line 6");
        await Expect(finding).ToContainTextAsync("/0/url");
        var markerLines = await page.EvaluateAsync<int[]>("() => monaco.editor.getModelMarkers({ owner: 'trellis' }).filter(m => m.code === 'XA1503').map(m => m.startLineNumber)");
        Assert.Equal([6], markerLines);

        // A click on the finding puts the cursor on its line.
        // The click goes to the server and back before the editor moves, so wait for it (it fails after the timeout).
        await finding.ClickAsync();
        await page.WaitForFunctionAsync($"() => blazorMonaco.editor.getEditor('{EditorId}').getPosition().lineNumber === 6");
    }

    [Fact]
    public async Task Editor_ActionSchema_DrivesMonacosChecksAndCompletion()
    {
        var page = await OpenEditorAsync();

        await SchemaChecksAndCompletesAsync(page);
    }

    [Fact]
    public async Task Editor_FindsEveryMonacoFileItLoads_AmongTheFewTheServerKeeps()
    {
        // The host serves only the Monaco files the editor uses (Trellis.Server.csproj): checks, completion, the
        // worker, the icon font and the diff editor must not ask for one it dropped.
        var page = await chromium.NewPageAsync(app.Address);
        var monaco = new System.Collections.Concurrent.ConcurrentQueue<string>();
        var missing = new System.Collections.Concurrent.ConcurrentQueue<string>();
        static bool IsMonaco(string url) => url.Contains("/_content/BlazorMonaco/", StringComparison.Ordinal);
        page.Context.Response += (_, response) =>
        {
            if (IsMonaco(response.Url))
            {
                monaco.Enqueue(response.Url);
                if (response.Status >= 400)
                {
                    missing.Enqueue($"{response.Status} {response.Url}");
                }
            }
        };
        page.Context.RequestFailed += (_, request) =>
        {
            if (IsMonaco(request.Url))
            {
                missing.Enqueue($"failed {request.Url}: {request.Failure}");
            }
        };
        await OpenEditorAsync(page);
        await SchemaChecksAndCompletesAsync(page);
        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { NameRegex = DiffVersion() }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Diff" }).Locator(".modified-in-monaco-diff-editor")).ToBeVisibleAsync();

        Assert.Contains(monaco, url => url.EndsWith("/language/json/jsonWorker.js", StringComparison.Ordinal));
        Assert.True(missing.IsEmpty, string.Join('\n', missing));
    }

    // Writes docs/screenshots/editor.png; ./test.sh leaves the Docs category out (see bench/ui/README.md).
    [Fact]
    [Trait("Category", "Docs")]
    public async Task Screenshot_OfTheEditor_ForTheDocs()
    {
        if (Environment.GetEnvironmentVariable("TRELLIS_SCREENSHOTS") != "1")
        {
            Assert.Skip("Screenshots are taken on request (TRELLIS_SCREENSHOTS=1).");
        }

        var page = await OpenEditorAsync();
        await SetTextAsync(page, "[]");
        await page.GetByRole(AriaRole.Button, new() { Name = "Load Demo" }).ClickAsync();
        await page.WaitForFunctionAsync($"() => blazorMonaco.editor.getEditor('{EditorId}').getValue().includes('\"quick_note\"')");
        await page.EvaluateAsync($$"""
            () => {
              const editor = blazorMonaco.editor.getEditor('{{EditorId}}');
              const match = editor.getModel().findMatches('https://duckduckgo', false, false, true, null, false)[0];
              editor.executeEdits('docs', [{ range: match.range, text: 'ftp://duckduckgo' }]);
            }
            """);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Diagnostics" })).ToContainTextAsync("XA1503");
        await page.EvaluateAsync($"() => blazorMonaco.editor.getEditor('{EditorId}').setPosition({{ lineNumber: 10, column: 12 }})");
        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(RepositoryRoot(), "docs", "screenshots", "editor.png"), FullPage = true });
    }

    [Fact]
    public async Task LoadDemo_FillsTheEditorWithTheDemoConfiguration()
    {
        var page = await OpenEditorAsync();
        await SetTextAsync(page, "[{]");
        var diagnostics = page.GetByRole(AriaRole.Region, new() { Name = "Diagnostics" });
        await Expect(diagnostics).ToContainTextAsync(new Regex(@"[1-9][0-9]* error\(s\)"));

        await page.GetByRole(AriaRole.Button, new() { Name = "Load Demo" }).ClickAsync();

        await page.WaitForFunctionAsync($"() => blazorMonaco.editor.getEditor('{EditorId}').getValue().includes('\"quick_note\"')");
        var text = await TextAsync(page);
        var names = JsonNode.Parse(text)!.AsArray().Select(a => a!["name"]!.GetValue<string>()).ToList();
        Assert.Contains("search_web", names);
        Assert.Contains("feature_insights", names);
        await Expect(diagnostics).ToContainTextAsync(NoErrors());
        // One undoable edit: Ctrl+Z brings the text before Load Demo back.
        await page.EvaluateAsync($"() => blazorMonaco.editor.getEditor('{EditorId}').trigger('test', 'undo', null)");
        Assert.Equal("[{]", await TextAsync(page));
    }

    [Fact]
    public async Task Save_ValidConfiguration_StoresAVersionWithTheComment()
    {
        var page = await OpenEditorAsync();
        await SetTextAsync(page, Single("ui_saved", "https://example.com/saved?ids={entity_ids}"));

        await page.GetByLabel("Comment").FillAsync("Saved from the editor");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Saved version" })).ToBeVisibleAsync();
        using var admin = await app.AdminRestClientAsync();
        var current = await admin.GetObjectAsync(Config);
        Assert.Equal(["ui_saved"], current.Data().Select(a => a!.Text("name")));
        var latest = (await admin.GetObjectAsync(Config + "/history")).Data()[0]!;
        Assert.Equal("editor", latest.Text("source"));
        Assert.Equal("Saved from the editor", latest.Text("comment"));
        Assert.Equal("admin", latest["author"]!.Text("login"));
        // The stored text comes back with the action's guid, so a later rename keeps its identity.
        Assert.Contains(current.Data()[0]!.Text("guid")!, await TextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Save_WithErrors_StoresNothingAndSaysWhy()
    {
        var page = await OpenEditorAsync();
        using var admin = await app.AdminRestClientAsync();
        var before = (await admin.GetObjectAsync(Config + "/history"))["total_count"]!.GetValue<int>();
        await SetTextAsync(page, """[{ "name": "no_url", "title": "No URL" }]""");

        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "nothing was stored" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Diagnostics" })).ToContainTextAsync("XA1501");
        Assert.Equal(before, (await admin.GetObjectAsync(Config + "/history"))["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task Save_AfterAnotherClientSaved_ReportsTheConflictAndKeepsBothTexts()
    {
        var page = await OpenEditorAsync();
        using var other = await app.AdminRestClientAsync();
        var loaded = await CurrentVersionAsync(other);
        using (var put = await PutAsync(other, Single("their_action", "https://example.com/theirs"), loaded))
        {
            Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        }

        var mine = Single("my_action", "https://example.com/mine");
        await SetTextAsync(page, mine);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();

        var conflict = page.GetByRole(AriaRole.Alert, new() { Name = "Save conflict" });
        await Expect(conflict).ToContainTextAsync($"Someone else saved version {loaded + 1} after you loaded version {loaded}");
        Assert.Equal(["their_action"], (await other.GetObjectAsync(Config)).Data().Select(a => a!.Text("name")));
        Assert.Contains("my_action", await TextAsync(page), StringComparison.Ordinal);

        await conflict.GetByRole(AriaRole.Button, new() { Name = "Overwrite" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Saved version {loaded + 2}" })).ToBeVisibleAsync();
        Assert.Equal(["my_action"], (await other.GetObjectAsync(Config)).Data().Select(a => a!.Text("name")));
    }

    [Fact]
    public async Task Restore_AnOlderVersion_StoresItAgainAndLoadsIt()
    {
        using var admin = await app.AdminRestClientAsync();
        using (var first = await PutAsync(admin, Single("restore_first", "https://example.com/first"), null))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        var older = await CurrentVersionAsync(admin);
        using (var second = await PutAsync(admin, Single("restore_second", "https://example.com/second"), null))
        {
            Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        }

        var page = await OpenEditorAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Restore version {older}", Exact = true }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = $"Restored version {older} as version {older + 2}" })).ToBeVisibleAsync();
        Assert.Equal(["restore_first"], (await admin.GetObjectAsync(Config)).Data().Select(a => a!.Text("name")));
        var latest = (await admin.GetObjectAsync(Config + "/history")).Data()[0]!;
        Assert.Equal("restore", latest.Text("source"));
        Assert.Equal(older, latest["restored_from"]!.GetValue<int>());
        Assert.Contains("restore_first", await TextAsync(page), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Diff_OfAVersion_ShowsItBesideTheEditorText()
    {
        var page = await OpenEditorAsync();
        await SetTextAsync(page, Single("diff_mine", "https://example.com/diff"));
        using var admin = await app.AdminRestClientAsync();
        var version = await CurrentVersionAsync(admin);

        await page.GetByRole(AriaRole.Tab, new() { Name = "History" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Diff version {version}", Exact = true }).ClickAsync();

        var diff = page.GetByRole(AriaRole.Region, new() { Name = "Diff" });
        await Expect(diff.Locator(".modified-in-monaco-diff-editor")).ToBeVisibleAsync();
        await page.WaitForFunctionAsync("() => monaco.editor.getModels().some(m => m.getValue().includes('diff_mine') && m !== blazorMonaco.editor.getEditor('action-config-editor').getModel())");
    }

    [Fact]
    public async Task Preview_ShowsTheUrlForAMatchingEntityAndTheReasonForAnother()
    {
        var defect = await EntityIdAsync("defect", "Reset link expires too early");
        var feature = await EntityIdAsync("feature", "Password reset");
        var page = await OpenEditorAsync();
        await SetTextAsync(page, """
            [
              {
                "name": "preview_note",
                "title": "Preview note",
                "entity_type": ["defect"],
                "views": ["details", "list"],
                "dialog": "medium",
                "url": "https://example.com/note?id={entity_id}&ws={workspace}"
              },
              {
                "name": "preview_bundle",
                "title": "Preview bundle",
                "entity_type": ["defect"],
                "views": ["details", "list"],
                "dialog": "small",
                "url": "{bundle_url}/notes/index.html?id={entity_id}&api={octane_url}/api"
              }
            ]
            """);
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Diagnostics" })).ToContainTextAsync(NoErrors());
        await page.GetByRole(AriaRole.Tab, new() { Name = "Preview" }).ClickAsync();
        var preview = page.GetByRole(AriaRole.Region, new() { Name = "Preview" });
        await PickAsync(page, preview, "Action", "Preview note (preview_note)");

        await preview.GetByLabel("Find entity (id or name)").FillAsync("Reset link");
        await PickAsync(page, preview, "Entity", $"{defect} · defect · Reset link expires too early");
        await preview.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();

        await Expect(preview.GetByTestId("preview-status")).ToHaveTextAsync("Enabled");
        await Expect(preview.GetByTestId("preview-url")).ToHaveTextAsync($"https://example.com/note?id={defect}&ws=1002");
        await Expect(preview.GetByTestId("preview-mode")).ToHaveTextAsync("dialog");
        await Expect(preview.GetByTestId("preview-dialog-size")).ToHaveTextAsync("medium");

        // A bundle action expands from the bundle origin, {octane_url} included, as its launch would.
        await PickAsync(page, preview, "Action", "Preview bundle (preview_bundle)");
        await preview.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();
        await Expect(preview.GetByTestId("preview-url")).ToHaveTextAsync(
            $"{app.BundleOrigin}/api/shared_spaces/1001/external-entity-actions/bundle/notes/index.html?id={defect}&api={app.BundleOrigin}/api");
        await PickAsync(page, preview, "Action", "Preview note (preview_note)");

        await preview.GetByLabel("Find entity (id or name)").FillAsync("Password reset");
        await PickAsync(page, preview, "Entity", $"{feature} · feature · Password reset");
        await preview.GetByRole(AriaRole.Button, new() { Name = "Preview" }).ClickAsync();

        await Expect(preview.GetByTestId("preview-status")).ToHaveTextAsync("Hidden");
        await Expect(preview.GetByTestId("preview-reason")).ToHaveTextAsync("entity_type — the action does not apply to this entity type (entity_type)");
    }

    [Fact]
    public async Task UploadBundle_FromTheBrowser_IsListedAndServed()
    {
        var page = await OpenEditorAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Bundles" }).ClickAsync();
        var zip = Zip(("editor-upload-app/index.html", "<!doctype html><title>Uploaded from the editor</title>"));

        await page.GetByLabel("Bundle zip file").SetInputFilesAsync(new FilePayload { Name = "app.zip", MimeType = "application/zip", Buffer = zip });

        var bundles = page.GetByRole(AriaRole.Region, new() { Name = "Bundles" });
        await Expect(bundles.GetByRole(AriaRole.Alert, new() { Name = "Upload result" })).ToContainTextAsync("Stored bundle");
        await Expect(bundles.GetByRole(AriaRole.Row, new() { Name = "Bundle editor-upload-app" })).ToBeVisibleAsync();
        using var admin = await app.AdminRestClientAsync();
        var served = await admin.GetStringAsync(Config + "/bundle/editor-upload-app/index.html", Cancel);
        Assert.Contains("Uploaded from the editor", served, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UploadBundle_WithABadEntryName_ShowsWhichEntryAndWhy()
    {
        var page = await OpenEditorAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Bundles" }).ClickAsync();
        var zip = Zip(("bad name!/index.html", "<!doctype html>"));

        await page.GetByLabel("Bundle zip file").SetInputFilesAsync(new FilePayload { Name = "bad.zip", MimeType = "application/zip", Buffer = zip });

        var result = page.GetByRole(AriaRole.Alert, new() { Name = "Upload result" });
        await Expect(result).ToContainTextAsync("The bundle was refused");
        await Expect(result).ToContainTextAsync("bad name!/index.html");
        await Expect(result).ToContainTextAsync("top_level_name");
    }

    [Fact]
    public async Task DeleteBundle_AfterConfirming_RemovesItFromTheList()
    {
        using var admin = await app.AdminRestClientAsync();
        using (var upload = await admin.PostAsync(Config + "/bundle", new ByteArrayContent(Zip(("editor-delete-me", "x"))), Cancel))
        {
            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        }

        var page = await OpenEditorAsync();
        await page.GetByRole(AriaRole.Tab, new() { Name = "Bundles" }).ClickAsync();
        var row = page.GetByRole(AriaRole.Row, new() { Name = "Bundle editor-delete-me" });
        await row.GetByRole(AriaRole.Button, new() { Name = "Delete bundle editor-delete-me" }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();

        await Expect(row).ToHaveCountAsync(0);
        var list = await admin.GetObjectAsync(Config + "/bundles");
        Assert.DoesNotContain(list.Data(), b => b!["entries"]!.AsArray().Any(e => e!.GetValue<string>() == "editor-delete-me"));
    }

    [Fact]
    public async Task Editor_ForAMember_IsNotAllowed()
    {
        const string login = "editor-member@example.com";
        const string password = "Member-Password-1";
        await app.AddUserAsync(login, password, "member");

        var page = await app.SignedInPageAsync(chromium, login, password);
        var response = await page.GotoAsync(EditorPath);

        // What the REST call answers a member (403) is, for a page, the not-found page: nothing of the editor.
        Assert.Equal(404, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true })).ToHaveCountAsync(0);
        Assert.Equal(0, await page.Locator($"#{EditorId}").CountAsync());
    }

    [Fact]
    public async Task Editor_UnsavedText_AsksBeforeLeavingForAnotherPage()
    {
        var page = await OpenEditorAsync();
        var original = await TextAsync(page);
        await SetTextAsync(page, "[]");
        var messages = page.GetByRole(AriaRole.Link, new() { Name = "Launch messages", Exact = true });

        await messages.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Stay", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"{EditorPath}$"));
        Assert.Equal("[]", await TextAsync(page));

        await messages.ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Leave", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/1001/settings/messages$"));

        // Nothing was saved, and without edits nothing asks.
        var again = await OpenEditorAsync();
        Assert.Equal(original, await TextAsync(again));
        await again.GetByRole(AriaRole.Link, new() { Name = "Launch messages", Exact = true }).ClickAsync();
        await Expect(again).ToHaveURLAsync(new Regex("/1001/settings/messages$"));
    }

    // Signs in on a new page, or on one a test is already watching, and waits until the editor is ready for typing.
    private async Task<IPage> OpenEditorAsync(IPage? watched = null)
    {
        var page = watched ?? await chromium.NewPageAsync(app.Address);
        await page.SignInAsync(TrellisApplication.AdminLogin, TrellisApplication.AdminPassword, EditorPath);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "External actions", Level = 1 })).ToBeVisibleAsync();
        await page.WaitForFunctionAsync($"() => window.blazorMonaco && blazorMonaco.editors.some(e => e.id === '{EditorId}')");
        // The first validation marks the page ready for typing.
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Diagnostics" })).Not.ToContainTextAsync("Not validated yet");
        return page;
    }

    // The JSON language service flags a value against the action schema's enum, and completes property names from it.
    private static async Task SchemaChecksAndCompletesAsync(IPage page)
    {
        await SetTextAsync(page, """
            [
              {
                "name": "schema_check",
                "title": "Schema check",
                "dialog": "huge",

              }
            ]
            """);
        await page.WaitForFunctionAsync("() => monaco.editor.getModelMarkers({ owner: 'json' }).some(m => m.startLineNumber === 5)");
        await SuggestAtAsync(page, lineNumber: 6, column: 5);
        var suggestions = page.Locator(".suggest-widget .monaco-list-row");
        await Expect(suggestions.Filter(new() { HasText = "single_entity" })).ToBeVisibleAsync();
        await Expect(suggestions.Filter(new() { HasText = "entity_type" })).ToBeVisibleAsync();
    }

    // Asks Monaco for completions at a place, as Ctrl+Space there would.
    private static Task SuggestAtAsync(IPage page, int lineNumber, int column) =>
        page.EvaluateAsync("""
            ([id, lineNumber, column]) => {
              const editor = blazorMonaco.editor.getEditor(id);
              editor.setPosition({ lineNumber, column });
              editor.focus();
              editor.trigger('test', 'editor.action.triggerSuggest', {});
            }
            """, new object[] { EditorId, lineNumber, column });

    // Typing through Monaco's own API: the same change events a keystroke raises.
    private static async Task SetTextAsync(IPage page, string text)
    {
        await page.EvaluateAsync("([id, text]) => blazorMonaco.editor.getEditor(id).setValue(text)", new object[] { EditorId, text });
        await page.WaitForFunctionAsync("([id, text]) => blazorMonaco.editor.getEditor(id).getValue() === text", new object[] { EditorId, text });
    }

    private static Task<string> TextAsync(IPage page) =>
        page.EvaluateAsync<string>($"() => blazorMonaco.editor.getEditor('{EditorId}').getValue()");

    private static async Task PickAsync(IPage page, ILocator scope, string label, string option)
    {
        await scope.GetByLabel(label, new() { Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Option, new() { Name = option }).ClickAsync();
    }

    private static string Single(string name, string url) => $$"""
        [
          {
            "name": "{{name}}",
            "title": "{{name}}",
            "entity_type": ["work_item"],
            "views": ["list", "details"],
            "url": "{{url}}"
          }
        ]
        """;

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string body, int? ifMatch)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, Config) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (ifMatch is { } version)
        {
            request.Headers.IfMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
        }

        return await client.SendAsync(request, Cancel);
    }

    private static async Task<int> CurrentVersionAsync(HttpClient client)
    {
        using var response = await client.GetAsync(Config, Cancel);
        return int.Parse(response.Headers.ETag!.Tag.Trim('"'), System.Globalization.CultureInfo.InvariantCulture);
    }

    private Task<long> EntityIdAsync(string type, string name) => app.WithDbAsync(db =>
        Task.FromResult(db.Entities.Where(e => e.WorkspaceId == 1002 && (e.Subtype ?? e.Type) == type && e.Name == name).Select(e => e.Id).Single()));

    private static string RepositoryRoot([System.Runtime.CompilerServices.CallerFilePath] string source = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(source)!, "..", ".."));

    private static byte[] Zip(params (string Name, string Content)[] files)
    {
        using var buffer = new MemoryStream();
        using (var archive = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return buffer.ToArray();
    }

    [GeneratedRegex(@"^Diff version \d+$")]
    private static partial Regex DiffVersion();

    // The region's text runs its heading into the count ("Diagnostics0 error(s)"), so no word boundary: not after a digit.
    [GeneratedRegex(@"No problems found|(?<!\d)0 error\(s\)")]
    private static partial Regex NoErrors();
}
