using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Access;
using Trellis.Application.Audit;
using Trellis.Application.Errors;
using Trellis.Application.Organization;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.Auth;

/// <summary>A user of a shared space with their roles there (and a site-wide <c>site_admin</c>).</summary>
internal sealed record SpaceUser(long Id, string Login, string Email, string FirstName, string LastName, IReadOnlyList<RoleGrant> Roles)
{
    public string FullName => $"{FirstName} {LastName}".Trim();
}

/// <summary>One role: <c>workspace_admin</c>, <c>member</c> and <c>viewer</c> name a workspace, the others none.</summary>
internal sealed record RoleGrant(string Role, long? WorkspaceId);

/// <summary>A user to create.</summary>
internal sealed record NewUser(string? Login, string? Password, string? Email, string? FirstName, string? LastName);

/// <summary>What to change on a user; <see langword="null"/> leaves a field as it is, <c>Roles</c> replaces them all.</summary>
internal sealed record UserChange(string? Email = null, string? FirstName = null, string? LastName = null, string? Password = null, IReadOnlyList<RoleGrant>? Roles = null);

/// <summary>An API key as lists show it; never its secret.</summary>
internal sealed record ApiKeyView(long Id, string Name, string ClientId, long UserId, string UserLogin, DateTimeOffset CreatedAt, bool Revoked);

/// <summary>A key to mint: its name and, for a site admin minting for somebody else, its user.</summary>
internal sealed record ApiKeyRequest(string? Name, long? UserId);

/// <summary>A key just minted, with the secret shown this once.</summary>
internal sealed record MintedApiKey(ApiKeyView Key, string Secret);

/// <summary>A result, or the Octane error that says why there is none.</summary>
/// <typeparam name="T">The result type.</typeparam>
internal readonly record struct AdminResult<T>(T? Value, OctaneError? Error)
{
    public static implicit operator AdminResult<T>(T value) => new(value, null);

    public static implicit operator AdminResult<T>(OctaneError error) => new(default, error);
}

/// <summary>
/// The users of a shared space, their roles, passwords and API keys (docs/administration.md#users-roles-and-api-keys):
/// what the REST endpoints and the web UI's administration pages both call, with the space scope the access layer
/// granted. Whom a caller may change is <see cref="UserAdministration"/>'s rule, asked here and nowhere else.
/// </summary>
internal sealed class SpaceUserService(
    IDbContextFactory<TrellisDbContext> dbFactory, IPasswordHasher<User> hasher, SessionCache sessions, TimeProvider time)
{
    /// <summary>The shortest password anyone may set.</summary>
    public const int MinPasswordLength = 8;

    /// <summary>The space's users in id order; <paramref name="search"/> narrows to a login, e-mail or name containing it.</summary>
    public async Task<IReadOnlyList<SpaceUser>> ListAsync(SpaceScope scope, string? search, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = SpaceUsers(db, scope.SharedSpaceId).AsNoTracking();
        if (!string.IsNullOrWhiteSpace(search))
        {
            var text = search.Trim().ToLowerInvariant();
            query = query.Where(u => u.Login.ToLower().Contains(text) || u.Email.ToLower().Contains(text)
                || (u.FirstName + " " + u.LastName).ToLower().Contains(text));
        }

        var users = await query.OrderBy(u => u.Id).ToListAsync(cancellationToken);
        var roles = await RolesOfAsync(db, scope.SharedSpaceId, [.. users.Select(u => u.Id)], cancellationToken);
        return [.. users.Select(u => View(u, roles))];
    }

    /// <summary>One user of the space, or <see langword="null"/>.</summary>
    public async Task<SpaceUser?> GetAsync(SpaceScope scope, long userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await SpaceUsers(db, scope.SharedSpaceId).AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null ? null : View(user, await RolesOfAsync(db, scope.SharedSpaceId, [user.Id], cancellationToken));
    }

    /// <summary>The workspaces of the space a role can name, by id, with their names.</summary>
    public async Task<IReadOnlyList<(long Id, string Name)>> WorkspacesAsync(SpaceScope scope, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.Workspaces.AsNoTracking().Where(w => w.SharedSpaceId == scope.SharedSpaceId).OrderBy(w => w.Id)
            .Select(w => new { w.Id, w.Name }).ToListAsync(cancellationToken);
        return [.. rows.Select(w => (w.Id, w.Name))];
    }

    /// <summary>
    /// Why the caller may not change <paramref name="userId"/>'s credentials, roles or keys, or <see langword="null"/>
    /// when they may: a space admin whom <see cref="UserAdministration"/> lets through.
    /// </summary>
    public async Task<AccessRefusal?> RefuseAdministeringAsync(SpaceScope scope, long userId, CancellationToken cancellationToken)
    {
        if (!scope.IsAdmin)
        {
            return AccessRefusal.Forbidden("Only a shared-space admin may change another user or anyone's roles.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await UserAdministration.RefuseAsync(db, scope.User, userId, cancellationToken);
    }

    /// <summary>Creates users (space admins): each is a <c>member</c> of every workspace of the space, with no admin role.</summary>
    public async Task<AdminResult<IReadOnlyList<SpaceUser>>> CreateAsync(SpaceScope scope, IReadOnlyList<NewUser> users, CancellationToken cancellationToken)
    {
        if (!scope.IsAdmin)
        {
            return OctaneError.Forbidden("Only a shared-space admin may create users.");
        }

        if (users.Count == 0)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, "The body must be {\"data\":[{\"name\",\"email\",\"password\",…}].");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspaces = await db.Workspaces.Where(w => w.SharedSpaceId == scope.SharedSpaceId).Select(w => w.Id).ToListAsync(cancellationToken);
        var created = new List<User>();
        foreach (var item in users)
        {
            var login = item.Login?.Trim();
            if (string.IsNullOrEmpty(login))
            {
                return OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, "A user needs a name (the login).");
            }

            if (item.Password is null || item.Password.Length < MinPasswordLength)
            {
                return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, $"A user needs a password of at least {MinPasswordLength} characters.");
            }

            var email = string.IsNullOrWhiteSpace(item.Email) ? login : item.Email.Trim();
            var (firstName, lastName) = (item.FirstName?.Trim() ?? "", item.LastName?.Trim() ?? "");
            if (FirstRefusedText("user", User.MaxTextLength, ("name", login), ("email", email), ("first_name", firstName), ("last_name", lastName)) is { } refused)
            {
                return refused;
            }

            if (created.Any(u => u.Login == login) || await db.Users.AnyAsync(u => u.Login == login, cancellationToken))
            {
                return new OctaneError(StatusCodes.Status409Conflict, OctaneErrorCodes.DuplicateEntity, $"A user with the login {login} already exists.");
            }

            var user = new User
            {
                SharedSpaceId = scope.SharedSpaceId,
                Login = login,
                Email = email,
                FirstName = firstName,
                LastName = lastName,
                PasswordHash = "",
                CreatedAt = time.GetUtcNow(),
            };
            user.PasswordHash = hasher.HashPassword(user, item.Password);
            created.Add(user);
        }

        db.Users.AddRange(created);
        await db.SaveChangesAsync(cancellationToken);
        db.RoleAssignments.AddRange(created.SelectMany(u => workspaces.Select(ws =>
            new RoleAssignment { UserId = u.Id, Role = Roles.Member, SharedSpaceId = scope.SharedSpaceId, WorkspaceId = ws })));
        foreach (var user in created)
        {
            AuditLog.Add(db, time, scope.User.Id, "user.create", $"user/{Id(user.Id)}", scope.SharedSpaceId);
        }

        await db.SaveChangesAsync(cancellationToken);
        var roles = await RolesOfAsync(db, scope.SharedSpaceId, [.. created.Select(u => u.Id)], cancellationToken);
        return created.Select(u => View(u, roles)).ToList();
    }

    /// <summary>
    /// Changes a user: everyone their own password, e-mail and names; anyone else, and anyone's roles, only a space
    /// admin whom <see cref="UserAdministration"/> lets through. A new password ends the user's other sessions; new
    /// roles apply on the user's next request.
    /// </summary>
    public async Task<AdminResult<SpaceUser>> UpdateAsync(SpaceScope scope, long userId, UserChange change, CancellationToken cancellationToken)
    {
        var current = scope.User;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var user = await SpaceUsers(db, scope.SharedSpaceId).SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return OctaneError.NotFound("user", Id(userId));
        }

        var self = userId == current.Id && change.Roles is null;
        if (!self && !scope.IsAdmin)
        {
            return OctaneError.Forbidden("Only a shared-space admin may change another user or anyone's roles.");
        }

        if (!self && await UserAdministration.RefuseAsync(db, current, userId, cancellationToken) is { } refusal)
        {
            return refusal.ToOctaneError();
        }

        if (FirstRefusedText("user", User.MaxTextLength, ("email", change.Email), ("first_name", change.FirstName), ("last_name", change.LastName)) is { } refused)
        {
            return refused;
        }

        user.Email = change.Email ?? user.Email;
        user.FirstName = change.FirstName ?? user.FirstName;
        user.LastName = change.LastName ?? user.LastName;
        if (change.Password is { } password)
        {
            if (password.Length < MinPasswordLength)
            {
                return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, $"A password needs at least {MinPasswordLength} characters.");
            }

            user.PasswordHash = hasher.HashPassword(user, password);
        }

        string? rolesDetail = null;
        if (change.Roles is { } wanted)
        {
            var workspaces = await db.Workspaces.Where(w => w.SharedSpaceId == scope.SharedSpaceId).Select(w => w.Id).ToListAsync(cancellationToken);
            if (Invalid(wanted, workspaces, current.IsSiteAdmin) is { } roleError)
            {
                return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, roleError);
            }

            // Replace the user's roles in this space; site_admin only when a site admin says so.
            var existing = await db.RoleAssignments.Where(r => r.UserId == userId
                && (r.SharedSpaceId == scope.SharedSpaceId || (r.SharedSpaceId == null && r.WorkspaceId == null))).ToListAsync(cancellationToken);
            db.RoleAssignments.RemoveRange(existing.Where(r => current.IsSiteAdmin || r.Role != Roles.SiteAdmin));
            db.RoleAssignments.AddRange(wanted.Distinct().Where(r => current.IsSiteAdmin || r.Role != Roles.SiteAdmin).Select(r => new RoleAssignment
            {
                UserId = userId,
                Role = r.Role,
                SharedSpaceId = r.Role == Roles.SiteAdmin ? null : scope.SharedSpaceId,
                WorkspaceId = r.WorkspaceId,
            }));
            rolesDetail = JsonSerializer.Serialize(new { roles = JsonSerializer.Serialize(wanted.Select(r => new { role = r.Role, workspace_id = r.WorkspaceId is { } ws ? Id(ws) : null })) });
        }

        AuditLog.Add(db, time, current.Id, "user.update", $"user/{Id(userId)}", scope.SharedSpaceId, details: rolesDetail);
        await db.SaveChangesAsync(cancellationToken);
        if (change.Password is not null)
        {
            // Whoever knew the old password is signed out everywhere; the person who changed their own stays signed in here.
            await UserAdministration.EndOtherSessionsAsync(db, sessions, time, userId, userId == current.Id ? current.SessionId : null, cancellationToken);
        }
        else if (change.Roles is not null)
        {
            // The user's sessions carry their grants: the next request of each reads the new roles.
            await sessions.RevokeAsync(db, SessionEviction.User(userId), cancellationToken);
        }

        return View(user, await RolesOfAsync(db, scope.SharedSpaceId, [user.Id], cancellationToken));
    }

    /// <summary>The keys a caller may see: space admins those of the space's users, everyone else their own.</summary>
    public async Task<IReadOnlyList<ApiKeyView>> ListKeysAsync(SpaceScope scope, CancellationToken cancellationToken)
    {
        var current = scope.User;
        var everyone = scope.IsAdmin;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => everyone || k.UserId == current.Id)
            .Join(SpaceUsers(db, scope.SharedSpaceId), k => k.UserId, u => u.Id, (k, u) => new { Key = k, u.Login })
            .OrderBy(x => x.Key.Id).ToListAsync(cancellationToken);
        return [.. keys.Select(x => View(x.Key, x.Login))];
    }

    /// <summary>Mints keys, each for its own user (only a site admin mints one for somebody else); the secrets are returned this once.</summary>
    public async Task<AdminResult<IReadOnlyList<MintedApiKey>>> MintKeysAsync(SpaceScope scope, IReadOnlyList<ApiKeyRequest> requests, CancellationToken cancellationToken)
    {
        var current = scope.User;
        if (requests.Count == 0)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, "The body must be {\"data\":[{\"name\",\"user\":{\"id\"}}]}.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var created = new List<(ApiKey Key, string Login, string Secret)>();
        foreach (var request in requests)
        {
            var userId = request.UserId ?? current.Id;
            // A key acts as its user: minting one for somebody else is acting as them, which only a site admin may.
            if (userId != current.Id && !current.IsSiteAdmin)
            {
                return OctaneError.Forbidden("An API key is minted by its own user; only a site admin may mint one for somebody else.");
            }

            var login = await SpaceUsers(db, scope.SharedSpaceId).Where(u => u.Id == userId).Select(u => u.Login).SingleOrDefaultAsync(cancellationToken);
            if (login is null)
            {
                return OctaneError.NotFound("user", Id(userId));
            }

            var name = string.IsNullOrWhiteSpace(request.Name) ? "API key" : request.Name.Trim();
            if (FirstRefusedText("api_key", ApiKey.MaxNameLength, ("name", name)) is { } refused)
            {
                return refused;
            }

            var secret = SessionTokens.NewToken(32);
            var key = new ApiKey
            {
                UserId = userId,
                Name = name,
                ClientId = "key_" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(10)),
                SecretHash = SessionTokens.Hash(secret),
                CreatedAt = time.GetUtcNow(),
            };
            db.ApiKeys.Add(key);
            created.Add((key, login, secret));
        }

        await db.SaveChangesAsync(cancellationToken);
        foreach (var (key, _, _) in created)
        {
            AuditLog.Add(db, time, current.Id, "api_key.create", $"api_key/{Id(key.Id)}", scope.SharedSpaceId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return created.Select(c => new MintedApiKey(View(c.Key, c.Login), c.Secret)).ToList();
    }

    /// <summary>Revokes a key: one's own, or as a space admin one of a user <see cref="UserAdministration"/> lets them administer; its sessions end at once.</summary>
    public async Task<OctaneError?> RevokeKeyAsync(SpaceScope scope, long keyId, CancellationToken cancellationToken)
    {
        var current = scope.User;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var key = await db.ApiKeys.Where(k => k.Id == keyId && SpaceUsers(db, scope.SharedSpaceId).Any(u => u.Id == k.UserId)).SingleOrDefaultAsync(cancellationToken);
        if (key is null || (key.UserId != current.Id && !scope.IsAdmin))
        {
            // Another user's key is not even visible to a non-admin.
            return OctaneError.NotFound("api_key", Id(keyId));
        }

        if (key.UserId != current.Id && await UserAdministration.RefuseAsync(db, current, key.UserId, cancellationToken) is { } refusal)
        {
            return refusal.ToOctaneError();
        }

        key.RevokedAt ??= time.GetUtcNow();
        AuditLog.Add(db, time, current.Id, "api_key.revoke", $"api_key/{Id(keyId)}", scope.SharedSpaceId);
        await db.SaveChangesAsync(cancellationToken);
        await sessions.RevokeAsync(db, SessionEviction.ApiKey(keyId), cancellationToken);
        return null;
    }

    /// <summary>Users created in the space or holding a role in it; tracked, since an AsNoTracking in a subquery would untrack the whole query.</summary>
    private static IQueryable<User> SpaceUsers(TrellisDbContext db, long sharedSpaceId) =>
        db.Users.Where(u => u.SharedSpaceId == sharedSpaceId
            || db.RoleAssignments.Any(r => r.UserId == u.Id && r.SharedSpaceId == sharedSpaceId));

    /// <summary>Why a role list is not one of this space, or <see langword="null"/>.</summary>
    private static string? Invalid(IReadOnlyList<RoleGrant> roles, List<long> workspaces, bool siteAdmin)
    {
        foreach (var (role, workspace) in roles)
        {
            var valid = role switch
            {
                Roles.SiteAdmin => workspace is null && siteAdmin,
                Roles.SpaceAdmin => workspace is null,
                Roles.WorkspaceAdmin or Roles.Member or Roles.Viewer => workspace is { } id && workspaces.Contains(id),
                _ => false,
            };
            if (!valid)
            {
                return role == Roles.SiteAdmin && !siteAdmin
                    ? "Only a site admin may grant site_admin."
                    : $"'{role}' with workspace_id {(workspace is { } ws ? Id(ws) : "null")} is not a role of this shared space.";
            }
        }

        return null;
    }

    /// <summary>
    /// The roles that writing a user's <c>workspace_roles</c> (Octane's references) stands for, in the form
    /// <see cref="UpdateAsync"/> takes (docs/rest-api.md#workspace-roles); whether the caller may write them is its rule.
    /// </summary>
    public async Task<(JsonArray? Roles, string? Error)> RolesOfWorkspaceRolesAsync(
        SpaceScope scope, long userId, JsonNode workspaceRoles, bool append, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await WorkspaceRoles.ToRolesAsync(db, scope.SharedSpaceId, userId, workspaceRoles, append, scope.User.IsSiteAdmin, cancellationToken);
    }

    private static async Task<Dictionary<long, List<RoleAssignment>>> RolesOfAsync(TrellisDbContext db, long sharedSpaceId, List<long> userIds, CancellationToken cancellationToken) =>
        (await db.RoleAssignments.AsNoTracking()
            .Where(r => userIds.Contains(r.UserId) && (r.SharedSpaceId == sharedSpaceId || (r.SharedSpaceId == null && r.WorkspaceId == null)))
            .OrderBy(r => r.Id).ToListAsync(cancellationToken))
        .GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.ToList());

    private static SpaceUser View(User user, Dictionary<long, List<RoleAssignment>> roles) =>
        new(user.Id, user.Login, user.Email, user.FirstName, user.LastName,
            [.. (roles.TryGetValue(user.Id, out var list) ? list : []).Select(r => new RoleGrant(r.Role, r.WorkspaceId))]);

    /// <summary>The first of a user's or key's texts that its column cannot hold (too long, or a NUL in it), refused by its field's name.</summary>
    private static OctaneError? FirstRefusedText(string type, int maxLength, params ReadOnlySpan<(string Field, string? Value)> texts)
    {
        foreach (var (field, value) in texts)
        {
            if (value?.Length > maxLength)
            {
                return OctaneError.TooLong(type, field, maxLength, value.Length);
            }

            if (value?.Contains('\0', StringComparison.Ordinal) == true)
            {
                return OctaneError.HoldsNul(type, field);
            }
        }

        return null;
    }

    private static ApiKeyView View(ApiKey key, string login) =>
        new(key.Id, key.Name, key.ClientId, key.UserId, login, key.CreatedAt, key.RevokedAt is not null);

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);
}
