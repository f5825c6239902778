using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using Trellis.Data.Model;
using Trellis.Server.IntegrationTests;
using static Microsoft.Playwright.Assertions;

namespace Trellis.Web.Tests;

/// <summary>
/// The administration pages (docs/ui.md#administration): users and roles, API keys, site parameters and the audit log,
/// each through the services the REST endpoints use, and the rule of administering users as the REST API applies it.
/// </summary>
[Collection(AdminPagesCollection.Name)]
public sealed class AdministrationTests(UiApplication app, Chromium chromium)
{
    private const string Password = "Admin-Page-Password-1";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASpaceAdminCreatesAUserAndChangesTheirWorkspaceRoles()
    {
        var spaceAdmin = await NewUserAsync("space-admin", ("space_admin", 1001, null));
        var login = $"new-{Guid.NewGuid():N}@example.com";
        // Space admins reach the page from the app bar.
        var page = await app.SignedInPageAsync(chromium, spaceAdmin, Password, "/1001/1002/backlog");
        await page.GetByRole(AriaRole.Link, new() { Name = "Administration", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Users and roles", Level = 1 })).ToBeVisibleAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/1001/settings/users$"));

        await page.GetByLabel("Login").FillAsync(login);
        await page.GetByLabel("First name").FillAsync("Nora");
        await page.GetByLabel("Last name").FillAsync("Lind");
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("New-User-Password-1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create user" }).ClickAsync();
        await Expect(page.GetByText($"Created {login}.")).ToBeVisibleAsync();

        // The new user opens for managing: a member of the space's workspaces, as the REST create makes them (other
        // tests may have added workspaces to the space, so only workspace 1002's roles are counted).
        using var rest = await app.AdminRestClientAsync();
        var workspace = (await rest.GetObjectAsync("/api/shared_spaces/1001/workspaces/1002")).Text("name");
        var roles = page.GetByRole(AriaRole.List, new() { Name = $"Roles of {login}" });
        var member = roles.GetByText($"member in {workspace}", new() { Exact = true });
        var workspaceAdmin = roles.GetByText($"workspace_admin in {workspace}", new() { Exact = true });
        await Expect(member).ToHaveCountAsync(1);
        await page.GetByLabel("Role", new() { Exact = true }).SelectOptionAsync("workspace_admin");
        await page.GetByLabel("Workspace", new() { Exact = true }).SelectOptionAsync("1002");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add role" }).ClickAsync();
        await Expect(workspaceAdmin).ToHaveCountAsync(1);
        await roles.GetByRole(AriaRole.Button, new() { Name = $"Remove member in {workspace}", Exact = true }).ClickAsync();
        await Expect(member).ToHaveCountAsync(0);
        await Expect(workspaceAdmin).ToHaveCountAsync(1);

        // The search narrows the table to the new user.
        var search = page.GetByRole(AriaRole.Searchbox, new() { Name = "Search users" });
        await search.FillAsync(login);
        await search.PressAsync("Enter");
        var users = page.GetByRole(AriaRole.Table, new() { Name = "Users" });
        await Expect(users.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Expect(users).ToContainTextAsync("Nora Lind");

        // The REST API sees what the page did: the user signs in, holds exactly the new role in the workspace, and the change is audited.
        var listed = await rest.GetObjectAsync("/api/shared_spaces/1001/users");
        var user = listed.Data().Single(u => u!.Text("name") == login)!;
        var grant = Assert.Single(user["roles"]!.AsArray(), g => g.Text("workspace_id") == "1002");
        Assert.Equal(("workspace_admin", "1002"), (grant.Text("role"), grant.Text("workspace_id")));
        using var signedIn = await RestClientAsync(login, "New-User-Password-1");
        var audit = await rest.GetObjectAsync($"/admin/shared_spaces/1001/audit?entity_type=user&action=user.&user={Uri.EscapeDataString(spaceAdmin)}");
        Assert.Equal(3, audit["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task ASpaceAdminCreatesAWorkspace_IsToldOfADuplicateName_AndOpensItsBacklog()
    {
        var spaceAdmin = await NewUserAsync("space-admin", ("space_admin", 1001, null));
        var name = $"Platform {Guid.NewGuid():N}"[..20];
        var page = await app.SignedInPageAsync(chromium, spaceAdmin, Password, "/1001/1002/backlog");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Backlog", Level = 1 })).ToBeVisibleAsync();
        await page.GotoAsync("/1001/settings/workspaces");
        await page.WaitForInteractiveAsync();
        var form = page.GetByRole(AriaRole.Region, new() { Name = "New workspace" });
        var nameField = form.GetByLabel("Name", new() { Exact = true });
        var create = form.GetByRole(AriaRole.Button, new() { Name = "Create workspace" });

        // A missing name is marked on its field, before anything is written.
        await create.ClickAsync();
        await Expect(nameField).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(form.GetByText("A workspace needs a name.")).ToBeVisibleAsync();

        await nameField.FillAsync(name);
        await form.GetByLabel("Description", new() { Exact = true }).FillAsync("Shared services");
        await create.ClickAsync();
        var open = form.GetByRole(AriaRole.Status).GetByRole(AriaRole.Link, new() { Name = $"Open the backlog of {name}" });
        await Expect(open).ToBeVisibleAsync();
        await Expect(nameField).ToHaveAttributeAsync("aria-invalid", "false");
        var row = page.GetByRole(AriaRole.Table, new() { Name = "Workspaces" }).GetByRole(AriaRole.Row).Filter(new() { HasText = name });
        await Expect(row).ToContainTextAsync("Shared services");

        // The same name again, in other letter case, is refused on the name field as REST refuses it (409).
        await nameField.FillAsync(name.ToUpperInvariant());
        await create.ClickAsync();
        await Expect(form.GetByText($"A workspace named '{name.ToUpperInvariant()}' already exists.")).ToBeVisibleAsync();
        await Expect(nameField).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(row).ToHaveCountAsync(1);

        // Its backlog opens for the creator, and the layout's switcher offers the new workspace.
        var workspaceId = (await row.GetByRole(AriaRole.Cell).First.TextContentAsync())!.Trim();
        await row.GetByRole(AriaRole.Link, new() { Name = $"Open the backlog of {name}" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/1001/{workspaceId}/backlog$"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Backlog", Level = 1 })).ToBeVisibleAsync();
        // The switcher is the browser's own list box, whose options are drawn by the browser when it opens.
        var switcher = page.GetByRole(AriaRole.Banner).GetByRole(AriaRole.Combobox, new() { Name = "Workspace", Exact = true });
        await Expect(switcher.GetByRole(AriaRole.Option, new() { Name = name })).ToBeAttachedAsync();

        // The REST API sees the creator as the new workspace's admin.
        using var rest = await RestClientAsync(spaceAdmin, Password);
        var query = Uri.EscapeDataString($"workspace={{id={workspaceId}}};role={{logical_name='role.workspace.admin'}}");
        var admins = await rest.GetObjectAsync($"/api/shared_spaces/1001/workspace_roles?fields=users&query={query}");
        Assert.Contains(spaceAdmin, Assert.Single(admins.Data())!.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASpaceAdminCannotChangeASiteAdminsPassword_AndIsToldWhy()
    {
        var spaceAdmin = await NewUserAsync("space-admin", ("space_admin", 1001, null));
        var page = await app.SignedInPageAsync(chromium, spaceAdmin, Password, "/1001/settings/users");
        await page.GetByRole(AriaRole.Button, new() { Name = $"Manage {TrellisApplication.AdminLogin}", Exact = true }).ClickAsync();

        var panel = page.GetByRole(AriaRole.Region, new() { Name = $"Manage {TrellisApplication.AdminLogin}" });
        await Expect(panel.GetByRole(AriaRole.Alert)).ToHaveTextAsync("Only a site admin may change a site admin.");
        await Expect(panel.GetByLabel("New password")).ToBeDisabledAsync();
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Reset password" })).ToBeDisabledAsync();
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Add role" })).ToBeDisabledAsync();

        // The same space admin's REST call is refused with the same reason, and the password still works.
        using var rest = await RestClientAsync(spaceAdmin, Password);
        var adminId = (await rest.GetObjectAsync("/api/shared_spaces/1001/users")).Data().Single(u => u!.Text("name") == TrellisApplication.AdminLogin)!.Text("id");
        using var put = await rest.PutAsJsonAsync($"/api/shared_spaces/1001/users/{adminId}", new { password = "Taken-Over-Password-1" }, Cancel);
        Assert.Equal(HttpStatusCode.Forbidden, put.StatusCode);
        Assert.Contains("Only a site admin may change a site admin.", await put.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
        // The site admin's password is the one it was: they still sign in with it.
        using var admin = await app.AdminRestClientAsync();
    }

    [Fact]
    public async Task AMemberMintsAKeyWhoseSecretIsShownOnce_AndRevokesIt()
    {
        var member = await NewUserAsync("member", ("member", 1001, 1002));
        var page = await app.SignedInPageAsync(chromium, member, Password, "/1001/api-keys");
        await page.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"], new() { Origin = app.Address.GetLeftPart(UriPartial.Authority) });
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "API keys", Level = 1 })).ToBeVisibleAsync();

        await page.GetByLabel("Key name").FillAsync("ci pipeline");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        var secretRegion = page.GetByRole(AriaRole.Region, new() { Name = "New key secret" });
        await Expect(secretRegion).ToBeVisibleAsync();
        var clientId = await secretRegion.GetByLabel("Client ID").InputValueAsync();
        var secret = await secretRegion.GetByLabel("Client secret").InputValueAsync();
        Assert.StartsWith("key_", clientId, StringComparison.Ordinal);
        Assert.True(secret.Length >= 32, secret);

        await secretRegion.GetByRole(AriaRole.Button, new() { Name = "Copy secret" }).ClickAsync();
        await Expect(secretRegion.GetByRole(AriaRole.Status)).ToHaveTextAsync("Copied to the clipboard.");
        Assert.Equal(secret, await page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));

        Assert.Equal(HttpStatusCode.OK, await KeySignInAsync(clientId, secret));

        // Shown once: after a reload only the key's name and client id are left.
        await page.ReloadAsync();
        await page.WaitForInteractiveAsync();
        var keys = page.GetByRole(AriaRole.Table, new() { Name = "API keys" });
        var row = keys.GetByRole(AriaRole.Row).Filter(new() { HasText = clientId });
        await Expect(row).ToContainTextAsync("Active");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "New key secret" })).ToHaveCountAsync(0);
        Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);

        await row.GetByRole(AriaRole.Button, new() { Name = $"Revoke ci pipeline ({clientId})" }).ClickAsync();
        await Expect(row).ToContainTextAsync("Revoked");
        Assert.Equal(HttpStatusCode.Unauthorized, await KeySignInAsync(clientId, secret));
    }

    [Fact]
    public async Task ASiteAdminChangesASiteParameter_AndABadValueIsMarkedOnItsField()
    {
        var page = await app.SignedInPageAsync(chromium, path: "/settings/site-parameters");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Site parameters", Level = 1 })).ToBeVisibleAsync();
        var field = page.GetByLabel("CORS_MAX_AGE", new() { Exact = true });

        await field.FillAsync("a day");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save CORS_MAX_AGE" }).ClickAsync();
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByText("CORS_MAX_AGE is a whole number of seconds from 0 to 86400.")).ToBeVisibleAsync();

        await field.FillAsync(" 600 ");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save CORS_MAX_AGE" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Saved CORS_MAX_AGE = 600.");
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "false");
        await Expect(field).ToHaveValueAsync("600");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "CORS_MAX_AGE" })).ToContainTextAsync("override");

        using var rest = await app.AdminRestClientAsync();
        var stored = (await rest.GetObjectAsync("/admin/params")).Data().Single(p => p!.Text("name") == "CORS_MAX_AGE")!;
        Assert.Equal("600", stored.Text("value"));
    }

    [Fact]
    public async Task TheAuditLogFiltersByTypeActionUserAndTime_AndPages()
    {
        var family = $"t{Guid.NewGuid():N}"[..12] + ".";
        var at = new DateTimeOffset(2031, 3, 1, 8, 0, 0, TimeSpan.Zero);
        await app.WithDbAsync(async db =>
        {
            var adminId = db.Users.Single(u => u.Login == TrellisApplication.AdminLogin).Id;
            for (var i = 0; i < 60; i++)
            {
                db.AuditLog.Add(new AuditEntry
                {
                    At = at.AddMinutes(i), UserId = i % 2 == 0 ? adminId : null, Action = family + (i < 55 ? "write" : "read"),
                    Target = (i < 50 ? "defect/" : "user/") + (7000 + i).ToString(CultureInfo.InvariantCulture), SharedSpaceId = 1001,
                });
                await db.SaveChangesAsync(Cancel);
            }

            return true;
        });

        var page = await app.SignedInPageAsync(chromium, path: "/1001/settings/audit");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1 })).ToBeVisibleAsync();
        var entries = page.GetByRole(AriaRole.Table, new() { Name = "Audit entries" });
        var status = page.GetByRole(AriaRole.Status);

        await page.GetByLabel("Action", new() { Exact = true }).FillAsync(family);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(status).ToHaveTextAsync("60 entries");
        await Expect(page.GetByText("Page 1 of 2")).ToBeVisibleAsync();
        await Expect(entries.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("user/7059");
        await page.GetByRole(AriaRole.Button, new() { Name = "Next page" }).ClickAsync();
        await Expect(page.GetByText("Page 2 of 2")).ToBeVisibleAsync();
        await Expect(entries.GetByRole(AriaRole.Row)).ToHaveCountAsync(11);
        await Expect(entries.GetByRole(AriaRole.Row).Last).ToContainTextAsync("defect/7000");

        await page.GetByLabel("Entity type", new() { Exact = true }).FillAsync("user");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(status).ToHaveTextAsync("10 entries");
        await Expect(page.GetByText("Page 1 of 1")).ToBeVisibleAsync();

        await page.GetByLabel("Action", new() { Exact = true }).FillAsync(family + "read");
        await page.GetByLabel("User", new() { Exact = true }).FillAsync(TrellisApplication.AdminLogin);
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        // Lines 55 to 59 are reads; the admin wrote the even ones.
        await Expect(status).ToHaveTextAsync("2 entries");

        await page.GetByLabel("Action", new() { Exact = true }).FillAsync(family);
        await page.GetByLabel("User", new() { Exact = true }).FillAsync("");
        await page.GetByLabel("Entity type", new() { Exact = true }).FillAsync("");
        await page.GetByLabel("From (UTC)", new() { Exact = true }).FillAsync("2031-03-01T08:10");
        await page.GetByLabel("To (UTC)", new() { Exact = true }).FillAsync("2031-03-01T08:20");
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).ClickAsync();
        await Expect(status).ToHaveTextAsync("10 entries");
        await Expect(entries.GetByRole(AriaRole.Row).Nth(1)).ToContainTextAsync("defect/7019");
    }

    [Fact]
    public async Task AMemberGetsTheNotFoundPageOnTheAdminPages_AndOpensTheirOwnKeys()
    {
        var member = await NewUserAsync("member", ("member", 1001, 1002));
        var page = await app.SignedInPageAsync(chromium, member, Password);
        foreach (var path in new[] { "/1001/settings/users", "/1001/settings/workspaces", "/1001/settings/audit", "/settings/site-parameters", "/settings/audit" })
        {
            var response = await page.GotoAsync(path);
            Assert.Equal(404, response!.Status);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Not found" })).ToBeVisibleAsync();
        }

        var keys = await page.GotoAsync("/1001/api-keys");
        Assert.Equal(200, keys!.Status);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Administration" }).GetByRole(AriaRole.Link)).ToHaveTextAsync(["API keys"]);
    }

    /// <summary>A REST client on the browser's server, signed in as <paramref name="login"/>.</summary>
    private async Task<HttpClient> RestClientAsync(string login, string password)
    {
#pragma warning disable CA2000 // The client owns its handler.
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = app.Address };
#pragma warning restore CA2000
        using var response = await client.PostAsJsonAsync("/authentication/sign_in", new { user = login, password }, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return client;
    }

    private async Task<HttpStatusCode> KeySignInAsync(string clientId, string secret)
    {
        using var client = new HttpClient { BaseAddress = app.Address };
        using var response = await client.PostAsJsonAsync("/authentication/sign_in", new { client_id = clientId, client_secret = secret }, Cancel);
        return response.StatusCode;
    }

    private async Task<string> NewUserAsync(string prefix, params (string Role, long? Space, long? Workspace)[] roles)
    {
        var login = $"{prefix}-{Guid.NewGuid():N}@example.com";
        await app.AddUserWithRolesAsync(login, Password, 1001, roles);
        return login;
    }
}
