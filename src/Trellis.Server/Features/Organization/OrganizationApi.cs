using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;

namespace Trellis.Server.Features.Organization;

/// <summary>
/// More than one workspace (docs/rest-api.md#workspaces-and-shared-spaces): space admins create workspaces, site admins
/// create shared spaces, and any member of a space reads its <c>workspace_roles</c>, all in Octane's shapes.
/// </summary>
internal static class OrganizationApi
{
    public static IEndpointRouteBuilder MapOrganization(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api").WithOctaneErrors().WithTags("Organization");
        api.MapPost("/shared_spaces", CreateSharedSpacesAsync).WithName("CreateSharedSpaces").RequireSiteAdmin();
        var space = api.MapGroup("/shared_spaces/{sharedSpaceId:long}");
        space.MapPost("/workspaces", CreateWorkspacesAsync).WithName("CreateWorkspaces").RequireSpace(SpaceTier.Admin);
        space.MapGet("/workspace_roles", ListWorkspaceRolesAsync).WithName("ListWorkspaceRoles").RequireSpace(SpaceTier.Member);
        space.MapGet("/workspace_roles/{id:long}", GetWorkspaceRoleAsync).WithName("GetWorkspaceRole").RequireSpace(SpaceTier.Member);
        // The SDKs build every entity path under a workspace: there the list is that workspace's roles.
        var workspace = space.MapGroup("/workspaces/{workspaceId:long}").RequireWorkspace();
        workspace.MapGet("/workspace_roles", ListRolesOfWorkspaceAsync).WithName("ListRolesOfWorkspace");
        workspace.MapGet("/workspace_roles/{id:long}", GetRoleOfWorkspaceAsync).WithName("GetRoleOfWorkspace");
        return routes;
    }

    private static async Task<IResult> CreateWorkspacesAsync(HttpContext http, [FromServices] ScopeCreator creator, CancellationToken cancellationToken)
    {
        var (fields, fieldsError) = Selection(http, "workspace", "name", "description");
        var (items, error) = fieldsError is null ? await ScopeBody.ReadAsync(http.Request, "workspace", withDescription: true, cancellationToken) : (null, fieldsError);
        if (items is null)
        {
            return error!.ToResult();
        }

        var creation = await creator.CreateWorkspacesAsync(SpaceScope.Get(http), items, cancellationToken);
        return creation.Created is { } created
            ? Created(created.Select(w => Render(fields, "workspace", w.Id, ("name", w.Name), ("description", w.Description))))
            : Refused(creation.Refusal!).ToResult();
    }

    private static async Task<IResult> CreateSharedSpacesAsync(HttpContext http, [FromServices] ScopeCreator creator, CancellationToken cancellationToken)
    {
        var (fields, fieldsError) = Selection(http, "shared_space", "name");
        var (items, error) = fieldsError is null ? await ScopeBody.ReadAsync(http.Request, "shared_space", withDescription: false, cancellationToken) : (null, fieldsError);
        if (items is null)
        {
            return error!.ToResult();
        }

        var creation = await creator.CreateSharedSpacesAsync(CurrentUser.From(http.User), items, cancellationToken);
        return creation.Created is { } created
            ? Created(created.Select(s => Render(fields, "shared_space", s.Id, ("name", s.Name))))
            : Refused(creation.Refusal!).ToResult();
    }

    private static Task<IResult> ListWorkspaceRolesAsync(
        HttpContext http, [FromServices] TrellisDbContext db, [FromServices] AccessResolver access, CancellationToken cancellationToken) =>
        ListRolesAsync(http, () => VisibleRolesAsync(http, db, access, cancellationToken));

    private static Task<IResult> GetWorkspaceRoleAsync(
        long id, HttpContext http, [FromServices] TrellisDbContext db, [FromServices] AccessResolver access, CancellationToken cancellationToken) =>
        GetRoleAsync(id, http, () => VisibleRolesAsync(http, db, access, cancellationToken));

    private static Task<IResult> ListRolesOfWorkspaceAsync(HttpContext http, [FromServices] TrellisDbContext db, CancellationToken cancellationToken) =>
        ListRolesAsync(http, () => RolesOfWorkspaceAsync(http, db, cancellationToken));

    private static Task<IResult> GetRoleOfWorkspaceAsync(long id, HttpContext http, [FromServices] TrellisDbContext db, CancellationToken cancellationToken) =>
        GetRoleAsync(id, http, () => RolesOfWorkspaceAsync(http, db, cancellationToken));

    private static async Task<IResult> ListRolesAsync(HttpContext http, Func<Task<List<JsonObject>>> visibleRoles)
    {
        var (query, queryError) = RepeatedParameters.One(http.Request.Query, "query", OctaneErrorCodes.QuerySyntaxError);
        var (list, listError) = ListParameters.From(http.Request.Query);
        var (fields, fieldsError) = Selection(http, WorkspaceRoles.Type, "role", "workspace", "users");
        var (predicate, filterError) = queryError is null ? RenderedFilter.Compile(query, WorkspaceRoles.Type, WorkspaceRoles.Filter) : (null, queryError);
        if ((filterError ?? listError ?? fieldsError ?? SortError(list!)) is { } error)
        {
            return error.ToResult();
        }

        var items = (await visibleRoles()).Where(predicate ?? (_ => true)).ToList();
        if (list!.OrderBy is [(_, true)])
        {
            items.Reverse();
        }

        var page = items.Skip(list.Offset).Take(list.Limit).Select(i => Project(i, fields, defaults: ["role", "workspace"]));
        return TypedResults.Json(OctaneJson.Collection(items.Count, page));
    }

    private static async Task<IResult> GetRoleAsync(long id, HttpContext http, Func<Task<List<JsonObject>>> visibleRoles)
    {
        var (fields, fieldsError) = Selection(http, WorkspaceRoles.Type, "role", "workspace", "users");
        if (fieldsError is not null)
        {
            return fieldsError.ToResult();
        }

        var item = (await visibleRoles()).FirstOrDefault(i => i["id"]!.GetValue<string>() == OctaneJson.Id(id));
        return item is null ? OctaneError.NotFound(WorkspaceRoles.Type, OctaneJson.Id(id)).ToResult() : TypedResults.Json(Project(item, fields, defaults: ["role", "workspace"]));
    }

    /// <summary>Space admins see the roles of every workspace of the space; everyone else those of the workspaces they hold a role in.</summary>
    private static async Task<List<JsonObject>> VisibleRolesAsync(HttpContext http, TrellisDbContext db, AccessResolver access, CancellationToken cancellationToken)
    {
        var scope = SpaceScope.Get(http);
        var workspaces = await access.VisibleWorkspacesAsync(scope.User, scope.SharedSpaceId, cancellationToken);
        return await WorkspaceRoles.ListAsync(db, scope.SharedSpaceId, [.. workspaces.Select(w => (w.Id, w.Name))], cancellationToken);
    }

    /// <summary>The roles of the workspace in the route (not the space-admin role, which belongs to the space).</summary>
    private static async Task<List<JsonObject>> RolesOfWorkspaceAsync(HttpContext http, TrellisDbContext db, CancellationToken cancellationToken)
    {
        var scope = WorkspaceScope.Get(http);
        var name = await db.Workspaces.Where(w => w.Id == scope.WorkspaceId).Select(w => w.Name).SingleAsync(cancellationToken);
        var roles = await WorkspaceRoles.ListAsync(db, scope.SharedSpaceId, [(scope.WorkspaceId, name)], cancellationToken);
        return [.. roles.Where(r => r["workspace"] is not null)];
    }

    private static OctaneError? SortError(ListParameters list) =>
        list.OrderBy.Any(o => o.Field != "id") || list.OrderBy.Count > 1
            ? OctaneError.BadRequest(OctaneErrorCodes.UnknownField, "workspace_roles are ordered by id only (order_by=id or order_by=-id).")
            : null;

    /// <summary>The <c>fields</c> parameter over the names a type has; <see langword="null"/> when absent.</summary>
    internal static (IReadOnlySet<string>? Fields, OctaneError? Error) Selection(HttpContext http, string type, params string[] known)
    {
        var (text, repeated) = RepeatedParameters.One(http.Request.Query, "fields", OctaneErrorCodes.UnknownField);
        if (repeated is not null)
        {
            return (null, repeated);
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            return (null, null);
        }

        if (!FieldSelection.TryParse(text, out var selection, out var syntax))
        {
            return (null, OctaneError.BadRequest(OctaneErrorCodes.UnknownField, syntax));
        }

        var unknown = selection.Items.Keys.FirstOrDefault(name => name is not ("id" or "type") && !known.Contains(name, StringComparer.Ordinal));
        return unknown is null
            ? (selection.Items.Keys.ToHashSet(StringComparer.Ordinal), null)
            : (null, new OctaneError(StatusCodes.Status400BadRequest, OctaneErrorCodes.UnknownField, $"The field '{unknown}' does not exist on {type}.",
                new Dictionary<string, string>(StringComparer.Ordinal) { ["field"] = unknown }));
    }

    /// <summary>An item with <c>type</c>, <c>id</c> and the selected fields, or <paramref name="defaults"/> without a selection.</summary>
    internal static JsonObject Project(JsonObject item, IReadOnlySet<string>? fields, IReadOnlyList<string> defaults)
    {
        var result = new JsonObject { ["type"] = item["type"]?.DeepClone(), ["id"] = item["id"]?.DeepClone() };
        foreach (var (name, value) in item)
        {
            if (name is not ("type" or "id") && (fields?.Contains(name) ?? defaults.Contains(name)))
            {
                result[name] = value?.DeepClone();
            }
        }

        return result;
    }

    private static JsonObject Render(IReadOnlySet<string>? fields, string type, long id, params (string Name, string? Value)[] values)
    {
        var item = new JsonObject { ["type"] = type, ["id"] = OctaneJson.Id(id) };
        foreach (var (name, value) in values.Where(v => fields?.Contains(v.Name) ?? true))
        {
            item[name] = value;
        }

        return item;
    }

    private static IResult Created(IEnumerable<JsonObject> items)
    {
        var list = items.ToList();
        return TypedResults.Json(OctaneJson.Collection(list.Count, list), statusCode: StatusCodes.Status201Created);
    }

    private static OctaneError Refused(CreationRefusal refusal) =>
        new(refusal.Status, refusal.Code, refusal.Message, new Dictionary<string, string>(StringComparer.Ordinal) { ["field"] = refusal.Field });
}

/// <summary>
/// The body of a workspace or shared-space create, as Octane takes it: <c>{"data":[{"name","description"}]}</c> (a bare
/// object is accepted too). Every mistake is a 400 naming the field and the item (<c>entity_index</c>), before anything
/// is written.
/// </summary>
internal static class ScopeBody
{
    /// <summary>The most items one request may create.</summary>
    public const int MaxItems = 20;

    /// <summary>The longest name, as the <c>name</c> column holds it.</summary>
    public const int MaxNameLength = ScopeInput.MaxNameLength;

    public static async Task<(List<ScopeInput>? Items, OctaneError? Error)> ReadAsync(HttpRequest request, string type, bool withDescription, CancellationToken cancellationToken)
    {
        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            return (null, OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, $"The body is not JSON: {exception.Message}"));
        }

        var items = body switch
        {
            JsonObject { } wrapper when wrapper.ContainsKey("data") => wrapper["data"] as JsonArray,
            JsonObject { Count: > 0 } bare => [bare.DeepClone()],
            _ => null,
        };
        if (items is null || items.Count == 0)
        {
            return (null, Error(OctaneErrorCodes.MissingRequiredField, "data", null, $"The body must be {{\"data\":[{{\"name\":…}}]}} with at least one {type}."));
        }

        if (items.Count > MaxItems)
        {
            return (null, Error(OctaneErrorCodes.IllegalFieldValue, "data", null, $"At most {MaxItems} of {type} are created by one request, not {items.Count}."));
        }

        var inputs = new List<ScopeInput>();
        for (var index = 0; index < items.Count; index++)
        {
            if (items[index] is not JsonObject item)
            {
                return (null, Error(OctaneErrorCodes.IllegalFieldValue, "data", index, $"Item {index} of data must be a {type} object."));
            }

            var (input, error) = Read(item, index, type, withDescription);
            if (input is null)
            {
                return (null, error);
            }

            inputs.Add(input);
        }

        return (inputs, null);
    }

    private static (ScopeInput? Input, OctaneError? Error) Read(JsonObject item, int index, string type, bool withDescription)
    {
        foreach (var (name, value) in item)
        {
            // Clients echo the type; an id is chosen by the server.
            var echoedType = name == "type" && value is JsonValue v && v.TryGetValue<string>(out var given) && given == type;
            switch (name)
            {
                case "type" when echoedType:
                case "name":
                case "description" when withDescription:
                    continue;
                case "id":
                    return (null, new OctaneError(StatusCodes.Status403Forbidden, OctaneErrorCodes.ModifyNonEditableField,
                        $"The id of a new {type} is chosen by the server.", Properties("id", index)));
                case "type":
                    return (null, Error(OctaneErrorCodes.IllegalFieldValue, "type", index, $"type must be '{type}' here."));
                default:
                    return (null, Error(OctaneErrorCodes.UnknownField, name, index, $"The field '{name}' does not exist on {type} or cannot be set."));
            }
        }

        var nameNode = item["name"];
        string? newName = null;
        if (nameNode is not null && (nameNode is not JsonValue named || !named.TryGetValue(out newName)))
        {
            return (null, Error(OctaneErrorCodes.IllegalFieldValue, "name", index, $"The name of a {type} must be a string."));
        }

        var (input, refusal) = ScopeInput.From(type, newName, description: null);
        if (refusal is not null)
        {
            return (null, Error(refusal.Code, refusal.Field, index, refusal.Message));
        }

        string? description = null;
        if (item["description"] is { } descriptionNode && (descriptionNode is not JsonValue d || !d.TryGetValue(out description)))
        {
            return (null, Error(OctaneErrorCodes.IllegalFieldValue, "description", index, $"The description of a {type} must be a string."));
        }

        return (input! with { Description = description }, null);
    }

    private static OctaneError Error(string code, string field, int? index, string description) =>
        new(StatusCodes.Status400BadRequest, code, description, Properties(field, index));

    private static Dictionary<string, string> Properties(string field, int? index)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal) { ["field"] = field };
        if (index is { } i)
        {
            properties["entity_index"] = OctaneJson.Id(i);
        }

        return properties;
    }
}
