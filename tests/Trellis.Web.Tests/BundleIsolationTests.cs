using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Trellis.Data.Model;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// Bundles run on their own origin (docs/security.md), through Chromium: a space admin's bundle opened by a site admin
/// cannot change site parameters or mint keys with the viewer's session, while an Octane-style bundle app still reads
/// work items with a default <c>fetch</c> and its messages still reach the host.
/// </summary>
public sealed class BundleIsolationTests(UiApplication app, Chromium chromium) : IClassFixture<UiApplication>
{
    private const string Backlog = "/1001/1002/backlog";
    private const string Actions = "/api/shared_spaces/1001/external-entity-actions";
    private const string Base = "/api/shared_spaces/1001/workspaces/1002";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    // Tries what a hostile script would: same-origin admin calls, then the main origin with the session and the XSRF token it can read.
    private const string AttackPage = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Team dashboard</title></head>
        <body>
        <h1>Team dashboard</h1>
        <output id="result">running</output>
        <script>
          (async () => {
            const main = new URLSearchParams(location.search).get("main");
            const json = { "Content-Type": "application/json" };
            const cookie = document.cookie.split("; ").find(c => c.startsWith("XSRF_COOKIE=")) || "";
            const xsrf = cookie.slice("XSRF_COOKIE=".length);
            const attempt = async (name, url, options) => {
              try { return `${name}:${(await fetch(url, options)).status}`; } catch { return `${name}:blocked`; }
            };
            window.results = [
              `xsrf-cookie-read:${xsrf.length > 0}`,
              await attempt("same-origin-param", "/admin/params/CORS_ALLOW_ORIGIN", { method: "PUT", headers: json, body: JSON.stringify({ value: "*" }) }),
              await attempt("same-origin-key", "/api/shared_spaces/1001/api_keys", { method: "POST", headers: json, body: JSON.stringify({ data: [{ name: "stolen" }] }) }),
              await attempt("main-param", main + "/admin/params/CORS_ALLOW_ORIGIN",
                { method: "PUT", credentials: "include", headers: { ...json, "XSRF-HEADER": xsrf }, body: JSON.stringify({ value: "*" }) }),
              await attempt("main-key", main + "/api/shared_spaces/1001/api_keys",
                { method: "POST", credentials: "include", headers: { "Content-Type": "text/plain" }, body: JSON.stringify({ data: [{ name: "stolen" }] }) }),
            ];
            document.getElementById("result").textContent = window.results.join(" ");
          })();
        </script>
        </body></html>
        """;

    // An Octane-style app: reads the selection's children with a default fetch on {octane_url}, then talks to the host.
    private const string ReaderPage = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>Children reader</title></head>
        <body>
        <p role="status" id="status">Loading</p>
        <ul aria-label="Children" id="children"></ul>
        <button type="button" id="done">Done</button>
        <script>
          const query = new URLSearchParams(location.search);
          const octane_url = query.get("octane_url");
          const ids = query.get("ids").split(",");
          const dialogId = new URLSearchParams(location.hash.slice(1)).get("dialog_id");
          const post = (event_name, data) => window.parent.postMessage({ event_name, shared_space: "1001", workspace: "1002", data }, "*");
          (async () => {
            const response = await fetch(`${octane_url}/api/shared_spaces/1001/workspaces/1002/work_items?fields=name&query="parent={id IN ${ids.map(id => `'${id}'`).join(",")}}"`);
            const body = await response.json();
            for (const item of body.data) {
              const li = document.createElement("li");
              li.textContent = item.name;
              document.getElementById("children").append(li);
            }
            document.getElementById("status").textContent = `${response.status}: ${body.total_count} children`;
            post("octane_refresh_list", { entity_type: "work_item" });
          })();
          document.getElementById("done").addEventListener("click", () => post("octane_close_dialog", { dialog_id: dialogId, refresh: false }));
        </script>
        </body></html>
        """;

    // An app on the SDK Trellis serves at /sdk/trellis-app.js: every call goes through the host's real message runtime.
    private const string SdkNotesPage = """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><title>SDK notes</title></head>
        <body>
        <p role="status" id="status">Loading</p>
        <button type="button" id="done">Done</button>
        <script type="module">
          import { connect } from "/sdk/trellis-app.js";
          const host = connect();
          const id = host.context.entityIds[0];
          host.setTitle(`Notes on ${id}`);
          const text = `notes on ${id}`;
          host.updateSettings({ text }, { context: "notes" });
          // The save has no answer: read until the host's reply carries it.
          let settings = {};
          for (let attempt = 0; attempt < 40 && settings.text !== text; attempt++) {
            settings = await host.readSettings({ context: "notes", timeout: 10000 });
            if (settings.text !== text) await new Promise(resolve => setTimeout(resolve, 250));
          }
          document.getElementById("status").textContent = `saved and read back: ${settings.text}`;
          document.getElementById("done").addEventListener("click", () => host.closeDialog({ refresh: false }));
        </script>
        </body></html>
        """;

    [Fact]
    public async Task ASpaceAdminsBundle_OpenedByASiteAdmin_CannotChangeSiteParametersOrMintKeys()
    {
        // The space admin (no site rights) uploads a bundle whose action opens it in a dialog.
        var login = $"space-admin-{Guid.NewGuid():N}@example.com";
        const string password = "Space-Password-1";
        await app.AddUserAsync(login, password, "member");
        await app.WithDbAsync(async db =>
        {
            var user = db.Users.Single(u => u.Login == login);
            db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = "space_admin", SharedSpaceId = 1001 });
            return await db.SaveChangesAsync(Cancel);
        });
        var main = app.Address.GetLeftPart(UriPartial.Authority);
        var action = $$"""
            {"name":"team_dashboard","title":"Team dashboard","entity_type":["work_item"],"views":["list"],"dialog":"medium",
             "url":"{bundle_url}/attack/index.html?main={{main}}#dialog_id={dialog_id}"}
            """;
        using (var spaceAdmin = await SignedInRestClientAsync(login, password))
        {
            await UploadAsync(spaceAdmin, action, ("attack/index.html", AttackPage));
        }

        // The site admin opens it from the backlog.
        var page = await app.SignedInPageAsync(chromium, path: Backlog);
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Team dashboard", Exact = true }).ClickAsync();
        var frame = await AppFrameAsync(page, "Team dashboard");
        Assert.StartsWith($"{app.BundleOrigin}{Actions}/bundle/attack/index.html?", frame.Url, StringComparison.Ordinal);
        await frame.WaitForFunctionAsync("() => Array.isArray(window.results)");
        var results = await frame.EvaluateAsync<string[]>("() => window.results");

        // The script can read the XSRF cookie (same host), yet every call fails: 404 on its origin, refused by CORS on Trellis's.
        Assert.Equal(["xsrf-cookie-read:true", "same-origin-param:404", "same-origin-key:404", "main-param:blocked", "main-key:blocked"], results);
        using var admin = await app.AdminRestClientAsync();
        var parameters = JsonNode.Parse(await admin.GetStringAsync("/admin/params", Cancel))!["data"]!.AsArray();
        Assert.Equal("", parameters.Single(p => (string?)p!["name"] == "CORS_ALLOW_ORIGIN")!["value"]!.GetValue<string>());
        var keys = JsonNode.Parse(await admin.GetStringAsync("/api/shared_spaces/1001/api_keys", Cancel))!["data"]!.AsArray();
        Assert.DoesNotContain(keys, k => (string?)k!["name"] == "stolen");
    }

    [Fact]
    public async Task AnOctaneStyleBundleApp_ReadsWorkItemsWithADefaultFetchAndItsMessagesReachTheHost()
    {
        using var admin = await app.AdminRestClientAsync();
        var action = """
            {"name":"children_reader","title":"Children reader","entity_type":["feature"],"views":["list"],"dialog":"medium","events":true,
             "url":"{bundle_url}/reader/index.html?octane_url={octane_url}&ids={entity_ids}#dialog_id={dialog_id}"}
            """;
        await UploadAsync(admin, action, ("reader/index.html", ReaderPage));

        var page = await app.SignedInPageAsync(chromium, path: Backlog);
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        var href = await page.GetByRole(AriaRole.Link, new() { Name = "Scheduled reports", Exact = true }).GetAttributeAsync("href");
        var feature = href![(href!.LastIndexOf('/') + 1)..];
        var children = JsonNode.Parse(await admin.GetStringAsync($"{Base}/work_items?fields=name&query=%22parent%3D%7Bid%20EQ%20'{feature}'%7D%22", Cancel))!["total_count"]!.GetValue<int>();
        Assert.True(children > 0);

        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {feature}", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Children reader", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Children reader" });
        await Expect(dialog).ToBeVisibleAsync();
        var frame = page.FrameLocator("iframe[title='Children reader']");
        await Expect(frame.GetByRole(AriaRole.Status)).ToHaveTextAsync($"200: {children} children");
        await Expect(frame.GetByRole(AriaRole.List, new() { Name = "Children" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(children);

        await frame.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        // Both events were judged from the bundle origin and accepted.
        var log = JsonNode.Parse(await admin.GetStringAsync("/admin/shared_spaces/1001/launch-messages?action=children_reader", Cancel))!["data"]!.AsArray();
        var messages = log.SelectMany(l => l!["messages"]!.AsArray()).ToList();
        Assert.Contains(messages, m => (string?)m!["event_name"] == "octane_refresh_list" && m["accepted"]!.GetValue<bool>() && (string?)m["origin"] == app.BundleOrigin);
        Assert.Contains(messages, m => (string?)m!["event_name"] == "octane_close_dialog" && m["accepted"]!.GetValue<bool>() && (string?)m["origin"] == app.BundleOrigin);
    }

    [Fact]
    public async Task ABundleAppImportingTheSdkTrellisServes_SetsItsTitleSavesAndReadsSettingsAndClosesThroughTheHost()
    {
        using var admin = await app.AdminRestClientAsync();
        var action = """
            {"name":"sdk_notes","title":"SDK notes","entity_type":["feature"],"views":["list"],"dialog":"medium","events":true,
             "url":"{bundle_url}/sdk-notes/index.html?shared_space={shared_space}&workspace={workspace}&ids={entity_ids}#dialog_id={dialog_id}"}
            """;
        // No copy of the SDK in the bundle: the page imports the one its origin serves (docs/app-sdk.md#getting-it).
        await UploadAsync(admin, action, ("sdk-notes/index.html", SdkNotesPage));

        var page = await app.SignedInPageAsync(chromium, path: Backlog);
        await page.Locator("table.trellis-grid[data-ready='true']").WaitForAsync();
        var href = await page.GetByRole(AriaRole.Link, new() { Name = "Scheduled reports", Exact = true }).GetAttributeAsync("href");
        var feature = href![(href!.LastIndexOf('/') + 1)..];
        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select {feature}", Exact = true }).CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "SDK notes", Exact = true }).ClickAsync();

        // setTitle reached the host, which renamed its dialog; the settings went out and came back through the host.
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = $"Notes on {feature}" });
        await Expect(dialog).ToBeVisibleAsync();
        var frame = page.FrameLocator("iframe[title='SDK notes']");
        await Expect(frame.GetByRole(AriaRole.Status)).ToHaveTextAsync($"saved and read back: notes on {feature}");

        await frame.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToHaveCountAsync(0);

        var log = JsonNode.Parse(await admin.GetStringAsync("/admin/shared_spaces/1001/launch-messages?action=sdk_notes", Cancel))!["data"]!.AsArray();
        var messages = log.SelectMany(l => l!["messages"]!.AsArray()).ToList();
        foreach (var name in new[] { "octane_set_dialog_title", "octane_update_settings", "octane_read_settings", "octane_close_dialog" })
        {
            Assert.Contains(messages, m => (string?)m!["event_name"] == name && m["accepted"]!.GetValue<bool>() && (string?)m["origin"] == app.BundleOrigin);
        }
    }

    private static async Task<IFrame> AppFrameAsync(IPage page, string title)
    {
        var element = await page.Locator($"iframe[title='{title}']").ElementHandleAsync();
        var frame = await element!.ContentFrameAsync();
        Assert.NotNull(frame);
        await frame.WaitForLoadStateAsync(LoadState.Load);
        return frame;
    }

    private async Task<HttpClient> SignedInRestClientAsync(string login, string password)
    {
#pragma warning disable CA2000 // The client owns its handler.
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.Address };
#pragma warning restore CA2000
        using var response = await client.PostAsync("/authentication/sign_in",
            new StringContent($$"""{"user":"{{login}}","password":"{{password}}"}""", Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    private static async Task UploadAsync(HttpClient client, string action, params (string Path, string Text)[] files)
    {
        using var zip = new MemoryStream();
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (path, text) in files.Prepend(("action-configuration.json", action)))
            {
                await using var entry = archive.CreateEntry(path).Open();
                await entry.WriteAsync(Encoding.UTF8.GetBytes(text), Cancel);
            }
        }

        using var response = await client.PostAsync($"{Actions}/bundle", new ByteArrayContent(zip.ToArray()), Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"Upload answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(Cancel)}");
    }
}
