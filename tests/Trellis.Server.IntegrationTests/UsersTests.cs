using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Trellis.Application.Auth;
using Trellis.Data.Model;

namespace Trellis.Server.IntegrationTests;

/// <summary>Users, roles and API keys of a shared space (docs/reference/rest.md#authentication).</summary>
public abstract class UsersTests(TrellisApplication app)
{
    private const string Space = "/api/shared_spaces/1001";
    private const string Password = "Caller-Password-1";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string> Callers => new() { "anonymous", "viewer", "member", "workspace_admin", "space_admin", "site_admin", "api_key" };

    [Theory]
    [MemberData(nameof(Callers))]
    public async Task EachCallerGetsWhatItsRoleAllows(string caller)
    {
        using var client = await ClientAsync(caller);
        var admin = caller is "space_admin" or "site_admin" or "api_key";
        var spaceMember = caller != "anonymous";
        var denied = caller == "anonymous" ? HttpStatusCode.Unauthorized : HttpStatusCode.Forbidden;
        var targetId = await app.AddUserAsync($"target-{Guid.NewGuid():N}", Password, Roles.Member);
        var keyId = await AddKeyAsync(targetId);

        using var list = await client.GetAsync($"{Space}/users", Cancel);
        Assert.Equal(spaceMember ? HttpStatusCode.OK : denied, list.StatusCode);
        using var create = await client.PostAsJsonAsync($"{Space}/users", new { data = new[] { new { name = $"new-{Guid.NewGuid():N}", password = Password } } }, Cancel);
        Assert.Equal(admin ? HttpStatusCode.Created : denied, create.StatusCode);
        using var roles = await client.PutAsJsonAsync($"{Space}/users/{targetId}", new { roles = new[] { new { role = "viewer", workspace_id = "1002" } } }, Cancel);
        Assert.Equal(admin ? HttpStatusCode.OK : denied, roles.StatusCode);
        // Everyone lists keys: admins those of the space's users, the rest their own.
        using var keys = await client.GetAsync($"{Space}/api_keys", Cancel);
        Assert.Equal(spaceMember ? HttpStatusCode.OK : denied, keys.StatusCode);
        if (spaceMember)
        {
            Assert.Equal(admin, (await keys.ReadObjectAsync()).Data().Any(k => k!["user"]!.Text("id") == targetId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        // A key acts as its user: only a site admin mints one for somebody else.
        using var newKey = await client.PostAsJsonAsync($"{Space}/api_keys", new { data = new[] { new { name = "ci", user = new { id = targetId.ToString(System.Globalization.CultureInfo.InvariantCulture) } } } }, Cancel);
        Assert.Equal(caller == "site_admin" ? HttpStatusCode.Created : denied, newKey.StatusCode);
        // Another user's key is not even visible to a non-admin.
        using var revoke = await client.DeleteAsync($"{Space}/api_keys/{keyId}", Cancel);
        Assert.Equal(admin ? HttpStatusCode.OK : caller == "anonymous" ? denied : HttpStatusCode.NotFound, revoke.StatusCode);
        if (!admin)
        {
            await AuthenticationTests.AssertOctaneErrorAsync(create, denied, caller == "anonymous" ? "platform.authentication_required" : "platform.forbidden");
        }
    }

    [Fact]
    public async Task ANewUserIsAMemberOfEveryWorkspaceWithoutAdminRolesAndNoPasswordInTheAnswer()
    {
        using var admin = await app.SignedInAsync();
        var login = $"new.user.{Guid.NewGuid():N}@example.com";
        using var response = await admin.PostAsJsonAsync($"{Space}/users",
            new { data = new[] { new { name = login, email = "new@example.com", first_name = "New", last_name = "User", password = Password } } }, Cancel);
        var text = await response.Content.ReadAsStringAsync(Cancel);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.DoesNotContain("password", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        var user = JsonNode.Parse(text)!["data"]![0]!;
        Assert.Equal((login, "new@example.com", "New User"), (user.Text("name"), user.Text("email"), user.Text("full_name")));
        var roles = user["roles"]!.AsArray();
        Assert.Equal([("member", "1002")], roles.Select(r => (r!.Text("role"), r.Text("workspace_id"))));

        using var signedIn = await app.SignedInAsync(login, Password);
        var defects = await signedIn.GetObjectAsync($"{TrellisApplication.Base}/defects?limit=1");
        Assert.NotNull(defects["total_count"]);
        var listed = (await admin.GetObjectAsync($"{Space}/users")).Data().Single(u => u!.Text("name") == login)!;
        Assert.Null(listed["password"]);
    }

    [Fact]
    public async Task ADuplicateLoginGets409AndAShortOrMissingPassword400()
    {
        using var admin = await app.SignedInAsync();
        using var duplicate = await admin.PostAsJsonAsync($"{Space}/users", new { data = new[] { new { name = TrellisApplication.AdminLogin, password = Password } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(duplicate, HttpStatusCode.Conflict, "platform.duplicate_entity_error");
        using var shortPassword = await admin.PostAsJsonAsync($"{Space}/users", new { data = new[] { new { name = $"x-{Guid.NewGuid():N}", password = "short" } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(shortPassword, HttpStatusCode.BadRequest, "platform.illegal_field_value");
        using var noName = await admin.PostAsJsonAsync($"{Space}/users", new { data = new[] { new { password = Password } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(noName, HttpStatusCode.BadRequest, "platform.missing_required_field");
    }

    [Fact]
    public async Task TextsLongerThanTheirColumns_Get400NamingTheField_AndNothingIsStored()
    {
        using var admin = await app.SignedInAsync();
        var tooLong = new string('x', User.MaxTextLength + 1);
        var login = $"long-{Guid.NewGuid():N}";
        foreach (var (field, user) in new (string, object)[]
        {
            ("name", new { name = login + tooLong, password = Password }),
            ("email", new { name = login, password = Password, email = tooLong }),
            ("first_name", new { name = login, password = Password, first_name = tooLong }),
            ("last_name", new { name = login, password = Password, last_name = tooLong }),
        })
        {
            using var create = await admin.PostAsJsonAsync($"{Space}/users", new { data = new[] { user } }, Cancel);
            await AssertTooLongAsync(create, field);
        }

        Assert.DoesNotContain((await admin.GetObjectAsync($"{Space}/users")).Data(), u => u!.Text("name")!.StartsWith(login, StringComparison.Ordinal));
        // A text as long as the column holds is kept whole.
        var longest = new string('f', User.MaxTextLength);
        using (var atTheLimit = await admin.PostAsJsonAsync($"{Space}/users", new { data = new[] { new { name = login, password = Password, first_name = longest } } }, Cancel))
        {
            Assert.Equal(HttpStatusCode.Created, atTheLimit.StatusCode);
            Assert.Equal(longest, (await atTheLimit.ReadObjectAsync()).Data()[0]!.Text("first_name"));
        }

        var id = (await admin.GetObjectAsync($"{Space}/users")).Data().Single(u => u!.Text("name") == login)!.Text("id");
        using var update = await admin.PutAsJsonAsync($"{Space}/users/{id}", new { email = "changed@example.com", last_name = tooLong }, Cancel);
        await AssertTooLongAsync(update, "last_name");
        Assert.Equal(login, (await admin.GetObjectAsync($"{Space}/users/{id}")).Text("email"));

        var keys = (await admin.GetObjectAsync($"{Space}/api_keys")).Data().Count;
        using var key = await admin.PostAsJsonAsync($"{Space}/api_keys", new { data = new[] { new { name = new string('k', ApiKey.MaxNameLength + 1) } } }, Cancel);
        await AssertTooLongAsync(key, "name");
        Assert.Equal(keys, (await admin.GetObjectAsync($"{Space}/api_keys")).Data().Count);
    }

    [Fact]
    public async Task AnApiKeyRequestOfTheWrongShape_Gets400_AndMintsNothing()
    {
        using var admin = await app.SignedInAsync();
        var keys = (await admin.GetObjectAsync($"{Space}/api_keys")).Data().Count;
        foreach (var body in new object[] { new { data = (object?)null }, new { data = new { name = "not a list" } }, new { data = new[] { new { name = new { text = "x" } } } }, new { name = 42 } })
        {
            using var response = await admin.PostAsJsonAsync($"{Space}/api_keys", body, Cancel);
            await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, "platform.illegal_field_value");
        }

        Assert.Equal(keys, (await admin.GetObjectAsync($"{Space}/api_keys")).Data().Count);
    }

    private static async Task AssertTooLongAsync(HttpResponseMessage response, string field)
    {
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, "platform.illegal_field_value");
        var body = await response.ReadObjectAsync();
        Assert.Equal(field, body["properties"]?.Text("field"));
        Assert.Contains("at most 255 characters", body.Text("description"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RolesAreReplacedThroughTheRolesFieldAndTakeEffectAtOnce()
    {
        using var admin = await app.SignedInAsync();
        var login = $"promoted-{Guid.NewGuid():N}";
        var id = await app.AddUserAsync(login, Password, Roles.Member);
        using var user = await app.SignedInAsync(login, Password);
        using (var before = await user.PostAsJsonAsync($"{Space}/users", new { data = new[] { new { name = $"n-{Guid.NewGuid():N}", password = Password } } }, Cancel))
        {
            Assert.Equal(HttpStatusCode.Forbidden, before.StatusCode);
        }

        using var response = await admin.PutAsJsonAsync($"{Space}/users/{id}",
            new { email = "promoted@example.com", roles = new object[] { new { role = "viewer", workspace_id = "1002" }, new { role = "space_admin", workspace_id = (string?)null } } }, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.ReadObjectAsync();
        Assert.Equal("promoted@example.com", updated.Text("email"));
        Assert.Equal("promoted@example.com", (await admin.GetObjectAsync($"{Space}/users/{id}")).Text("email"));
        var roles = updated["roles"]!.AsArray().Select(r => (r.Text("role"), r.Text("workspace_id"))).Order().ToList();
        Assert.Equal([("space_admin", null), ("viewer", "1002")], roles);
        using (var after = await user.PostAsJsonAsync($"{Space}/users", new { data = new[] { new { name = $"n-{Guid.NewGuid():N}", password = Password } } }, Cancel))
        {
            Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        }
    }

    [Theory]
    [InlineData("""[{"role":"owner","workspace_id":"1002"}]""")]
    [InlineData("""[{"role":"member","workspace_id":null}]""")]
    [InlineData("""[{"role":"member","workspace_id":"999999"}]""")]
    [InlineData("""[{"role":"space_admin","workspace_id":"1002"}]""")]
    [InlineData("""{"role":"member"}""")]
    public async Task AnInvalidRoleListIsRefusedAndNothingChanges(string roles)
    {
        using var admin = await app.SignedInAsync();
        var id = await app.AddUserAsync($"r-{Guid.NewGuid():N}", Password, Roles.Member);
        using var response = await admin.PutAsync($"{Space}/users/{id}", new StringContent($$"""{"roles":{{roles}}}"""), Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(response, HttpStatusCode.BadRequest, "platform.illegal_field_value");
        var user = await admin.GetObjectAsync($"{Space}/users/{id}");
        Assert.Equal([("member", "1002")], user["roles"]!.AsArray().Select(r => (r.Text("role"), r.Text("workspace_id"))));
    }

    [Fact]
    public async Task OnlyASiteAdminGrantsSiteAdmin()
    {
        using var spaceAdmin = await ClientAsync("space_admin");
        var id = await app.AddUserAsync($"s-{Guid.NewGuid():N}", Password, Roles.Member);
        using var refused = await spaceAdmin.PutAsJsonAsync($"{Space}/users/{id}", new { roles = new[] { new { role = "site_admin", workspace_id = (string?)null } } }, Cancel);
        await AuthenticationTests.AssertOctaneErrorAsync(refused, HttpStatusCode.BadRequest, "platform.illegal_field_value");
        using var siteAdmin = await app.SignedInAsync();
        using var granted = await siteAdmin.PutAsJsonAsync($"{Space}/users/{id}", new { roles = new[] { new { role = "site_admin", workspace_id = (string?)null } } }, Cancel);
        Assert.Equal(HttpStatusCode.OK, granted.StatusCode);
    }

    [Fact]
    public async Task AnApiKeySecretIsShownOnceSignsInAndStopsWorkingWhenRevoked()
    {
        using var admin = await app.SignedInAsync();
        var login = $"machine-{Guid.NewGuid():N}";
        var userId = await app.AddUserAsync(login, Password, Roles.Member);
        using var create = await admin.PostAsJsonAsync($"{Space}/api_keys", new { data = new[] { new { name = "pipeline", user = new { id = userId } } } }, Cancel);
        Assert.Equal(HttpStatusCode.Created, create.StatusCode);
        var key = (await create.ReadObjectAsync()).Data()[0]!;
        var (keyId, clientId, secret) = (key.Text("id")!, key.Text("client_id")!, key.Text("client_secret")!);
        Assert.Equal(login, key["user"].Text("name"));

        var listed = (await admin.GetObjectAsync($"{Space}/api_keys")).Data().Single(k => k!.Text("id") == keyId)!;
        Assert.Equal(clientId, listed.Text("client_id"));
        Assert.Null(listed["client_secret"]);
        Assert.DoesNotContain(secret, listed.ToJsonString(), StringComparison.Ordinal);

        using var machine = app.Anonymous();
        using (var signIn = await machine.PostAsJsonAsync("/authentication/sign_in", new { client_id = clientId, client_secret = secret }, Cancel))
        {
            Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
        }

        Assert.Equal(login, (await machine.GetObjectAsync("/api/current_user")).Text("name"));
        using var revoke = await admin.DeleteAsync($"{Space}/api_keys/{keyId}", Cancel);
        Assert.Equal(HttpStatusCode.OK, revoke.StatusCode);
        Assert.Equal("", await revoke.Content.ReadAsStringAsync(Cancel));
        Assert.True((await admin.GetObjectAsync($"{Space}/api_keys")).Data().Single(k => k.Text("id") == keyId)!["revoked"]!.GetValue<bool>());

        using var afterRevoke = await machine.GetAsync("/api/current_user", Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        using var again = app.Anonymous();
        using var refused = await again.PostAsJsonAsync("/authentication/sign_in", new { client_id = clientId, client_secret = secret }, Cancel);
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    private async Task<HttpClient> ClientAsync(string caller)
    {
        switch (caller)
        {
            case "anonymous":
                return app.Anonymous();
            case "viewer" or "member" or "workspace_admin":
                return await app.CreateClientAsync(caller);
            case "space_admin" or "site_admin":
            {
                var login = $"{caller}-{Guid.NewGuid():N}";
                await AddWithRoleAsync(login, caller);
                return await app.SignedInAsync(login, Password);
            }
            default:
            {
                // An API key of a space admin acts as that space admin.
                var login = $"keyholder-{Guid.NewGuid():N}";
                var userId = await AddWithRoleAsync(login, Roles.SpaceAdmin);
                using var owner = await app.SignedInAsync(login, Password);
                using var create = await owner.PostAsJsonAsync($"{Space}/api_keys", new { data = new[] { new { name = "caller" } } }, Cancel);
                var key = (await create.ReadObjectAsync()).Data()[0]!;
                Assert.Equal(userId.ToString(System.Globalization.CultureInfo.InvariantCulture), key["user"].Text("id"));
                var client = app.Anonymous();
                using var signIn = await client.PostAsJsonAsync("/authentication/sign_in", new { user = key.Text("client_id"), password = key.Text("client_secret") }, Cancel);
                Assert.Equal(HttpStatusCode.OK, signIn.StatusCode);
                return client;
            }
        }
    }

    private Task<long> AddWithRoleAsync(string login, string role) => app.WithDbAsync(async db =>
    {
        var hasher = app.Services.GetRequiredService<IPasswordHasher<User>>();
        var user = new User { SharedSpaceId = 1001, Login = login, Email = login, PasswordHash = "", CreatedAt = app.Time.GetUtcNow() };
        user.PasswordHash = hasher.HashPassword(user, Password);
        db.Users.Add(user);
        await db.SaveChangesAsync();
        db.RoleAssignments.Add(new RoleAssignment { UserId = user.Id, Role = role, SharedSpaceId = role == Roles.SiteAdmin ? null : 1001 });
        await db.SaveChangesAsync();
        return user.Id;
    });

    private Task<long> AddKeyAsync(long userId) => app.WithDbAsync(async db =>
    {
        var key = new ApiKey
        {
            UserId = userId,
            Name = "existing",
            ClientId = "key_" + Guid.NewGuid().ToString("N")[..16],
            SecretHash = SessionTokens.Hash(SessionTokens.NewToken(32)),
            CreatedAt = app.Time.GetUtcNow(),
        };
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync();
        return key.Id;
    });
}

public sealed class SqliteUsersTests(SqliteApplication app) : UsersTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresUsersTests(PostgresApplication app) : UsersTests(app), IClassFixture<PostgresApplication>;
