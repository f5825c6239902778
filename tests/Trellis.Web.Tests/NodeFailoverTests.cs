using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Trellis.Server.IntegrationTests;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// The two-node deployment as real processes (two nodes on PostgreSQL behind the reference proxy) with two people at
/// work through the proxy, each with an unsaved edit on an item's page and pinned to a different node. The node of one
/// of them is killed (SIGKILL): that person's box says the connection was lost and that the server no longer has the
/// page, Reload opens the page on the surviving node, still signed in, with the edit restored, and the edit saves;
/// the other person notices nothing (docs/deployment.md, "What a node failure looks like to a user").
/// Only with <c>TRELLIS_TEST_POSTGRES</c> (CI starts PostgreSQL); otherwise it skips and says why.
/// </summary>
public sealed class NodeFailoverTests(ProxiedTwoNodes deployment, Chromium chromium) : IClassFixture<ProxiedTwoNodes>
{
    private const string AffinityCookie = ServerProcess.AffinityCookie;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ANodeKilledUnderAnOpenPage_ThePersonGoesOnOnTheSurvivor_WithTheUnsavedEditKept()
    {
        if (deployment.Proxy is null || deployment.Second is null)
        {
            Assert.Skip(TrellisApplication.NoPostgres + "; the failover test needs two nodes on one PostgreSQL database");
        }

        var (proxy, second) = (deployment.Proxy!, deployment.Second!);

        using var rest = await RestClientAsync(proxy);
        var people = new List<Person>();
        foreach (var who in new[] { "Ada", "Ben" })
        {
            var name = $"{who}'s item, kept through a node failure";
            var id = await CreateDefectAsync(rest, name);
            var browser = await chromium.NewPageAsync(proxy.Address);
            await browser.SignInAsync(TrellisApplication.AdminLogin, TrellisApplication.AdminPassword, $"/1001/1002/defect/{id}");
            await Expect(browser.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
            await browser.GetByLabel("Name", new() { Exact = true }).FillAsync(name + " (edited)");
            await Expect(UnsavedStatus(browser)).ToBeVisibleAsync();
            await DraftKeptAsync(browser);
            people.Add(new Person(id, name, browser, await AffinityOfAsync(browser)));
        }

        // The proxy hands new browsers the nodes in turn: one person on each node.
        Assert.True(people[0].Node != people[1].Node, $"Both browsers were pinned to the same node ({people[0].Node}); the proxy should alternate.");

        second.Kill();

        // Exactly one page lost its server: the one whose box opens.
        var boxes = people.Select(p => p.Page.GetByRole(AriaRole.Dialog, new() { Name = "Connection to the server lost" })).ToList();
        var waits = boxes.Select(b => b.WaitForAsync(new() { State = WaitForSelectorState.Visible })).ToList();
        var opened = await Task.WhenAny(waits);
        await opened;
        var lostIndex = waits.IndexOf(opened);
        // The other page's wait ends with its timeout or its closing; that outcome is not the question.
        _ = waits[1 - lostIndex].ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        var (lost, kept, box) = (people[lostIndex], people[1 - lostIndex], boxes[lostIndex]);

        // The reconnect reaches the survivor through the proxy, which does not have the page's circuit: the box says so.
        await Expect(box).ToContainTextAsync("was restarted or stopped", new() { Timeout = 60_000 });
        await Expect(box).ToContainTextAsync("Unsaved changes to an item's fields and comments and to the editor's configuration are kept in this browser");
        await box.GetByRole(AriaRole.Button, new() { Name = "Reload", Exact = true }).ClickAsync();

        // The page opens again on the surviving node, signed in, and offers the edit back (the offer is only on the new
        // page, so the checks after it are not the old page's).
        var page = lost.Page;
        await Expect(DraftOffer(page)).ToBeVisibleAsync();
        await page.WaitForInteractiveAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Restore", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = lost.Name, Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync(lost.Name + " (edited)");
        await Expect(UnsavedStatus(page)).ToBeVisibleAsync();
        Assert.Equal(kept.Node, await AffinityOfAsync(page));

        // The person goes on working there: one more change, then Save stores both.
        var description = page.GetByRole(AriaRole.Textbox, new() { Name = "Description", Exact = true });
        await description.ClickAsync();
        await description.PressSequentiallyAsync("Written after the failover.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = lost.Name + " (edited)", Level = 1 })).ToBeVisibleAsync();
        var stored = await DefectAsync(rest, lost.Id);
        Assert.Equal(lost.Name + " (edited)", stored["name"]!.GetValue<string>());
        Assert.Contains("Written after the failover.", stored["description"]!.GetValue<string>(), StringComparison.Ordinal);

        // A saved draft is gone: opening the page again shows the stored item, nothing restored.
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = lost.Name + " (edited)", Level = 1 })).ToBeVisibleAsync();
        await Expect(DraftOffer(page)).ToHaveCountAsync(0);

        // The other person, on the surviving node all along, never saw the box and saves as usual.
        await Expect(boxes[1 - lostIndex]).ToBeHiddenAsync();
        await kept.Page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(kept.Page.GetByRole(AriaRole.Heading, new() { Name = kept.Name + " (edited)", Level = 1 })).ToBeVisibleAsync();
        Assert.Equal(kept.Name + " (edited)", (await DefectAsync(rest, kept.Id))["name"]!.GetValue<string>());
    }

    // The form's status line, not the offer of kept edits (which speaks of unsaved edits too).
    private static ILocator UnsavedStatus(IPage page) =>
        page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new Regex("^Unsaved changes$") });

    private static ILocator DraftOffer(IPage page) =>
        page.GetByRole(AriaRole.Heading, new() { Name = "Unsaved edits kept in this browser" });

    // The page writes its draft to the tab's storage just after the render that shows the edit: the node is killed only
    // once it is there, as a person's edits are kept from that moment on.
    private static async Task DraftKeptAsync(IPage page) =>
        await page.WaitForFunctionAsync("() => Object.keys(sessionStorage).some(key => key.startsWith('trellis-draft:details/'))");

    private sealed record Person(string Id, string Name, IPage Page, string Node);

    private static async Task<string> AffinityOfAsync(IPage page) =>
        (await page.Context.CookiesAsync()).FirstOrDefault(c => c.Name == AffinityCookie)?.Value
        ?? throw new InvalidOperationException($"The proxy set no {AffinityCookie} cookie for the UI.");

    private static async Task<HttpClient> RestClientAsync(ServerProcess proxy)
    {
        var client = proxy.Client(cookies: new CookieContainer());
        using var response = await client.PostAsJsonAsync("/authentication/sign_in",
            new { user = TrellisApplication.AdminLogin, password = TrellisApplication.AdminPassword }, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    private static async Task<string> CreateDefectAsync(HttpClient rest, string name)
    {
        using var response = await rest.PostAsJsonAsync($"{TrellisApplication.Base}/defects", new { data = new[] { new { name } } }, Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>(Cancel);
        return body!["data"]![0]!["id"]!.GetValue<string>();
    }

    private static async Task<JsonObject> DefectAsync(HttpClient rest, string id) =>
        (await rest.GetFromJsonAsync<JsonObject>($"{TrellisApplication.Base}/defects/{id}?fields=name,description", Cancel))!;
}
