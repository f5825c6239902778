using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Data.Model;
using Trellis.Server.Features.Access;
using Trellis.Server.Features.Audit;
using Trellis.Server.Features.Entities;
using Trellis.Server.Features.Errors;
using Trellis.Server.Features.Organization;
using Trellis.Server.Features.Platform;

namespace Trellis.Server.Features.Auth;

/// <summary>
/// The users of a shared space, their roles and their API keys (docs/reference/rest.md#authentication), shaped like Octane's <c>users</c>
/// collection. Space members read users; space admins create them, change roles and manage API keys.
/// </summary>
internal static class UsersApi
{
    /// <summary>The shortest password a space admin may set.</summary>
    public const int MinPasswordLength = 8;

    public static IEndpointRouteBuilder MapUsers(this IEndpointRouteBuilder routes)
    {
        var space = routes.MapGroup("/api/shared_spaces/{sharedSpaceId:long}").WithOctaneErrors().WithTags("Users");
        space.MapGet("/users", ListUsersAsync).WithName("ListSpaceUsers").RequireSpace(SpaceTier.Member);
        space.MapGet("/users/{userId:long}", GetUserAsync).WithName("GetSpaceUser").RequireSpace(SpaceTier.Member);
        space.MapPost("/users", CreateUsersAsync).WithName("CreateSpaceUsers").RequireSpace(SpaceTier.Admin);
        // Everyone changes their own password and e-mail; the rest is UserAdministration's rule.
        space.MapPut("/users/{userId:long}", UpdateUserAsync).WithName("UpdateSpaceUser").RequireSpace(SpaceTier.Member);
        // Keys are minted for oneself (a site admin may mint for anyone); admins list and revoke those of users they administer.
        space.MapGet("/api_keys", ListApiKeysAsync).WithName("ListApiKeys").WithTrellisApi().RequireSpace(SpaceTier.Member);
        space.MapPost("/api_keys", CreateApiKeysAsync).WithName("CreateApiKeys").WithTrellisApi().RequireSpace(SpaceTier.Member);
        space.MapDelete("/api_keys/{keyId:long}", RevokeApiKeyAsync).WithName("RevokeApiKey").WithTrellisApi().RequireSpace(SpaceTier.Member);
        return routes;
    }

    private static async Task<IResult> ListUsersAsync(long sharedSpaceId, HttpContext http, TrellisDbContext db, CancellationToken cancellationToken)
    {
        var (query, queryError) = RepeatedParameters.One(http.Request.Query, "query", OctaneErrorCodes.QuerySyntaxError);
        var (list, listError) = ListParameters.From(http.Request.Query);
        var (fields, fieldsError) = Fields(http);
        var (predicate, filterError) = queryError is null ? RenderedFilter.Compile(query, "user", UserFilter) : (null, queryError);
        if ((filterError ?? listError ?? fieldsError) is { } error)
        {
            return error;
        }

        var users = await SpaceUsers(db, sharedSpaceId).AsNoTracking().OrderBy(u => u.Id).ToListAsync(cancellationToken);
        var roles = await RolesOfAsync(db, sharedSpaceId, [.. users.Select(u => u.Id)], cancellationToken);
        var data = users.Select(u => Render(u, roles)).Where(predicate ?? (_ => true)).ToList();
        var page = data.Skip(list!.Offset).Take(list.Limit).Select(u => OrganizationApi.Project(u, fields, DefaultFields)).ToList();
        return TypedResults.Json(OctaneJson.Collection(data.Count, page));
    }

    private static async Task<IResult> GetUserAsync(long sharedSpaceId, long userId, HttpContext http, TrellisDbContext db, CancellationToken cancellationToken)
    {
        var (fields, fieldsError) = Fields(http);
        if (fieldsError is not null)
        {
            return fieldsError;
        }

        var user = await SpaceUsers(db, sharedSpaceId).AsNoTracking().SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        return user is null
            ? OctaneError.NotFound("user", Id(userId))
            : TypedResults.Json(OrganizationApi.Project(Render(user, await RolesOfAsync(db, sharedSpaceId, [user.Id], cancellationToken)), fields, DefaultFields));
    }

    private static async Task<IResult> CreateUsersAsync(
        long sharedSpaceId, HttpContext http, TrellisDbContext db, IPasswordHasher<User> hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        var current = CurrentUser.From(http.User);
        var (fields, fieldsError) = Fields(http);
        if (fieldsError is not null)
        {
            return fieldsError;
        }

        var items = (await ReadAsync(http, cancellationToken))?["data"] as JsonArray;
        if (items is null || items.Count == 0)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, "The body must be {\"data\":[{\"name\",\"email\",\"password\",…}].");
        }

        var workspaces = await db.Workspaces.Where(w => w.SharedSpaceId == sharedSpaceId).Select(w => w.Id).ToListAsync(cancellationToken);
        var created = new List<User>();
        foreach (var item in items.OfType<JsonObject>())
        {
            var login = Text(item, "name")?.Trim();
            var password = Text(item, "password");
            if (string.IsNullOrEmpty(login))
            {
                return OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, "A user needs a name (the login).");
            }

            if (password is null || password.Length < MinPasswordLength)
            {
                return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, $"A user needs a password of at least {MinPasswordLength} characters.");
            }

            if (created.Any(u => u.Login == login) || await db.Users.AnyAsync(u => u.Login == login, cancellationToken))
            {
                return new OctaneError(StatusCodes.Status409Conflict, OctaneErrorCodes.DuplicateEntity, $"A user with the login {login} already exists.");
            }

            var user = new User
            {
                SharedSpaceId = sharedSpaceId,
                Login = login,
                Email = Text(item, "email") ?? login,
                FirstName = Text(item, "first_name") ?? "",
                LastName = Text(item, "last_name") ?? "",
                PasswordHash = "",
                CreatedAt = time.GetUtcNow(),
            };
            user.PasswordHash = hasher.HashPassword(user, password);
            created.Add(user);
        }

        db.Users.AddRange(created);
        await db.SaveChangesAsync(cancellationToken);
        // A new user is a member of every workspace of the space and holds no admin role.
        db.RoleAssignments.AddRange(created.SelectMany(u => workspaces.Select(ws =>
            new RoleAssignment { UserId = u.Id, Role = Roles.Member, SharedSpaceId = sharedSpaceId, WorkspaceId = ws })));
        foreach (var user in created)
        {
            AuditLog.Add(db, time, current.Id, "user.create", $"user/{Id(user.Id)}", sharedSpaceId);
        }

        await db.SaveChangesAsync(cancellationToken);
        var roles = await RolesOfAsync(db, sharedSpaceId, [.. created.Select(u => u.Id)], cancellationToken);
        return TypedResults.Json(Collection([.. created.Select(u => OrganizationApi.Project(Render(u, roles), fields, DefaultFields))]), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateUserAsync(
        long sharedSpaceId, long userId, HttpContext http, TrellisDbContext db, IPasswordHasher<User> hasher, TimeProvider time, CancellationToken cancellationToken)
    {
        var current = CurrentUser.From(http.User);
        var user = await SpaceUsers(db, sharedSpaceId).SingleOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user is null)
        {
            return OctaneError.NotFound("user", Id(userId));
        }

        var body = await ReadAsync(http, cancellationToken);
        if (body is null)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "The body must be a user object.");
        }

        if (body["workspace_roles"] is { } workspaceRoles)
        {
            // Octane's way to grant roles, as the C# SDK sends it; the same as writing roles.
            var append = string.Equals(http.Request.Query["reference_update_mode"], "append", StringComparison.OrdinalIgnoreCase);
            var (translated, translateError) = await WorkspaceRoles.ToRolesAsync(db, sharedSpaceId, userId, workspaceRoles, append, current.IsSiteAdmin, cancellationToken);
            if (translated is null)
            {
                return new OctaneError(StatusCodes.Status400BadRequest, OctaneErrorCodes.IllegalFieldValue, translateError!,
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["field"] = "workspace_roles" });
            }

            body.Remove("workspace_roles");
            body["roles"] = translated;
        }

        // Oneself: password, e-mail and names. Anyone else, or anyone's roles: a space admin the rule lets through.
        var self = userId == current.Id && body["roles"] is null;
        if (!self && !current.IsSpaceAdmin(sharedSpaceId))
        {
            return OctaneError.Forbidden("Only a shared-space admin may change another user or anyone's roles.");
        }

        if (!self && await UserAdministration.RefuseAsync(db, current, userId, cancellationToken) is { } refusal)
        {
            return refusal.ToOctaneError();
        }

        var passwordChanged = false;

        user.Email = Text(body, "email") ?? user.Email;
        user.FirstName = Text(body, "first_name") ?? user.FirstName;
        user.LastName = Text(body, "last_name") ?? user.LastName;
        if (Text(body, "password") is { } password)
        {
            if (password.Length < MinPasswordLength)
            {
                return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, $"A password needs at least {MinPasswordLength} characters.");
            }

            user.PasswordHash = hasher.HashPassword(user, password);
            passwordChanged = true;
        }

        if (body["roles"] is { } rolesNode)
        {
            var workspaces = await db.Workspaces.Where(w => w.SharedSpaceId == sharedSpaceId).Select(w => w.Id).ToListAsync(cancellationToken);
            var (wanted, roleError) = ParseRoles(rolesNode, sharedSpaceId, workspaces, current.IsSiteAdmin);
            if (wanted is null)
            {
                return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, roleError!);
            }

            // Replace the user's roles in this space; site_admin only when a site admin says so.
            var existing = await db.RoleAssignments.Where(r => r.UserId == userId
                && (r.SharedSpaceId == sharedSpaceId || (r.SharedSpaceId == null && r.WorkspaceId == null))).ToListAsync(cancellationToken);
            db.RoleAssignments.RemoveRange(existing.Where(r => current.IsSiteAdmin || r.Role != Roles.SiteAdmin));
            db.RoleAssignments.AddRange(wanted.Where(r => current.IsSiteAdmin || r.Role != Roles.SiteAdmin)
                .Select(r => r with { UserId = userId }).Select(r => r.ToAssignment()));
        }

        AuditLog.Add(db, time, current.Id, "user.update", $"user/{Id(userId)}", sharedSpaceId,
            details: body["roles"] is { } r2 ? JsonSerializer.Serialize(new { roles = r2.ToJsonString() }) : null);
        await db.SaveChangesAsync(cancellationToken);
        var sessions = http.RequestServices.GetRequiredService<SessionCache>();
        if (passwordChanged)
        {
            // Whoever knew the old password is signed out everywhere; the person who changed their own stays signed in here.
            await UserAdministration.EndOtherSessionsAsync(db, sessions, time, userId, userId == current.Id ? current.SessionId : null, cancellationToken);
        }
        else if (body["roles"] is not null)
        {
            // The user's sessions carry their grants: the next request of each reads the new roles.
            await sessions.RevokeAsync(db, SessionEviction.User(userId), cancellationToken);
        }

        var (fields, _) = Fields(http);
        return TypedResults.Json(OrganizationApi.Project(Render(user, await RolesOfAsync(db, sharedSpaceId, [user.Id], cancellationToken)), fields, DefaultFields));
    }

    private static async Task<IResult> ListApiKeysAsync(long sharedSpaceId, HttpContext http, TrellisDbContext db, CancellationToken cancellationToken)
    {
        // Admins see the keys of the space's users; everyone else their own.
        var current = CurrentUser.From(http.User);
        var everyone = current.IsSpaceAdmin(sharedSpaceId);
        var keys = await db.ApiKeys.AsNoTracking().Where(k => everyone || k.UserId == current.Id)
            .Join(SpaceUsers(db, sharedSpaceId), k => k.UserId, u => u.Id, (k, u) => new { Key = k, u.Login })
            .OrderBy(x => x.Key.Id).ToListAsync(cancellationToken);
        return TypedResults.Json(Collection([.. keys.Select(x => RenderKey(x.Key, x.Login, secret: null))]));
    }

    private static async Task<IResult> CreateApiKeysAsync(long sharedSpaceId, HttpContext http, TrellisDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var current = CurrentUser.From(http.User);
        var body = await ReadAsync(http, cancellationToken);
        var items = body?["data"] is JsonArray array ? array.OfType<JsonObject>().ToList() : body is null ? [] : [body];
        if (items.Count == 0)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, "The body must be {\"data\":[{\"name\",\"user\":{\"id\"}}]}.");
        }

        var created = new List<(ApiKey Key, string Login, string Secret)>();
        foreach (var item in items)
        {
            var userId = current.Id;
            if (item["user"] is JsonObject userRef && !long.TryParse(Text(userRef, "id") ?? userRef["id"]?.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out userId))
            {
                return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "user.id must be a user id.");
            }

            // A key acts as its user: minting one for somebody else is acting as them, which only a site admin may.
            if (userId != current.Id && !current.IsSiteAdmin)
            {
                return OctaneError.Forbidden("An API key is minted by its own user; only a site admin may mint one for somebody else.");
            }

            var login = await SpaceUsers(db, sharedSpaceId).Where(u => u.Id == userId).Select(u => u.Login).SingleOrDefaultAsync(cancellationToken);
            if (login is null)
            {
                return OctaneError.NotFound("user", Id(userId));
            }

            var secret = SessionTokens.NewToken(32);
            var key = new ApiKey
            {
                UserId = userId,
                Name = Text(item, "name") ?? "API key",
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
            AuditLog.Add(db, time, current.Id, "api_key.create", $"api_key/{Id(key.Id)}", sharedSpaceId);
        }

        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Json(Collection([.. created.Select(c => RenderKey(c.Key, c.Login, c.Secret))]), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeApiKeyAsync(long sharedSpaceId, long keyId, HttpContext http, TrellisDbContext db, TimeProvider time, CancellationToken cancellationToken)
    {
        var current = CurrentUser.From(http.User);
        var key = await db.ApiKeys.Where(k => k.Id == keyId && SpaceUsers(db, sharedSpaceId).Any(u => u.Id == k.UserId)).SingleOrDefaultAsync(cancellationToken);
        if (key is null || (key.UserId != current.Id && !current.IsSpaceAdmin(sharedSpaceId)))
        {
            return OctaneError.NotFound("api_key", Id(keyId));
        }

        if (key.UserId != current.Id && await UserAdministration.RefuseAsync(db, current, key.UserId, cancellationToken) is { } refusal)
        {
            return refusal.ToOctaneError();
        }

        key.RevokedAt ??= time.GetUtcNow();
        AuditLog.Add(db, time, current.Id, "api_key.revoke", $"api_key/{Id(keyId)}", sharedSpaceId);
        await db.SaveChangesAsync(cancellationToken);
        await http.RequestServices.GetRequiredService<SessionCache>().RevokeAsync(db, SessionEviction.ApiKey(keyId), cancellationToken);
        // Octane answers a delete with 200 and an empty body.
        return TypedResults.Ok();
    }

    /// <summary>Users created in the space or holding a role in it; tracked, since an AsNoTracking in a subquery would untrack the whole query.</summary>
    private static IQueryable<User> SpaceUsers(TrellisDbContext db, long sharedSpaceId) =>
        db.Users.Where(u => u.SharedSpaceId == sharedSpaceId
            || db.RoleAssignments.Any(r => r.UserId == u.Id && r.SharedSpaceId == sharedSpaceId));

    private static (List<RoleInput>? Roles, string? Error) ParseRoles(JsonNode node, long sharedSpaceId, List<long> workspaces, bool siteAdmin)
    {
        var items = node is JsonObject { } wrapped && wrapped["data"] is JsonArray data ? data : node as JsonArray;
        if (items is null)
        {
            return (null, "roles must be a list of {\"role\",\"workspace_id\"}.");
        }

        var roles = new List<RoleInput>();
        foreach (var item in items)
        {
            var role = item is JsonObject o ? Text(o, "role") : null;
            var workspaceText = item is JsonObject p ? (Text(p, "workspace_id") ?? (p["workspace_id"] is JsonValue v && v.TryGetValue<long>(out var n) ? Id(n) : null)) : null;
            long? workspace = long.TryParse(workspaceText, NumberStyles.None, CultureInfo.InvariantCulture, out var ws) ? ws : null;
            var valid = role switch
            {
                Roles.SiteAdmin => workspace is null && siteAdmin,
                Roles.SpaceAdmin => workspace is null,
                Roles.WorkspaceAdmin or Roles.Member or Roles.Viewer => workspace is { } id && workspaces.Contains(id),
                _ => false,
            };
            if (!valid)
            {
                return (null, role == Roles.SiteAdmin && !siteAdmin
                    ? "Only a site admin may grant site_admin."
                    : $"'{role}' with workspace_id {workspaceText ?? "null"} is not a role of this shared space.");
            }

            roles.Add(new RoleInput(0, role!, role == Roles.SiteAdmin ? null : sharedSpaceId, workspace));
        }

        return (roles.Distinct().ToList(), null);
    }

    private static async Task<Dictionary<long, List<RoleAssignment>>> RolesOfAsync(TrellisDbContext db, long sharedSpaceId, List<long> userIds, CancellationToken cancellationToken) =>
        (await db.RoleAssignments.AsNoTracking()
            .Where(r => userIds.Contains(r.UserId) && (r.SharedSpaceId == sharedSpaceId || (r.SharedSpaceId == null && r.WorkspaceId == null)))
            .OrderBy(r => r.Id).ToListAsync(cancellationToken))
        .GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.ToList());

    private static JsonObject Render(User user, Dictionary<long, List<RoleAssignment>> roles) => new()
    {
        ["type"] = "user",
        ["id"] = Id(user.Id),
        ["name"] = user.Login,
        ["email"] = user.Email,
        ["first_name"] = user.FirstName,
        ["last_name"] = user.LastName,
        ["full_name"] = $"{user.FirstName} {user.LastName}".Trim(),
        ["roles"] = new JsonArray([.. (roles.TryGetValue(user.Id, out var list) ? list : []).Select(r =>
            (JsonNode)new JsonObject { ["role"] = r.Role, ["workspace_id"] = r.WorkspaceId is { } ws ? Id(ws) : null })]),
        ["workspace_roles"] = OctaneJson.MultiReference((roles.TryGetValue(user.Id, out var held) ? held : [])
            .Select(WorkspaceRoles.ReferenceOf).OfType<JsonObject>().DistinctBy(r => r["id"]!.GetValue<string>())),
    };

    /// <summary>
    /// The <c>fields</c> of a user; without it every field but the <c>workspace_roles</c> multi-reference comes back
    /// (docs/reference/rest.md#urls-and-parameters).
    /// </summary>
    private static (IReadOnlySet<string>? Fields, OctaneError? Error) Fields(HttpContext http) =>
        OrganizationApi.Selection(http, "user", [.. DefaultFields, "workspace_roles"]);

    private static readonly string[] DefaultFields = ["name", "email", "first_name", "last_name", "full_name", "roles"];

    /// <summary>What a query on users may name: their plain fields and, through <c>workspace_roles</c>, each role and place.</summary>
    private static readonly FilterFields UserFilter = new(new Dictionary<string, FilterFields?>(StringComparer.Ordinal)
    {
        ["id"] = null,
        ["name"] = null,
        ["email"] = null,
        ["first_name"] = null,
        ["last_name"] = null,
        ["full_name"] = null,
        ["workspace_roles"] = new(new Dictionary<string, FilterFields?>(StringComparer.Ordinal)
        {
            ["id"] = null,
            ["role"] = WorkspaceRoles.RoleFilter,
            ["workspace"] = new(new Dictionary<string, FilterFields?>(StringComparer.Ordinal) { ["id"] = null }),
        }),
    });

    private static JsonObject RenderKey(ApiKey key, string login, string? secret)
    {
        var item = new JsonObject
        {
            ["type"] = "api_key",
            ["id"] = Id(key.Id),
            ["name"] = key.Name,
            ["client_id"] = key.ClientId,
            ["user"] = new JsonObject { ["type"] = "user", ["id"] = Id(key.UserId), ["name"] = login },
            ["creation_time"] = key.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["revoked"] = key.RevokedAt is not null,
        };
        if (secret is not null)
        {
            // Shown once, in the answer to the create; only its hash is kept.
            item["client_secret"] = secret;
        }

        return item;
    }

    private static JsonObject Collection(List<JsonObject> data) =>
        new() { ["total_count"] = data.Count, ["data"] = new JsonArray([.. data]), ["exceeds_total_count"] = false };

    private static async Task<JsonObject?> ReadAsync(HttpContext http, CancellationToken cancellationToken)
    {
        try
        {
            return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string? Text(JsonObject node, string name) =>
        node[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    private static string Id(long id) => id.ToString(CultureInfo.InvariantCulture);

    private sealed record RoleInput(long UserId, string Role, long? SharedSpaceId, long? WorkspaceId)
    {
        public RoleAssignment ToAssignment() => new() { UserId = UserId, Role = Role, SharedSpaceId = SharedSpaceId, WorkspaceId = WorkspaceId };
    }
}
