using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// One's own comments are edited in place and deleted after a question; other people's show neither, except Delete for a
/// workspace admin (docs/ui.md#details, "Comments"; the rule is docs/security.md#comments).
/// </summary>
public sealed partial class DailyUseTests
{
    private const string KeptEdit = "() => Object.entries(sessionStorage).some(([k, v]) => k.startsWith('trellis-draft:comment-edit/') && v.includes('second thought')) ";

    [Fact]
    public async Task CommentEdit_OwnComment_EscapeAndCancelKeepIt_SaveChangesItInPlace_AndAnEditIsKeptOverAReload()
    {
        var id = await app.CreateDefectAsync("Comment edited in place", null);
        var page = await MemberDetailsAsync(id, "Comment edited in place", "member");
        var comment = await PostCommentAsync(page, "A first thought.");
        var edit = comment.GetByRole(AriaRole.Button, new() { NameRegex = EditYourComment() });
        var box = page.GetByLabel("Your comment", new() { Exact = true });

        // Escape and Cancel put the comment back as it was, and the focus back on its Edit.
        await edit.ClickAsync();
        await Expect(box).ToBeFocusedAsync();
        await Expect(box).ToHaveValueAsync("A first thought.");
        await box.FillAsync("Not this.");
        await box.PressAsync("Escape");
        await Expect(box).ToHaveCountAsync(0);
        await Expect(comment).ToContainTextAsync("A first thought.");
        await Expect(edit).ToBeFocusedAsync();
        await edit.ClickAsync();
        await box.FillAsync("Not this either.");
        await comment.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(comment).ToContainTextAsync("A first thought.");
        await Expect(comment).Not.ToContainTextAsync("edited");

        // An edit not saved asks before leaving, and is kept in the tab and offered back after a reload.
        await edit.ClickAsync();
        await box.FillAsync("A second thought.");
        await page.WaitForFunctionAsync(KeptEdit);
        await page.GetByRole(AriaRole.Link, new() { Name = "Back to backlog", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync("Your edit of a comment is not saved. Leaving discards it.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Stay", Exact = true }).ClickAsync();
        page.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await Axe.AddToAsync(page);
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        var offer = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Unsaved comment edit kept in this browser" });
        await Expect(offer).ToContainTextAsync("A second thought.");
        var failures = await Axe.SeriousViolationsAsync(page, "a comment with its buttons and a kept edit");
        await offer.GetByRole(AriaRole.Button, new() { Name = "Restore the comment edit", Exact = true }).ClickAsync();
        await Expect(box).ToHaveValueAsync("A second thought.");
        failures.AddRange(await Axe.SeriousViolationsAsync(page, "a comment edited in place"));
        Assert.Empty(failures);

        // Saved, the comment shows the new text with an "edited" mark, stored as HTML like a new comment.
        await comment.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(box).ToHaveCountAsync(0);
        await Expect(comment).ToContainTextAsync("A second thought.");
        await Expect(comment.Locator(".trellis-comment-edited")).ToHaveTextAsync(new Regex("edited"));
        await Expect(edit).ToBeFocusedAsync();
        await page.WaitForFunctionAsync("() => !Object.keys(sessionStorage).some(k => k.startsWith('trellis-draft:comment-edit/'))");
        Assert.Equal(["<p>A second thought.</p>"], await CommentTextsAsync(id));
    }

    [Fact]
    public async Task CommentDelete_OwnComment_AsksFirst_KeepKeepsIt_DeleteRemovesIt()
    {
        var id = await app.CreateDefectAsync("Comment deleted by its author", null);
        var page = await MemberDetailsAsync(id, "Comment deleted by its author", "member");
        var comment = await PostCommentAsync(page, "Posted on the wrong item.");
        var delete = comment.GetByRole(AriaRole.Button, new() { NameRegex = DeleteYourComment() });

        await delete.ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Expect(dialog).ToContainTextAsync("Delete comment?");
        await Expect(dialog).ToContainTextAsync(new Regex("Your comment of .* is deleted for everyone."));
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Keep", Exact = true }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(delete).ToBeFocusedAsync();
        Assert.Single(await CommentTextsAsync(id));

        await delete.ClickAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        var heading = page.GetByRole(AriaRole.Heading, new() { Name = "Comments (0)", Level = 2 });
        await Expect(heading).ToBeVisibleAsync();
        await Expect(heading).ToBeFocusedAsync();
        Assert.Empty(await CommentTextsAsync(id));
    }

    [Fact]
    public async Task Comments_OfSomeoneElse_ShowNoEditOrDelete_AndAWorkspaceAdminMayOnlyDeleteThem()
    {
        var id = await app.CreateDefectAsync("Comment by someone else", null);
        await app.AdminCommentsAsync(id, "<p>The admin's note.</p>");

        var member = await MemberDetailsAsync(id, "Comment by someone else", "member");
        var theirs = member.GetByRole(AriaRole.List, new() { Name = "Comments" }).GetByRole(AriaRole.Listitem);
        await Expect(theirs).ToContainTextAsync("The admin's note.");
        await Expect(theirs.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        var moderator = await MemberDetailsAsync(id, "Comment by someone else", "workspace_admin");
        var moderated = moderator.GetByRole(AriaRole.List, new() { Name = "Comments" }).GetByRole(AriaRole.Listitem);
        await Expect(moderated.GetByRole(AriaRole.Button, new() { Name = "Edit", Exact = false })).ToHaveCountAsync(0);
        await moderated.GetByRole(AriaRole.Button, new() { NameRegex = DeleteTheirComment() }).ClickAsync();
        await moderator.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(moderator.GetByRole(AriaRole.Heading, new() { Name = "Comments (0)", Level = 2 })).ToBeVisibleAsync();
        Assert.Empty(await CommentTextsAsync(id));
    }

    // A details page signed in as a new person who holds the role in the workspace.
    private async Task<IPage> MemberDetailsAsync(string id, string name, string role)
    {
        await ConfigureAsync();
        var login = $"{role}-{Guid.NewGuid():N}@example.com";
        const string password = "Comment-Password-1";
        await app.AddUserAsync(login, password, role);
        var page = await app.SignedInPageAsync(chromium, login, password, $"/1001/1002/defect/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    private static async Task<ILocator> PostCommentAsync(IPage page, string text)
    {
        await page.GetByLabel("Add a comment", new() { Exact = true }).FillAsync(text);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add comment", Exact = true }).ClickAsync();
        // The newest comment is the last; a locator by its position still finds it while its text is in the edit box.
        var comment = page.GetByRole(AriaRole.List, new() { Name = "Comments" }).GetByRole(AriaRole.Listitem).Last;
        await Expect(comment).ToContainTextAsync(text);
        return comment;
    }

    private async Task<List<string>> CommentTextsAsync(string id)
    {
        using var client = await app.AdminRestClientAsync();
        var stored = (await client.GetFromJsonAsync<JsonObject>(
            $"/api/shared_spaces/1001/workspaces/1002/comments?fields=text&query=%22owner_work_item%20EQ%20%7Bid%20EQ%20{id}%7D%22&order_by=id",
            TestContext.Current.CancellationToken))!;
        return [.. stored["data"]!.AsArray().Select(c => c!["text"]!.GetValue<string>())];
    }

    [GeneratedRegex("^Edit your comment of \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$")]
    private static partial Regex EditYourComment();

    [GeneratedRegex("^Delete your comment of \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$")]
    private static partial Regex DeleteYourComment();

    [GeneratedRegex("^Delete .+'s comment of \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}$")]
    private static partial Regex DeleteTheirComment();
}
