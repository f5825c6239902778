using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Trellis.Application.Auth;
using Trellis.Data.Model;

namespace Trellis.Server.IntegrationTests;

/// <summary>
/// The escalations the access layer closes (docs/security.md): user administration across power and across spaces,
/// sessions after a password change, and a workspace reached through another space's path. Each failed before the
/// rules lived in one place.
/// </summary>
public abstract class AccessControlTests(TrellisApplication app)
{
    private const string Space = "/api/shared_spaces/1001";
    private const string Password = "Caller-Password-1";
    private const long OtherSpace = 9_000_001;
    private const long OtherWorkspace = 9_000_002;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASpaceAdmin_CannotResetAdministerOrMintAKeyForASiteAdmin()
    {
        app.SkipUnlessAvailable();
        using var spaceAdmin = await SignedInWithAsync((Roles.SpaceAdmin, 1001, null));
        using var siteAdmin = await app.SignedInAsync();
        var siteAdminId = (await siteAdmin.GetObjectAsync("/api/current_user")).Text("id")!;

        using var password = await spaceAdmin.PutAsJsonAsync($"{Space}/users/{siteAdminId}", new { password = "Taken-Over-Password-1" }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(password, HttpStatusCode.Forbidden, "platform.forbidden");
        using var email = await spaceAdmin.PutAsJsonAsync($"{Space}/users/{siteAdminId}", new { email = "attacker@example.com" }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(email, HttpStatusCode.Forbidden, "platform.forbidden");
        using var roles = await spaceAdmin.PutAsJsonAsync($"{Space}/users/{siteAdminId}", new { roles = new[] { new { role = "viewer", workspace_id = "1002" } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(roles, HttpStatusCode.Forbidden, "platform.forbidden");
        using var key = await spaceAdmin.PostAsJsonAsync($"{Space}/api_keys", new { data = new[] { new { name = "mine now", user = new { id = siteAdminId } } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(key, HttpStatusCode.Forbidden, "platform.forbidden");

        // Nothing changed: the site admin still signs in with their password and keeps their e-mail and roles.
        using var again = await app.SignedInAsync();
        var admin = await again.GetObjectAsync("/api/current_user");
        Assert.NotEqual("attacker@example.com", admin.Text("email"));
        Assert.Contains(admin["roles"]!.AsArray(), r => r.Text("role") == Roles.SiteAdmin);
        using var siteParameters = await again.GetAsync("/admin/params/", Cancel);
        Assert.Equal(HttpStatusCode.OK, siteParameters.StatusCode);
    }

    [Fact]
    public async Task AnAdminOfAnotherSpace_CannotChangeAUserWhoAlsoBelongsToTheFirst()
    {
        app.SkipUnlessAvailable();
        await EnsureOtherSpaceAsync();
        using var otherAdmin = await SignedInWithAsync((Roles.SpaceAdmin, OtherSpace, null));
        var (login, targetId) = await AddUserAsync((Roles.Member, 1001, 1002), (Roles.Member, OtherSpace, OtherWorkspace));

        using var reset = await otherAdmin.PutAsJsonAsync($"/api/shared_spaces/{OtherSpace}/users/{targetId}", new { password = "Taken-Over-Password-1" }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(reset, HttpStatusCode.Forbidden, "platform.forbidden");
        using var roles = await otherAdmin.PutAsJsonAsync($"/api/shared_spaces/{OtherSpace}/users/{targetId}", new { roles = Array.Empty<object>() }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(roles, HttpStatusCode.Forbidden, "platform.forbidden");
        // Through the first space's path they are not even an admin.
        using var viaFirst = await otherAdmin.PutAsJsonAsync($"{Space}/users/{targetId}", new { password = "Taken-Over-Password-1" }, Cancel);
        Assert.Equal(HttpStatusCode.NotFound, viaFirst.StatusCode);

        using var stillTheirs = await app.SignedInAsync(login, Password);
        Assert.Equal(login, (await stillTheirs.GetObjectAsync("/api/current_user")).Text("name"));
    }

    [Fact]
    public async Task ASpaceAdmin_ResetsAMembersPassword_AndEveryOpenSessionOfTheMemberEnds()
    {
        app.SkipUnlessAvailable();
        using var spaceAdmin = await SignedInWithAsync((Roles.SpaceAdmin, 1001, null));
        var (login, memberId) = await AddUserAsync((Roles.Member, 1001, 1002));
        using var member = await app.SignedInAsync(login, Password);
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/api/current_user", Cancel)).StatusCode);

        using var reset = await spaceAdmin.PutAsJsonAsync($"{Space}/users/{memberId}", new { password = "Reset-By-Admin-1" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);

        using var afterReset = await member.GetAsync("/api/current_user", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, afterReset.StatusCode);
        using var withNew = await app.SignedInAsync(login, "Reset-By-Admin-1");
        Assert.Equal(login, (await withNew.GetObjectAsync("/api/current_user")).Text("name"));
    }

    [Fact]
    public async Task ChangingOnesOwnPassword_EndsOtherSessions_AndKeepsThisOne()
    {
        app.SkipUnlessAvailable();
        var (login, userId) = await AddUserAsync((Roles.Member, 1001, 1002));
        using var here = await app.SignedInAsync(login, Password);
        using var elsewhere = await app.SignedInAsync(login, Password);

        using var change = await here.PutAsJsonAsync($"{Space}/users/{userId}", new { password = "My-New-Password-1", email = "me@example.com" }, Cancel);
        Assert.Equal(HttpStatusCode.OK, change.StatusCode);

        Assert.Equal("me@example.com", (await here.GetObjectAsync("/api/current_user")).Text("email"));
        using var other = await elsewhere.GetAsync("/api/current_user", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, other.StatusCode);
        // Oneself never reaches one's own roles.
        using var promote = await here.PutAsJsonAsync($"{Space}/users/{userId}", new { roles = new[] { new { role = "space_admin", workspace_id = (string?)null } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(promote, HttpStatusCode.Forbidden, "platform.forbidden");
    }

    [Fact]
    public async Task AMember_MintsAKeyForThemselves_AndSeesOnlyTheirOwnKeys()
    {
        app.SkipUnlessAvailable();
        var (login, userId) = await AddUserAsync((Roles.Member, 1001, 1002));
        using var member = await app.SignedInAsync(login, Password);
        using var mint = await member.PostAsJsonAsync($"{Space}/api_keys", new { data = new[] { new { name = "my pipeline" } } }, Cancel);
        Assert.Equal(HttpStatusCode.Created, mint.StatusCode);
        var key = (await mint.ReadObjectAsync()).Data()[0]!;
        Assert.Equal(userId.ToString(CultureInfo.InvariantCulture), key["user"].Text("id"));

        var listed = (await member.GetObjectAsync($"{Space}/api_keys")).Data();
        Assert.All(listed, k => Assert.Equal(userId.ToString(CultureInfo.InvariantCulture), k!["user"].Text("id")));
        using var revoke = await member.DeleteAsync($"{Space}/api_keys/{key.Text("id")}", Cancel);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
    }

    [Fact]
    public async Task AWorkspaceReachedThroughAnotherSpacesPath_IsNotFound_ForToolbarsLaunchesAndSettings()
    {
        app.SkipUnlessAvailable();
        await EnsureOtherSpaceAsync();
        using var member = await app.CreateClientAsync(Roles.Member);
        var path = $"/api/shared_spaces/{OtherSpace}/workspaces/1002/external-actions";

        using var toolbar = await member.GetAsync($"{path}/applicable?entity_type=defect&view=list", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(toolbar, HttpStatusCode.NotFound, "platform.entity_not_found");
        using var launch = await member.PostAsJsonAsync($"{path}/quick_note/launch", new { view = "list", entity_type = "defect", entity_ids = Array.Empty<string>() }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(launch, HttpStatusCode.NotFound, "platform.entity_not_found");
        using var settings = await member.PutAsync($"{path}/panel_notes/settings/", new StringContent("""{"note":"planted"}"""), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(settings, HttpStatusCode.NotFound, "platform.entity_not_found");
        var stored = await app.WithDbAsync(db => Task.FromResult(db.ActionPanelSettings.Count(s => s.SharedSpaceId == OtherSpace)));
        Assert.Equal(0, stored);

        // The same member through the right space is let in.
        using var own = await member.GetAsync("/api/shared_spaces/1001/workspaces/1002/external-actions/applicable?entity_type=defect&view=list", Cancel);
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
    }

    private async Task EnsureOtherSpaceAsync() => await app.WithDbAsync(async db =>
    {
        if (!db.SharedSpaces.Any(s => s.Id == OtherSpace))
        {
            db.SharedSpaces.Add(new SharedSpace { Id = OtherSpace, Name = "Other space", CreatedAt = app.Time.GetUtcNow() });
            db.Workspaces.Add(new Workspace { Id = OtherWorkspace, SharedSpaceId = OtherSpace, Name = "Other workspace" });
            await db.SaveChangesAsync();
        }

        return true;
    });

    private async Task<HttpClient> SignedInWithAsync(params (string Role, long Space, long? Workspace)[] roles)
    {
        var (login, _) = await AddUserAsync(roles);
        return await app.SignedInAsync(login, Password);
    }

    private async Task<(string Login, long Id)> AddUserAsync(params (string Role, long Space, long? Workspace)[] roles)
    {
        var login = $"access-{Guid.NewGuid():N}";
        var id = await app.AddUserWithRolesAsync(login, Password, roles[0].Space, [.. roles.Select(r => (r.Role, (long?)r.Space, r.Workspace))]);
        return (login, id);
    }
}

public sealed class SqliteAccessControlTests(SqliteApplication app) : AccessControlTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresAccessControlTests(PostgresApplication app) : AccessControlTests(app), IClassFixture<PostgresApplication>;
