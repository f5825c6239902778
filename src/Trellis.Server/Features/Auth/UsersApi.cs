using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;

namespace Trellis.Server.Features.Auth;

/// <summary>
/// The users of a shared space, their roles and their API keys (docs/reference/rest.md#authentication), shaped like Octane's <c>users</c>
/// collection. Space members read users; space admins create them, change roles and manage API keys. The rules are
/// <see cref="SpaceUserService"/>'s, which the web UI's administration pages call too.
/// </summary>
internal static class UsersApi
{
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

    private static async Task<IResult> ListUsersAsync(HttpContext http, [FromServices] SpaceUserService users, CancellationToken cancellationToken)
    {
        var (query, queryError) = RepeatedParameters.One(http.Request.Query, "query", OctaneErrorCodes.QuerySyntaxError);
        var (list, listError) = ListParameters.From(http.Request.Query);
        var (fields, fieldsError) = Fields(http);
        var (predicate, filterError) = queryError is null ? RenderedFilter.Compile(query, "user", UserFilter) : (null, queryError);
        if ((filterError ?? listError ?? fieldsError) is { } error)
        {
            return error.ToResult();
        }

        var scope = SpaceScope.Get(http);
        var data = (await users.ListAsync(scope, search: null, cancellationToken)).Select(u => Render(u, scope.SharedSpaceId)).Where(predicate ?? (_ => true)).ToList();
        var page = data.Skip(list!.Offset).Take(list.Limit).Select(u => OrganizationApi.Project(u, fields, DefaultFields)).ToList();
        return TypedResults.Json(OctaneJson.Collection(data.Count, page));
    }

    private static async Task<IResult> GetUserAsync(long userId, HttpContext http, [FromServices] SpaceUserService users, CancellationToken cancellationToken)
    {
        var (fields, fieldsError) = Fields(http);
        if (fieldsError is not null)
        {
            return fieldsError.ToResult();
        }

        var scope = SpaceScope.Get(http);
        return await users.GetAsync(scope, userId, cancellationToken) is { } user
            ? TypedResults.Json(OrganizationApi.Project(Render(user, scope.SharedSpaceId), fields, DefaultFields))
            : OctaneError.NotFound("user", Id(userId)).ToResult();
    }

    private static async Task<IResult> CreateUsersAsync(HttpContext http, [FromServices] SpaceUserService users, CancellationToken cancellationToken)
    {
        var (fields, fieldsError) = Fields(http);
        if (fieldsError is not null)
        {
            return fieldsError.ToResult();
        }

        var scope = SpaceScope.Get(http);
        var items = (await ReadAsync(http, cancellationToken))?["data"] as JsonArray;
        var input = items?.OfType<JsonObject>().Select(i => new NewUser(Text(i, "name"), Text(i, "password"), Text(i, "email"), Text(i, "first_name"), Text(i, "last_name"))).ToList() ?? [];
        var result = await users.CreateAsync(scope, input, cancellationToken);
        return result.Error is { } error
            ? error.ToResult()
            : TypedResults.Json(Collection([.. result.Value!.Select(u => OrganizationApi.Project(Render(u, scope.SharedSpaceId), fields, DefaultFields))]), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateUserAsync(long userId, HttpContext http, [FromServices] SpaceUserService users, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(http, cancellationToken);
        if (body is null)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "The body must be a user object.").ToResult();
        }

        string? workspaceRolesError = null;
        if (body["workspace_roles"] is { } workspaceRoles)
        {
            // Octane's way to grant roles, as the C# SDK sends it; the same as writing roles.
            var (append, badMode) = ReferenceUpdateMode.Read(http.Request.Query);
            if (badMode is not null)
            {
                return badMode.ToResult();
            }

            var (translated, translateError) = await users.RolesOfWorkspaceRolesAsync(SpaceScope.Get(http), userId, workspaceRoles, append, cancellationToken);
            body.Remove("workspace_roles");
            body["roles"] = translated;
            workspaceRolesError = translateError;
        }

        IReadOnlyList<RoleGrant>? roles = null;
        if (body["roles"] is { } || workspaceRolesError is not null)
        {
            var (parsed, roleError) = workspaceRolesError is null ? ParseRoles(body["roles"]!) : (null, workspaceRolesError);
            if (parsed is null)
            {
                // The rule's order: who may change the user comes before what the body says.
                var scope = SpaceScope.Get(http);
                if (await users.GetAsync(scope, userId, cancellationToken) is null)
                {
                    return OctaneError.NotFound("user", Id(userId)).ToResult();
                }

                if (await users.RefuseAdministeringAsync(scope, userId, cancellationToken) is { } refusal)
                {
                    return refusal.ToOctaneError().ToResult();
                }

                return (workspaceRolesError is null
                    ? OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, roleError!)
                    : new OctaneError(StatusCodes.Status400BadRequest, OctaneErrorCodes.IllegalFieldValue, roleError!,
                        new Dictionary<string, string>(StringComparer.Ordinal) { ["field"] = "workspace_roles" })).ToResult();
            }

            roles = parsed;
        }

        var change = new UserChange(Text(body, "email"), Text(body, "first_name"), Text(body, "last_name"), Text(body, "password"), roles);
        var result = await users.UpdateAsync(SpaceScope.Get(http), userId, change, cancellationToken);
        var (fields, _) = Fields(http);
        return result.Error is { } error ? error.ToResult() : TypedResults.Json(OrganizationApi.Project(Render(result.Value!, SpaceScope.Get(http).SharedSpaceId), fields, DefaultFields));
    }

    private static async Task<IResult> ListApiKeysAsync(HttpContext http, [FromServices] SpaceUserService users, CancellationToken cancellationToken)
    {
        var keys = await users.ListKeysAsync(SpaceScope.Get(http), cancellationToken);
        return TypedResults.Json(Collection([.. keys.Select(k => RenderKey(k, secret: null))]));
    }

    private static async Task<IResult> CreateApiKeysAsync(HttpContext http, [FromServices] SpaceUserService users, CancellationToken cancellationToken)
    {
        var body = await ReadAsync(http, cancellationToken);
        if (body is not null && body.ContainsKey("data") && body["data"] is not JsonArray)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "data must be a list: {\"data\":[{\"name\",\"user\":{\"id\"}}]}.").ToResult();
        }

        var items = body?["data"] is JsonArray array ? array.OfType<JsonObject>().ToList() : body is null ? [] : [body];
        var requests = new List<ApiKeyRequest>();
        foreach (var item in items)
        {
            // A name that is not text is a mistake to say, not a reason to fall back to the default name.
            if (item["name"] is { } name && name.GetValueKind() != JsonValueKind.String)
            {
                return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "name must be a string.").ToResult();
            }

            long? userId = null;
            if (item["user"] is JsonObject userRef)
            {
                if (!long.TryParse(Text(userRef, "id") ?? userRef["id"]?.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "user.id must be a user id.").ToResult();
                }

                userId = id;
            }

            requests.Add(new ApiKeyRequest(Text(item, "name"), userId));
        }

        var result = await users.MintKeysAsync(SpaceScope.Get(http), requests, cancellationToken);
        return result.Error is { } error
            ? error.ToResult()
            : TypedResults.Json(Collection([.. result.Value!.Select(m => RenderKey(m.Key, m.Secret))]), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> RevokeApiKeyAsync(long keyId, HttpContext http, [FromServices] SpaceUserService users, CancellationToken cancellationToken) =>
        // Octane answers a delete with 200 and an empty body.
        await users.RevokeKeyAsync(SpaceScope.Get(http), keyId, cancellationToken) is { } error ? error.ToResult() : TypedResults.Ok();

    /// <summary>The body's role list as grants; the service checks that they are roles of the space.</summary>
    private static (List<RoleGrant>? Roles, string? Error) ParseRoles(JsonNode node)
    {
        var items = node is JsonObject { } wrapped && wrapped["data"] is JsonArray data ? data : node as JsonArray;
        if (items is null)
        {
            return (null, "roles must be a list of {\"role\",\"workspace_id\"}.");
        }

        var roles = new List<RoleGrant>();
        foreach (var item in items)
        {
            var role = item is JsonObject o ? Text(o, "role") : null;
            var workspaceText = item is JsonObject p ? (Text(p, "workspace_id") ?? (p["workspace_id"] is JsonValue v && v.TryGetValue<long>(out var n) ? Id(n) : null)) : null;
            long? workspace = long.TryParse(workspaceText, NumberStyles.None, CultureInfo.InvariantCulture, out var ws) ? ws : null;
            if (role is null || (workspaceText is not null && workspace is null))
            {
                return (null, $"'{role}' with workspace_id {workspaceText ?? "null"} is not a role of this shared space.");
            }

            roles.Add(new RoleGrant(role, workspace));
        }

        return (roles, null);
    }

    private static JsonObject Render(SpaceUser user, long sharedSpaceId) => new()
    {
        ["type"] = "user",
        ["id"] = Id(user.Id),
        ["name"] = user.Login,
        ["email"] = user.Email,
        ["first_name"] = user.FirstName,
        ["last_name"] = user.LastName,
        ["full_name"] = user.FullName,
        ["roles"] = new JsonArray([.. user.Roles.Select(r =>
            (JsonNode)new JsonObject { ["role"] = r.Role, ["workspace_id"] = r.WorkspaceId is { } ws ? Id(ws) : null })]),
        ["workspace_roles"] = OctaneJson.MultiReference(user.Roles
            .Select(r => WorkspaceRoles.ReferenceOf(r.Role, r.WorkspaceId, sharedSpaceId)).OfType<JsonObject>().DistinctBy(r => r["id"]!.GetValue<string>())),
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

    private static JsonObject RenderKey(ApiKeyView key, string? secret)
    {
        var item = new JsonObject
        {
            ["type"] = "api_key",
            ["id"] = Id(key.Id),
            ["name"] = key.Name,
            ["client_id"] = key.ClientId,
            ["user"] = new JsonObject { ["type"] = "user", ["id"] = Id(key.UserId), ["name"] = key.UserLogin },
            ["creation_time"] = key.CreatedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["revoked"] = key.Revoked,
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
}
