using System.Net;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Auth;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// Who may change a comment through REST (docs/security.md#comments): its author rewrites and deletes it, a workspace
/// admin deletes but never rewrites it, anybody else gets <c>403 platform.forbidden</c> and nothing changes. Before the
/// rule any member could rewrite or delete anyone's comment, and post one in someone else's name.
/// </summary>
public abstract class CommentAuthorshipTests(TrellisApplication app)
{
    private const string Comments = $"{TrellisApplication.Base}/comments";
    private const string Password = "Comment-Password-1";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnotherMember_CannotRewriteOrDeleteAComment_ByAnyRoute_AndNothingChanges()
    {
        app.SkipUnlessAvailable();
        var (author, _) = await MemberAsync(Roles.Member);
        var (other, _) = await MemberAsync(Roles.Member);
        var id = await PostAsync(author, await DefectAsync(), "<p>Mine.</p>");

        using var put = await other.PutAsync($"{Comments}/{id}", Body(new JsonObject { ["text"] = "<p>Yours now.</p>" }), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(put, HttpStatusCode.Forbidden, "platform.forbidden");
        using var bulk = await other.PutAsync(Comments, Body(new JsonObject { ["data"] = new JsonArray(new JsonObject { ["id"] = id, ["text"] = "<p>Bulk.</p>" }) }), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(bulk, HttpStatusCode.Forbidden, "platform.forbidden");
        using var byQuery = await other.PutAsync($"{Comments}?query={Query($"id EQ {id}")}", Body(new JsonObject { ["text"] = "<p>Query.</p>" }), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(byQuery, HttpStatusCode.Forbidden, "platform.forbidden");
        using var delete = await other.DeleteAsync($"{Comments}/{id}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(delete, HttpStatusCode.Forbidden, "platform.forbidden");
        using var deleteByQuery = await other.DeleteAsync($"{Comments}?query={Query($"id EQ {id}")}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(deleteByQuery, HttpStatusCode.Forbidden, "platform.forbidden");

        // A bulk update of theirs and mine: mine is applied, theirs refused in the batch's errors.
        var defect = await DefectAsync();
        var mine = await PostAsync(other, defect, "<p>Other's own.</p>");
        var items = new JsonArray(new JsonObject { ["id"] = id, ["text"] = "<p>Bulk.</p>" }, new JsonObject { ["id"] = mine, ["text"] = "<p>Other's own, edited.</p>" });
        using var mixed = await other.PutAsync(Comments, Body(new JsonObject { ["data"] = items }), Cancel);
        Assert.Equal(HttpStatusCode.Conflict, mixed.StatusCode);
        var batch = await mixed.ReadObjectAsync();
        Assert.Equal("platform.forbidden", Assert.Single(batch["errors"]!.AsArray())!.Text("error_code"));
        Assert.Equal(mine, Assert.Single(batch.Data())!.Text("id"));

        var stored = await author.GetObjectAsync($"{Comments}/{id}?fields=text,version_stamp");
        Assert.Equal("<p>Mine.</p>", stored.Text("text"));
        Assert.Equal(1, stored["version_stamp"]!.GetValue<long>());
        Assert.Empty(await AuditAsync(id, "entity.update", "entity.delete"));
    }

    [Fact]
    public async Task TheAuthor_RewritesAndDeletesTheirComment_WithTheAuditRecords()
    {
        app.SkipUnlessAvailable();
        var (author, authorId) = await MemberAsync(Roles.Member);
        var id = await PostAsync(author, await DefectAsync(), "<p>First try.</p>");

        using var put = await author.PutAsync($"{Comments}/{id}", Body(new JsonObject { ["text"] = "<p>Second try.</p>" }), Cancel);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.Equal("<p>Second try.</p>", (await author.GetObjectAsync($"{Comments}/{id}?fields=text")).Text("text"));
        using var delete = await author.DeleteAsync($"{Comments}/{id}", Cancel);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        using var gone = await author.GetAsync($"{Comments}/{id}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);

        var audit = await AuditAsync(id, "entity.update", "entity.delete");
        Assert.Equal(new[] { "entity.update", "entity.delete" }, audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal<long?>(authorId, a.UserId));
    }

    [Theory]
    [InlineData(Roles.WorkspaceAdmin)]
    [InlineData(Roles.SpaceAdmin)]
    public async Task AnAdmin_DeletesAnyonesComment_ButCannotRewriteIt(string role)
    {
        app.SkipUnlessAvailable();
        var (author, _) = await MemberAsync(Roles.Member);
        var (admin, adminId) = await MemberAsync(role);
        var id = await PostAsync(author, await DefectAsync(), "<p>Rude words.</p>");

        using var put = await admin.PutAsync($"{Comments}/{id}", Body(new JsonObject { ["text"] = "<p>Polite words.</p>" }), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(put, HttpStatusCode.Forbidden, "platform.forbidden");
        Assert.Equal("<p>Rude words.</p>", (await author.GetObjectAsync($"{Comments}/{id}?fields=text")).Text("text"));

        using var delete = await admin.DeleteAsync($"{Comments}/{id}", Cancel);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        using var gone = await author.GetAsync($"{Comments}/{id}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal<long?>(adminId, Assert.Single(await AuditAsync(id, "entity.delete")).UserId);
    }

    [Fact]
    public async Task NobodyWritesACommentInSomeoneElsesName()
    {
        app.SkipUnlessAvailable();
        var (author, authorId) = await MemberAsync(Roles.Member);
        var (forger, forgerId) = await MemberAsync(Roles.Member);
        var defect = await DefectAsync();

        using var forged = await forger.PostAsync(Comments, Body(Comment(defect, "<p>Said by someone else.</p>", authorId)), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(forged, HttpStatusCode.Forbidden, "platform.forbidden");
        var own = await PostAsync(forger, defect, "<p>Said by me.</p>", forgerId);
        using var moved = await forger.PutAsync($"{Comments}/{own}", Body(new JsonObject { ["author"] = new JsonObject { ["type"] = "workspace_user", ["id"] = authorId } }), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(moved, HttpStatusCode.Forbidden, "platform.forbidden");

        var stored = await author.GetObjectAsync($"{Comments}?fields=author&query={Query($"owner_work_item EQ {{id EQ {defect}}}")}");
        Assert.Equal(new[] { forgerId.ToString(CultureInfo.InvariantCulture) }, stored.Data().Select(c => c!["author"].Text("id")));
    }

    [Fact]
    public async Task DeletingAnItem_DeletesEveryonesCommentsOnIt_AndNoOtherItems()
    {
        app.SkipUnlessAvailable();
        var (member, _) = await MemberAsync(Roles.Member);
        using var admin = await app.SignedInAsync();
        var (deleted, deletedByQuery, kept) = (await DefectAsync(), await DefectAsync(), await DefectAsync());
        var gone = new[]
        {
            await PostAsync(member, deleted, "<p>A member's.</p>"), await PostAsync(admin, deleted, "<p>The admin's.</p>"),
            await PostAsync(member, deletedByQuery, "<p>On the second.</p>"),
        };
        var stays = await PostAsync(member, kept, "<p>On another item.</p>");

        // The admin may delete the items; the comments go with them whoever wrote them, by one and by query.
        using (var one = await admin.DeleteAsync($"{TrellisApplication.Base}/defects/{deleted}", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, one.StatusCode);
        }

        using (var byQuery = await admin.DeleteAsync($"{TrellisApplication.Base}/defects?query={Query($"id EQ {deletedByQuery}")}", Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, byQuery.StatusCode);
        }

        foreach (var id in gone)
        {
            using var read = await admin.GetAsync($"{Comments}/{id}", Cancel);
            Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        }

        Assert.Equal("<p>On another item.</p>", (await admin.GetObjectAsync($"{Comments}/{stays}?fields=text")).Text("text"));
    }

    private static StringContent Body(JsonObject body) => new(body.ToJsonString());

    private static string Query(string query) => Uri.EscapeDataString("\"" + query + "\"");

    private static JsonObject Comment(string defect, string text, long? author = null)
    {
        var comment = new JsonObject { ["text"] = text, ["owner_work_item"] = new JsonObject { ["type"] = "work_item", ["id"] = defect } };
        if (author is { } id)
        {
            comment["author"] = new JsonObject { ["type"] = "workspace_user", ["id"] = id };
        }

        return new JsonObject { ["data"] = new JsonArray(comment) };
    }

    private static async Task<string> PostAsync(HttpClient client, string defect, string text, long? author = null)
    {
        using var response = await client.PostAsync(Comments, Body(Comment(defect, text, author)), Cancel);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync()).Data()[0].Text("id")!;
    }

    private async Task<string> DefectAsync()
    {
        using var admin = await app.SignedInAsync();
        return (await admin.CreateDefectsAsync($"Commented {Guid.NewGuid():N}"))[0];
    }

    private async Task<(HttpClient Client, long Id)> MemberAsync(string role)
    {
        var login = $"comments-{Guid.NewGuid():N}";
        var id = role == Roles.SpaceAdmin
            ? await app.AddUserWithRolesAsync(login, Password, 1001, (role, 1001, null))
            : await app.AddUserAsync(login, Password, role);
        return (await app.SignedInAsync(login, Password), id);
    }

    private Task<List<(string Action, long? UserId)>> AuditAsync(string id, params string[] actions) => app.WithDbAsync(async db =>
    {
        var target = $"comment/{id}";
        var rows = await db.AuditLog.Where(a => a.Target == target && actions.Contains(a.Action)).OrderBy(a => a.Id)
            .Select(a => new { a.Action, a.UserId }).ToListAsync(Cancel);
        return rows.Select(r => (r.Action, (long?)r.UserId)).ToList();
    });
}

public sealed class SqliteCommentAuthorshipTests(SqliteApplication app) : CommentAuthorshipTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresCommentAuthorshipTests(PostgresApplication app) : CommentAuthorshipTests(app), IClassFixture<PostgresApplication>;
