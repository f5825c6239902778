using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>A comment typed but not posted is kept in the tab like the fields' edits, asked about and offered back (docs/ui.md#details).</summary>
public sealed partial class DailyUseTests
{
    private const string KeptComment = "() => Object.entries(sessionStorage).some(([k, v]) => k.startsWith('trellis-draft:comment/') && v.includes('Half a thought')) ";

    [Fact]
    public async Task Comment_TypedButNotPosted_AsksBeforeLeaving_AndIsOfferedBackAfterAReload()
    {
        var id = await app.CreateDefectAsync("Comment kept in the tab", null);
        var page = await DetailsAsync(id, "Comment kept in the tab");
        var box = page.GetByLabel("Add a comment", new() { Exact = true });
        await box.FillAsync("Half a thought about the cache.");
        await page.WaitForFunctionAsync(KeptComment);

        // Another page of the app asks first; Stay keeps the text.
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to backlog", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Your comment is not posted. Leaving discards it.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stay", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/1001/1002/defect/{id}$"));
        await Expect(box).ToHaveValueAsync("Half a thought about the cache.");

        // Closing or reloading the tab gets the browser's prompt (a synthetic beforeunload tells when it is armed).
        await page.WaitForFunctionAsync("() => { const e = new Event('beforeunload', { cancelable: true }); window.dispatchEvent(e); return e.defaultPrevented; }");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();

        var offer = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Unposted comment kept in this browser" });
        await Expect(offer).ToContainTextAsync("Half a thought about the cache.");
        await Expect(box).ToHaveValueAsync("");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Restore the comment", Exact = true }).ClickAsync();
        await Expect(offer).ToHaveCountAsync(0);
        await Expect(box).ToHaveValueAsync("Half a thought about the cache.");

        // Posted, it is a comment and no longer a draft.
        await box.PressSequentiallyAsync(" Now whole.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.List, new() { Name = "Comments" }).GetByRole(AriaRole.Listitem).Last)
            .ToContainTextAsync("Half a thought about the cache. Now whole.");
        await page.WaitForFunctionAsync("() => !Object.keys(sessionStorage).some(k => k.startsWith('trellis-draft:comment/'))");
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Comments (1)", Level = 2 })).ToBeVisibleAsync();
        await Expect(page.GetByText("Unposted comment kept in this browser")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Comment_KeptInTheTab_IsForgottenByDiscard_AndByTheSignInPage()
    {
        var id = await app.CreateDefectAsync("Comment discarded", null);
        var page = await DetailsAsync(id, "Comment discarded");
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        var box = page.GetByLabel("Add a comment", new() { Exact = true });
        await box.FillAsync("Half a thought, then not.");
        await page.WaitForFunctionAsync(KeptComment);

        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        var offer = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Unposted comment kept in this browser" });
        await offer.GetByRole(AriaRole.Button, new() { Name = "Discard the comment", Exact = true }).ClickAsync();
        await Expect(offer).ToHaveCountAsync(0);
        await page.WaitForFunctionAsync("() => !Object.keys(sessionStorage).some(k => k.startsWith('trellis-draft:comment/'))");
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        await Expect(page.GetByText("Unposted comment kept in this browser")).ToHaveCountAsync(0);

        // A draft kept again is dropped by the sign-in page, as the fields' are.
        await box.FillAsync("Half a thought for someone else's eyes.");
        await page.WaitForFunctionAsync(KeptComment);
        await page.GotoAsync("/login");
        await page.WaitForFunctionAsync("() => !Object.keys(sessionStorage).some(k => k.startsWith('trellis-draft:'))");
    }
}
