using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// The demo bundle apps (samples/bundles) in a real browser, framed by a Trellis page that records what they post to
/// their parent: the exact envelopes of docs/reference/messages.md, the panel's REST call and its fragment updates. The frames load
/// Trellis's bundle paths, which redirect to the bundle origin, as old links do.
/// </summary>
[Collection(AdminPagesCollection.Name)]
public sealed class DemoBundleAppTests(UiApplication app, Chromium chromium)
{
    private const string Bundle = "/api/shared_spaces/1001/external-entity-actions/bundle";

    // Frames the app like the host does and keeps every message it posts to its parent in window.received.
    private static async Task<IFrameLocator> FrameAsync(IPage page, string src)
    {
        await page.EvaluateAsync("""
            src => {
              window.received = [];
              window.addEventListener("message", e => { if (e.source === document.getElementById("app").contentWindow) window.received.push(e.data); });
              const frame = document.createElement("iframe");
              frame.id = "app";
              frame.title = "App";
              frame.style.width = "900px";
              frame.style.height = "700px";
              frame.src = src;
              document.body.prepend(frame);
            }
            """, src);
        return page.FrameLocator("#app");
    }

    private static async Task<JsonElement> LastReceivedAsync(IPage page, string eventName)
    {
        await page.WaitForFunctionAsync("name => window.received.some(m => m.event_name === name)", eventName);
        var json = await page.EvaluateAsync<string>("name => JSON.stringify(window.received.filter(m => m.event_name === name).at(-1))", eventName);
        return JsonDocument.Parse(json).RootElement;
    }

    private static string Data(JsonElement message) => message.GetProperty("data").GetRawText();

    // REST set-up through the signed-in page: the same origin and cookie the bundle apps use.
    private static async Task<JsonElement[]> DataAsync(IPage page, string url)
    {
        var json = await page.EvaluateAsync<string>("url => fetch(url).then(r => r.text())", url);
        return [.. JsonDocument.Parse(json).RootElement.GetProperty("data").EnumerateArray()];
    }

    [Fact]
    public async Task ExternalDetailsListsItsParametersAndPostsEveryEventsEnvelope()
    {
        var page = await app.SignedInPageAsync(chromium, path: "/1001/settings/messages");
        var frame = await FrameAsync(page,
            $"{Bundle}/external-details/external-details.html?shared_space=1001&workspace=1002&entity_type=work_item&entity_ids=2001%2C2002&user_login=admin#dialog_id=d-123");

        await Expect(frame.GetByRole(AriaRole.Table, new() { Name = "Query parameters" })).ToContainTextAsync("entity_ids2001,2002");
        await Expect(frame.GetByRole(AriaRole.Table, new() { Name = "Fragment parameters" })).ToContainTextAsync("dialog_idd-123");

        var expected = new (string Button, string Event, string Data)[]
        {
            ("Set dialog title", "octane_set_dialog_title", """{"dialog_id":"d-123","title":"External details"}"""),
            ("Close dialog and refresh", "octane_close_dialog", """{"dialog_id":"d-123","refresh":true}"""),
            ("Refresh entity", "octane_refresh_entity", """{"entity_type":"work_item","entity_ids":["2001","2002"]}"""),
            ("Refresh list", "octane_refresh_list", """{"entity_type":"work_item"}"""),
            ("Display entity", "octane_display_entity", """{"entity_type":"work_item","entity_id":"2001"}"""),
            ("Select entities", "octane_select_entity", """{"entity_type":"work_item","entity_ids":["2001","2002"]}"""),
            ("Entity was added", "octane_entity_was_added", """{"entity_type":"work_item","entity_id":"2001"}"""),
            ("Update settings", "octane_update_settings", """{"context":"demo","panel_id":"d-123","settings":{"note":"External details","saved_from":"external-details"}}"""),
            ("Read settings", "octane_read_settings", """{"context":"demo","panel_id":"d-123"}"""),
        };
        foreach (var (button, eventName, data) in expected)
        {
            await frame.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }).ClickAsync();
            var message = await LastReceivedAsync(page, eventName);
            Assert.Equal("1001", message.GetProperty("shared_space").GetString());
            Assert.Equal("1002", message.GetProperty("workspace").GetString());
            Assert.Equal(data, Data(message));
        }

        await frame.GetByRole(AriaRole.Button, new() { Name = "Close dialog", Exact = true }).ClickAsync();
        await page.WaitForFunctionAsync("() => window.received.filter(m => m.event_name === 'octane_close_dialog').length === 2");
        Assert.Equal("""{"dialog_id":"d-123","refresh":false}""", Data(await LastReceivedAsync(page, "octane_close_dialog")));
    }

    [Fact]
    public async Task TheFeatureChildrenPanelListsChildrenFollowsTheFragmentAndOpensOne()
    {
        var page = await app.SignedInPageAsync(chromium, path: "/1001/settings/messages");
        var features = await DataAsync(page, $"{Base}/features?fields=name&order_by=id&limit=2");
        var (first, second) = (features[0].GetProperty("id").GetString()!, features[1].GetProperty("id").GetString()!);
        var children = await DataAsync(page, $"{Base}/work_items?fields=name&order_by=id&query=%22parent%3D%7Bid%20EQ%20'{first}'%7D%22");
        var both = await DataAsync(page, $"{Base}/work_items?fields=name&order_by=id&query=%22parent%3D%7Bid%20IN%20'{first}','{second}'%7D%22");
        Assert.True(children.Length > 0 && both.Length > children.Length);

        var src = $"{Bundle}/feature-children/index.html?shared_space=1001&workspace=1002#ids={first}&panel_id=p-1";
        var frame = await FrameAsync(page, src);
        var list = frame.GetByRole(AriaRole.List, new() { Name = "Children" });
        await Expect(list.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(children.Length);
        await Expect(frame.GetByRole(AriaRole.Status)).ToHaveTextAsync($"{children.Length} children");

        // The host changes only the fragment: the panel follows through hashchange.
        await page.EvaluateAsync("src => document.getElementById('app').src = src", src.Replace($"#ids={first}", $"#ids={first}%2C{second}", StringComparison.Ordinal));
        await Expect(list.GetByRole(AriaRole.Listitem)).ToHaveCountAsync(both.Length);

        var child = children[0];
        await list.GetByRole(AriaRole.Button, new() { Name = child.GetProperty("name").GetString()!, Exact = true }).ClickAsync();
        var message = await LastReceivedAsync(page, "octane_display_entity");
        Assert.Equal("1001", message.GetProperty("shared_space").GetString());
        Assert.Equal($$"""{"entity_type":"work_item","entity_id":"{{child.GetProperty("id").GetString()}}"}""", Data(message));
    }

    [Fact]
    public async Task ThePanelNotesAppReadsItsSettingsOnLoadShowsTheReplyAndSaves()
    {
        var page = await app.SignedInPageAsync(chromium, path: "/1001/settings/messages");
        var frame = await FrameAsync(page, $"{Bundle}/panel-settings/index.html?shared_space=1001&workspace=1002#panel_id=p-7");

        var read = await LastReceivedAsync(page, "octane_read_settings");
        Assert.Equal("""{"context":"notes","panel_id":"p-7"}""", Data(read));
        await page.EvaluateAsync("""
            origin => document.getElementById("app").contentWindow.postMessage(
              { event_name: "octane_settings", shared_space: "1001", workspace: "1002", data: { context: "notes", panel_id: "p-7", settings: { note: "Ship it" } } },
              origin)
            """, app.BundleOrigin);
        await Expect(frame.GetByLabel("My note for this workspace")).ToHaveValueAsync("Ship it");

        await frame.GetByLabel("My note for this workspace").FillAsync("Ship it on Friday");
        await frame.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var update = await LastReceivedAsync(page, "octane_update_settings");
        Assert.Equal("""{"context":"notes","panel_id":"p-7","settings":{"note":"Ship it on Friday"}}""", Data(update));
    }

    [Fact]
    public async Task TheQuickNoteDialogSetsItsTitleThenSavesAndClosesWithRefresh()
    {
        var page = await app.SignedInPageAsync(chromium, path: "/1001/settings/messages");
        var frame = await FrameAsync(page, $"{Bundle}/quick-note/index.html?shared_space=1001&workspace=1002&ids=2001%2C2002#dialog_id=d-9");

        Assert.Equal("""{"dialog_id":"d-9","title":"Note on 2 items"}""", Data(await LastReceivedAsync(page, "octane_set_dialog_title")));
        await frame.GetByLabel("Note").FillAsync("Check the release date");
        await frame.GetByRole(AriaRole.Button, new() { Name = "Save and close" }).ClickAsync();

        Assert.Equal("""{"context":"quick-note","dialog_id":"d-9","settings":{"note":"Check the release date","ids":["2001","2002"]}}""",
            Data(await LastReceivedAsync(page, "octane_update_settings")));
        Assert.Equal("""{"dialog_id":"d-9","refresh":true}""", Data(await LastReceivedAsync(page, "octane_close_dialog")));
    }

    private const string Base = "/api/shared_spaces/1001/workspaces/1002";
}
