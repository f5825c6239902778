using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Trellis.Server.IntegrationTests;

/// <summary>Creating workspaces and shared spaces, and a space's workspace roles (docs/rest-api.md#workspaces-and-shared-spaces).</summary>
public abstract class OrganizationTests(TrellisApplication app)
{
    private const string Space = "/api/shared_spaces/1001";
    private const string Password = "Organization-Password-1";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, HttpStatusCode, string, string> BadBodies => new()
    {
        { """{"data":[{"description":"no name"}]}""", HttpStatusCode.BadRequest, "platform.missing_required_field", "name" },
        { """{"data":[{"name":"   "}]}""", HttpStatusCode.BadRequest, "platform.missing_required_field", "name" },
        { """{"data":[{"name":42}]}""", HttpStatusCode.BadRequest, "platform.illegal_field_value", "name" },
        { """{"data":[{"name":["a"]}]}""", HttpStatusCode.BadRequest, "platform.illegal_field_value", "name" },
        { """{"data":[{"name":"Fine","description":5}]}""", HttpStatusCode.BadRequest, "platform.illegal_field_value", "description" },
        { """{"data":[{"name":"Fine","colour":"red"}]}""", HttpStatusCode.BadRequest, "platform.unknown_field", "colour" },
        { """{"data":[{"name":"Fine","type":"defect"}]}""", HttpStatusCode.BadRequest, "platform.illegal_field_value", "type" },
        { """{"data":[{"name":"Fine","id":"5"}]}""", HttpStatusCode.Forbidden, "platform.modify_non_editable_field", "id" },
        { """{"data":[{"name":"default WORKSPACE"}]}""", HttpStatusCode.Conflict, "platform.duplicate_entity_error", "name" },
        { """{"data":[{"name":"Twice"},{"name":"twice"}]}""", HttpStatusCode.Conflict, "platform.duplicate_entity_error", "name" },
        { """{"data":[]}""", HttpStatusCode.BadRequest, "platform.missing_required_field", "data" },
        { """{"data":"Fine"}""", HttpStatusCode.BadRequest, "platform.missing_required_field", "data" },
        { """{"data":["Fine"]}""", HttpStatusCode.BadRequest, "platform.illegal_field_value", "data" },
        { "[1,2", HttpStatusCode.BadRequest, "platform.illegal_field_value", "" },
    };

    [Fact]
    public async Task ASpaceAdminCreatesAWorkspace_ThatIsBootstrappedAndTakesAStoryAtOnce()
    {
        using var admin = await app.SignedInAsync();
        var name = $"Mobile {Guid.NewGuid():N}";
        using var response = await PostAsync(admin, $"{Space}/workspaces?fields=name", $$"""{"data":[{"name":"{{name}}","description":"Apps"}]}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.ReadObjectAsync()).Data().Single()!;
        Assert.Equal(("workspace", name), (created.Text("type"), created.Text("name")));
        Assert.Null(created["description"]);
        var id = created.Text("id")!;

        var listed = (await admin.GetObjectAsync($"{Space}/workspaces")).Data().Single(w => w!.Text("id") == id)!;
        Assert.Equal("Apps", listed.Text("description"));
        var workspace = $"{Space}/workspaces/{id}";
        Assert.Equal(await CountAsync(admin, $"{TrellisApplication.Base}/phases"), await CountAsync(admin, $"{workspace}/phases"));
        Assert.Equal(await CountAsync(admin, $"{TrellisApplication.Base}/metadata/fields"), await CountAsync(admin, $"{workspace}/metadata/fields"));

        using var story = await PostAsync(admin, $"{workspace}/stories?fields=name,phase,parent", """{"data":[{"name":"First story"}]}""");
        Assert.Equal(HttpStatusCode.Created, story.StatusCode);
        var storyId = (await story.ReadObjectAsync()).Data()[0]!.Text("id");
        var read = await admin.GetObjectAsync($"{workspace}/stories/{storyId}?fields=name,phase{{logical_name}},parent");
        Assert.Equal("phase.story.new", read["phase"]!.Text("logical_name"));
        Assert.Equal("work_item_root", read["parent"]!.Text("type"));
        // The story lives in the new workspace only.
        using var elsewhere = await admin.GetAsync($"{TrellisApplication.Base}/stories/{storyId}", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, elsewhere.StatusCode);

        // The creator administers what they created, as in Octane.
        var adminId = (await admin.GetObjectAsync("/api/current_user")).Text("id");
        var roles = (await admin.GetObjectAsync($"{Space}/users/{adminId}?fields=workspace_roles"))["workspace_roles"]!["data"]!.AsArray();
        Assert.Contains(roles, r => r!.Text("id") == RoleId(id, 2) && r!["role"]!.Text("logical_name") == "role.workspace.admin");
    }

    [Fact]
    public async Task APlainMemberMayNotCreateAWorkspace_NorReachOneAnAdminCreated()
    {
        using var member = await app.CreateClientAsync("member");
        using var refused = await PostAsync(member, $"{Space}/workspaces", """{"data":[{"name":"Mine"}]}""");
        await AuthenticationTests.AssertOctaneErrorAsync(refused, HttpStatusCode.Forbidden, "platform.forbidden");

        using var admin = await app.SignedInAsync();
        var id = await CreateWorkspaceAsync(admin, $"Private {Guid.NewGuid():N}");
        Assert.DoesNotContain((await member.GetObjectAsync($"{Space}/workspaces")).Data(), w => w!.Text("id") == id);
        using var read = await member.GetAsync($"{Space}/workspaces/{id}/stories", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(read, HttpStatusCode.NotFound, "platform.entity_not_found");
        using var write = await PostAsync(member, $"{Space}/workspaces/{id}/stories", """{"data":[{"name":"Sneaked in"}]}""");
        await AuthenticationTests.AssertOctaneErrorAsync(write, HttpStatusCode.NotFound, "platform.entity_not_found");
        Assert.DoesNotContain((await member.GetObjectAsync($"{Space}/workspace_roles")).Data(), r => r!["workspace"]?.Text("id") == id);
        Assert.Contains((await admin.GetObjectAsync($"{Space}/workspace_roles")).Data(), r => r!["workspace"]?.Text("id") == id);
    }

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task BadInputIsAnOctaneErrorNamingTheField_AndCreatesNothing(string body, HttpStatusCode status, string code, string field)
    {
        using var admin = await app.SignedInAsync();
        var before = await app.WithDbAsync(db => db.Workspaces.CountAsync(Cancel));
        using var response = await PostAsync(admin, $"{Space}/workspaces", body);
        await AuthenticationTests.AssertOctaneErrorAsync(response, status, code);
        if (field.Length > 0)
        {
            Assert.Equal(field, (await response.ReadObjectAsync())["properties"]!.Text("field"));
        }

        Assert.Equal(before, await app.WithDbAsync(db => db.Workspaces.CountAsync(Cancel)));
    }

    [Fact]
    public async Task CreatorsRacing_GetDistinctIds_AndOneNameOnce_NeverA500()
    {
        using var admin = await app.SignedInAsync();
        var stem = $"Race {Guid.NewGuid():N}";
        var distinct = await Task.WhenAll(Enumerable.Range(0, 4).Select(async i =>
        {
            using var response = await PostAsync(admin, $"{Space}/workspaces", $$"""{"data":[{"name":"{{stem}} {{i}}"}]}""");
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            return (await response.ReadObjectAsync()).Data()[0]!.Text("id");
        }));
        Assert.Equal(4, distinct.Distinct().Count());

        var same = await Task.WhenAll(Enumerable.Range(0, 4).Select(async _ =>
        {
            using var response = await PostAsync(admin, $"{Space}/workspaces", $$"""{"data":[{"name":"{{stem}} same"}]}""");
            return response.StatusCode;
        }));
        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Conflict, HttpStatusCode.Conflict, HttpStatusCode.Conflict], same.Order());
    }

    [Fact]
    public async Task ASiteAdminCreatesASharedSpace_WithAFirstWorkspaceTheyAdminister()
    {
        using var site = await app.SignedInAsync();
        var name = $"Subsidiary {Guid.NewGuid():N}";
        using var response = await PostAsync(site, "/api/shared_spaces", $$"""{"data":[{"name":"{{name}}"}]}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var spaceId = (await response.ReadObjectAsync()).Data().Single()!.Text("id");
        Assert.Contains((await site.GetObjectAsync("/api/shared_spaces")).Data(), s => s!.Text("id") == spaceId && s.Text("name") == name);

        var first = (await site.GetObjectAsync($"/api/shared_spaces/{spaceId}/workspaces")).Data().Single()!;
        Assert.Equal("Default Workspace", first.Text("name"));
        using var defect = await PostAsync(site, $"/api/shared_spaces/{spaceId}/workspaces/{first.Text("id")}/defects", """{"data":[{"name":"Day one"}]}""");
        Assert.Equal(HttpStatusCode.Created, defect.StatusCode);
        var admins = await site.GetObjectAsync($"/api/shared_spaces/{spaceId}/workspace_roles?fields=role,users&query={Query("role={logical_name='role.shared.space.admin'}")}");
        Assert.Equal(TrellisApplication.AdminLogin, admins.Data().Single()!["users"]!["data"]![0]!.Text("name"));

        using var again = await PostAsync(site, "/api/shared_spaces", $$"""{"data":[{"name":"{{name.ToUpperInvariant()}}"}]}""");
        await AuthenticationTests.AssertOctaneErrorAsync(again, HttpStatusCode.Conflict, "platform.duplicate_entity_error");
        using var described = await PostAsync(site, "/api/shared_spaces", """{"data":[{"name":"Other","description":"none kept"}]}""");
        await AuthenticationTests.AssertOctaneErrorAsync(described, HttpStatusCode.BadRequest, "platform.unknown_field");

        // A space admin of 1001 is no site admin: they may neither create a space nor see this one.
        using var spaceAdmin = await SignedInWithAsync(("space_admin", 1001, null));
        using var refused = await PostAsync(spaceAdmin, "/api/shared_spaces", """{"data":[{"name":"Not mine"}]}""");
        await AuthenticationTests.AssertOctaneErrorAsync(refused, HttpStatusCode.Forbidden, "platform.forbidden");
        using var hidden = await spaceAdmin.GetAsync($"/api/shared_spaces/{spaceId}/workspace_roles", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(hidden, HttpStatusCode.NotFound, "platform.entity_not_found");
    }

    [Fact]
    public async Task WorkspaceRolesAreFoundByRoleWorkspaceAndHolder_AsTheSdkAsks()
    {
        using var admin = await app.SignedInAsync();
        var spaceAdmins = await admin.GetObjectAsync($"{Space}/workspace_roles?query={Query("role={logical_name='role.shared.space.admin'}")}");
        Assert.Equal(1, spaceAdmins["total_count"]!.GetValue<int>());
        var spaceAdminRole = spaceAdmins.Data().Single()!;
        Assert.Equal(("workspace_role", "10011", "role.shared.space.admin"), (spaceAdminRole.Text("type"), spaceAdminRole.Text("id"), spaceAdminRole["role"]!.Text("logical_name")));
        Assert.Null(spaceAdminRole["workspace"]);
        Assert.Null(spaceAdminRole["users"]);

        var workspaceAdmin = await admin.GetObjectAsync($"{Space}/workspace_roles?query={Query("workspace={id=1002};role={logical_name='role.workspace.admin'}")}");
        var item = workspaceAdmin.Data().Single()!;
        Assert.Equal(("10022", "1002", "Default Workspace"), (item.Text("id"), item["workspace"]!.Text("id"), item["workspace"]!.Text("name")));

        var memberId = await app.AddUserAsync($"holder-{Guid.NewGuid():N}@example.com", Password, "member");
        var held = await admin.GetObjectAsync($"{Space}/workspace_roles?fields=role&query={Query($"users={{id={memberId}}}")}");
        Assert.Equal(["role.workspace.team.member"], held.Data().Select(r => r!["role"]!.Text("logical_name")));
        Assert.Null(held.Data()[0]!["workspace"]);
        var sameHeld = await admin.GetObjectAsync($"{Space}/workspace_roles?fields=role&query={Query($"user={{id={memberId}}}")}");
        Assert.Equal(held.Data().Select(r => r!.Text("id")), sameHeld.Data().Select(r => r!.Text("id")));

        var all = await admin.GetObjectAsync($"{Space}/workspace_roles");
        var page = await admin.GetObjectAsync($"{Space}/workspace_roles?limit=2&offset=1&fields=id");
        Assert.Equal(all["total_count"]!.GetValue<int>(), page["total_count"]!.GetValue<int>());
        Assert.Equal(all.Data().Skip(1).Take(2).Select(r => r!.Text("id")), page.Data().Select(r => r!.Text("id")));
        Assert.Equal("10011", (await admin.GetObjectAsync($"{Space}/workspace_roles/10011")).Text("id"));

        using var unknown = await admin.GetAsync($"{Space}/workspace_roles?query={Query("colour='red'")}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(unknown, HttpStatusCode.BadRequest, "platform.unknown_field");
        using var badField = await admin.GetAsync($"{Space}/workspace_roles?fields=colour", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(badField, HttpStatusCode.BadRequest, "platform.unknown_field");
        using var syntax = await admin.GetAsync($"{Space}/workspace_roles?query={Query("role={logical_name=")}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(syntax, HttpStatusCode.BadRequest, "platform.query_syntax_error");
        using var missing = await admin.GetAsync($"{Space}/workspace_roles/987654321", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(missing, HttpStatusCode.NotFound, "platform.entity_not_found");
    }

    [Fact]
    public async Task UnderAWorkspaceTheListIsThatWorkspacesRoles_AsTheSdksEntityPathAsks()
    {
        using var admin = await app.SignedInAsync();
        var memberId = await app.AddUserAsync($"ws-holder-{Guid.NewGuid():N}@example.com", Password, "member");
        var roles = await admin.GetObjectAsync($"{Space}/workspaces/1002/workspace_roles?fields=role,workspace,users");
        Assert.Equal(["10022", "10023", "10024"], roles.Data().Select(r => r!.Text("id")));
        Assert.All(roles.Data(), r => Assert.Equal("1002", r!["workspace"]!.Text("id")));
        Assert.Contains(memberId.ToString(System.Globalization.CultureInfo.InvariantCulture),
            roles.Data().Single(r => r!.Text("id") == "10023")!["users"]!["data"]!.AsArray().Select(u => u!.Text("id")));

        var members = await admin.GetObjectAsync($"{Space}/workspaces/1002/workspace_roles?query={Query("role={logical_name='role.workspace.team.member'}")}");
        Assert.Equal(["10023"], members.Data().Select(r => r!.Text("id")));
        Assert.Equal("10024", (await admin.GetObjectAsync($"{Space}/workspaces/1002/workspace_roles/10024")).Text("id"));

        // The space-admin role belongs to the space, not to a workspace.
        using var spaceRole = await admin.GetAsync($"{Space}/workspaces/1002/workspace_roles/10011", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(spaceRole, HttpStatusCode.NotFound, "platform.entity_not_found");
    }

    [Fact]
    public async Task AppendingTheSpaceAdminWorkspaceRoleToAUser_GrantsIt_AsTheSdkDoes()
    {
        using var admin = await app.SignedInAsync();
        var login = $"promoted-{Guid.NewGuid():N}@example.com";
        using var created = await PostAsync(admin, $"{Space}/users?fields=name,workspace_roles", $$"""{"data":[{"name":"{{login}}","password":"{{Password}}"}]}""");
        var user = (await created.ReadObjectAsync()).Data().Single()!;
        Assert.Null(user["email"]);
        // A new user is a member of every workspace of the space, 1002 among them.
        Assert.Contains("10023", user["workspace_roles"]!["data"]!.AsArray().Select(r => r!.Text("id")));
        using var promoted = await app.SignedInAsync(login, Password);
        using var before = await PostAsync(promoted, $"{Space}/workspaces", """{"data":[{"name":"Too early"}]}""");
        Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);

        using var update = await admin.PutAsync($"{Space}/users/{user.Text("id")}?reference_update_mode=append",
            new StringContent("""{"workspace_roles":{"data":[{"type":"workspace_role","id":"10011"}]}}""", Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        var read = await admin.GetObjectAsync($"{Space}/users/{user.Text("id")}?fields=name,workspace_roles");
        var granted = read["workspace_roles"]!["data"]!.AsArray().Select(r => r!.Text("id")).ToList();
        Assert.Contains("10011", granted);
        Assert.Contains("10023", granted);
        // The grant holds at once, on the session the user already had.
        using var after = await PostAsync(promoted, $"{Space}/workspaces", $$"""{"data":[{"name":"Promoted {{Guid.NewGuid():N}}"}]}""");
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);

        // Without append the list replaces the user's roles in the space; a role of another space is refused.
        using var replace = await admin.PutAsync($"{Space}/users/{user.Text("id")}",
            new StringContent("""{"workspace_roles":{"data":[{"type":"workspace_role","id":"10024"}]}}""", Encoding.UTF8, "application/json"), Cancel);
        Assert.Equal(HttpStatusCode.OK, replace.StatusCode);
        Assert.Equal(["10024"], (await admin.GetObjectAsync($"{Space}/users/{user.Text("id")}?fields=workspace_roles"))["workspace_roles"]!["data"]!.AsArray().Select(r => r!.Text("id")));
        using var foreign = await admin.PutAsync($"{Space}/users/{user.Text("id")}",
            new StringContent("""{"workspace_roles":{"data":[{"type":"workspace_role","id":"99991"}]}}""", Encoding.UTF8, "application/json"), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(foreign, HttpStatusCode.BadRequest, "platform.illegal_field_value");
    }

    [Fact]
    public async Task UsersHonourFieldsAndQuery()
    {
        using var admin = await app.SignedInAsync();
        var found = await admin.GetObjectAsync($"{Space}/users?fields=name&query={Query($"name='{TrellisApplication.AdminLogin}'")}");
        Assert.Equal(1, found["total_count"]!.GetValue<int>());
        var user = found.Data().Single()!.AsObject();
        Assert.Equal(["type", "id", "name"], user.Select(p => p.Key));

        var spaceAdmins = await admin.GetObjectAsync($"{Space}/users?fields=name&query={Query("workspace_roles={role={logical_name='role.shared.space.admin'}}")}");
        Assert.Contains(spaceAdmins.Data(), u => u!.Text("name") == TrellisApplication.AdminLogin);
        Assert.All(spaceAdmins.Data(), u => Assert.Null(u!["email"]));
        Assert.Null((await admin.GetObjectAsync($"{Space}/users")).Data()[0]!["workspace_roles"]);
        using var unknown = await admin.GetAsync($"{Space}/users?fields=shoe_size", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(unknown, HttpStatusCode.BadRequest, "platform.unknown_field");
    }

    [Fact]
    public async Task WorkspaceUsersListTheirRolesInThatWorkspace_WhenFieldsAskForThem()
    {
        using var admin = await app.SignedInAsync();
        var other = await CreateWorkspaceAsync(admin, $"Elsewhere {Guid.NewGuid():N}");
        var memberLogin = $"ws-member-{Guid.NewGuid():N}@example.com";
        var memberId = await app.AddUserWithRolesAsync(memberLogin, Password, 1001, ("member", 1001, 1002), ("workspace_admin", 1001, long.Parse(other, CultureInfo.InvariantCulture)));
        var spaceAdminLogin = $"ws-space-admin-{Guid.NewGuid():N}@example.com";
        await app.AddUserWithRolesAsync(spaceAdminLogin, Password, 1001, ("space_admin", 1001, null), ("viewer", 1001, 1002));
        using var viewer = await SignedInWithAsync(("viewer", 1001, 1002));
        var users = $"{TrellisApplication.Base}/workspace_users";

        // The member's role here, and not the one it holds in the other workspace, which a reader of this one may not see.
        var listed = await viewer.GetObjectAsync($"{users}?fields=name,workspace_roles&query={Query($"name='{memberLogin}'")}");
        var member = listed.Data().Single()!;
        Assert.Equal(["type", "id", "name", "workspace_roles"], member.AsObject().Select(p => p.Key));
        var memberRoles = member["workspace_roles"]!;
        Assert.Equal(1, memberRoles["total_count"]!.GetValue<int>());
        var role = memberRoles["data"]!.AsArray().Single()!;
        Assert.Equal(("workspace_role", "10023", "role.workspace.team.member", "1002"),
            (role.Text("type"), role.Text("id"), role["role"]!.Text("logical_name"), role["workspace"]!.Text("id")));

        // A space admin holds the space's admin role (no workspace) beside its role in this workspace, ordered by id.
        var spaceAdmin = (await viewer.GetObjectAsync($"{users}?fields=workspace_roles&query={Query($"name='{spaceAdminLogin}'")}")).Data().Single()!;
        Assert.Equal(["10011", "10024"], spaceAdmin["workspace_roles"]!["data"]!.AsArray().Select(r => r!.Text("id")));
        Assert.Null(spaceAdmin["workspace_roles"]!["data"]![0]!["workspace"]);

        // One user by id, the same; without fields, or with fields that leave it out, there is none.
        var one = await viewer.GetObjectAsync($"{users}/{memberId}?fields=workspace_roles");
        Assert.Equal(["10023"], one["workspace_roles"]!["data"]!.AsArray().Select(r => r!.Text("id")));
        Assert.Null((await viewer.GetObjectAsync($"{users}/{memberId}"))["workspace_roles"]);
        Assert.Null((await viewer.GetObjectAsync($"{users}/{memberId}?fields=name"))["workspace_roles"]);
        Assert.Contains((await viewer.GetObjectAsync($"{TrellisApplication.Base}/metadata/fields?query={Query("entity_name='workspace_user'")}")).Data(),
            f => f!.Text("name") == "workspace_roles");

        // What it cannot do is said, with the field named: no filter or sort on it, and unknown fields stay unknown.
        using var filtered = await viewer.GetAsync($"{users}?query={Query("workspace_roles={id=10023}")}", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(filtered, HttpStatusCode.BadRequest, "platform.unknown_field");
        Assert.Contains("workspace_roles", await filtered.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        using var sorted = await viewer.GetAsync($"{users}?order_by=workspace_roles", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(sorted, HttpStatusCode.BadRequest, "platform.unknown_field");
        using var unknown = await viewer.GetAsync($"{users}?fields=name,shoe_size", Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(unknown, HttpStatusCode.BadRequest, "platform.unknown_field");
    }

    private static string RoleId(string placeId, int index) =>
        ((long.Parse(placeId, CultureInfo.InvariantCulture) * 10) + index).ToString(CultureInfo.InvariantCulture);

    private static string Query(string statement) => Uri.EscapeDataString($"\"{statement}\"");

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string url, string body) =>
        client.PostAsync(url, new StringContent(body, Encoding.UTF8, "application/json"), Cancel);

    private static async Task<int> CountAsync(HttpClient client, string url) => (await client.GetObjectAsync(url))["total_count"]!.GetValue<int>();

    private static async Task<string> CreateWorkspaceAsync(HttpClient admin, string name)
    {
        using var response = await PostAsync(admin, $"{Space}/workspaces", $$"""{"data":[{"name":"{{name}}"}]}""");
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadObjectAsync()).Data()[0]!.Text("id")!;
    }

    private async Task<HttpClient> SignedInWithAsync(params (string Role, long? Space, long? Workspace)[] roles)
    {
        var login = $"org-{Guid.NewGuid():N}@example.com";
        await app.AddUserWithRolesAsync(login, Password, 1001, roles);
        return await app.SignedInAsync(login, Password);
    }
}

public sealed class SqliteOrganizationTests(SqliteApplication app) : OrganizationTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresOrganizationTests(PostgresApplication app) : OrganizationTests(app), IClassFixture<PostgresApplication>;

/// <summary>A workspace created through one node is used through the other at once (docs/rest-api.md#workspaces-and-shared-spaces).</summary>
public sealed class OrganizationTwoNodeTests(TwoPostgresNodes nodes) : IClassFixture<TwoPostgresNodes>
{
    [Fact]
    public async Task AWorkspaceCreatedOnOneNodeIsUsedOnTheOther()
    {
        if (nodes.First is null || nodes.Second is null)
        {
            Assert.Skip(TrellisApplication.NoPostgres);
        }

        using var one = await nodes.First.SignedInAsync();
        using var two = await nodes.Second.SignedInAsync();
        // The second node has already answered for the space, so it holds what it read then.
        Assert.NotEmpty((await two.GetObjectAsync("/api/shared_spaces/1001/workspace_roles")).Data());
        using var created = await one.PostAsync("/api/shared_spaces/1001/workspaces",
            new StringContent($$"""{"data":[{"name":"Cross-node {{Guid.NewGuid():N}}"}]}""", Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.ReadObjectAsync()).Data()[0]!.Text("id");

        using var story = await two.PostAsJsonAsync($"/api/shared_spaces/1001/workspaces/{id}/stories", new { data = new[] { new { name = "Made on the other node" } } }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, story.StatusCode);
        var fields = await two.GetObjectAsync($"/api/shared_spaces/1001/workspaces/{id}/metadata/fields?query={Uri.EscapeDataString("\"entity_name='story'\"")}");
        Assert.True(fields["total_count"]!.GetValue<int>() > 10);
        Assert.Contains((await two.GetObjectAsync("/api/shared_spaces/1001/workspace_roles")).Data(), r => r!["workspace"]?.Text("id") == id);
    }
}
