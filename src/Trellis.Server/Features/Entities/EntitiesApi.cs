using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Trellis.Data;
using Trellis.Data.Model;
using Trellis.Data.Sql;

namespace Trellis.Server.Features.Entities;

/// <summary>The workspace's entity collections (docs/reference/rest.md#urls-and-parameters, docs/reference/rest.md#responses-and-writes) and their metadata (docs/reference/rest.md#metadata).</summary>
internal static class EntitiesApi
{
    public static IEndpointRouteBuilder MapEntities(this IEndpointRouteBuilder routes)
    {
        var workspace = routes.MapGroup("/api/shared_spaces/{sharedSpaceId:long}/workspaces/{workspaceId:long}")
            .WithOctaneErrors()
            .RequireWorkspace()
            .WithTags("Entities");

        workspace.MapGet("/metadata/entities", MetadataApi.ListEntitiesAsync).WithName("EntitiesMetadata");
        workspace.MapGet("/metadata/fields", MetadataApi.ListFieldsAsync).WithName("FieldsMetadata");
        workspace.MapUserDefinedFields();
        // Attachment uploads and downloads; their literal paths win over the generic collection routes.
        workspace.MapAttachments();
        // The create-branch app links its new branch to the work item through Octane's CI analytics path.
        workspace.MapPut("/analytics/ci/link-stories-to-branch", LinkStoriesToBranchAsync).WithName("LinkStoriesToBranch");
        workspace.MapGet("/{collection}", ListAsync).WithName("ListEntities");
        workspace.MapGet("/{collection}/groups", GroupsAsync).WithName("GroupEntities");
        workspace.MapGet("/{collection}/{id}", GetAsync).WithName("GetEntity");
        workspace.MapPost("/{collection}", CreateAsync).WithName("CreateEntities");
        workspace.MapPut("/{collection}", UpdateManyAsync).WithName("UpdateEntities");
        workspace.MapPut("/{collection}/{id}", UpdateOneAsync).WithName("UpdateEntity");
        workspace.MapDelete("/{collection}", DeleteByQueryAsync).WithName("DeleteEntitiesByQuery");
        workspace.MapDelete("/{collection}/{id}", DeleteOneAsync).WithName("DeleteEntity");

        // Octane's internal API, which its IDE plugins and SDKs call too.
        routes.MapGroup("/internal-api/shared_spaces/{sharedSpaceId:long}/workspaces/{workspaceId:long}")
            .WithOctaneErrors()
            .RequireWorkspace()
            .WithTags("Entities")
            .MapCommitPatterns();
        return routes;
    }

    private static async Task<IResult> ListAsync(string collection, HttpContext http, [AsParameters] RequestServices services, CancellationToken cancellationToken)
    {
        var (request, error) = await EntityRequest.OpenAsync(http, services, collection, cancellationToken);
        if (request is null)
        {
            return error!.ToResult();
        }

        var (parameters, paramError) = ListParameters.From(http.Request.Query);
        if (parameters is null)
        {
            return paramError!.ToResult();
        }

        var (filter, filterError) = request.CompileListFilter(http);
        if (filterError is not null)
        {
            return filterError.ToResult();
        }

        if (EntityReader.CanReadPage(request.Schema, request.Selection, filter))
        {
            // Plain selections are written straight from the data reader, without entities or JSON trees.
            var (page, pageError) = await request.Reader.ReadPageAsync(request.Schema, request.Selection, parameters, filter, cancellationToken);
            return page is null ? pageError!.ToResult() : new EntityPageResult(page);
        }

        var (total, rows, listError) = await request.Reader.ListAsync(request.Schema, request.Selection, parameters, filter, cancellationToken);
        return rows is null ? listError!.ToResult() : TypedResults.Json(OctaneJson.Collection(total, rows));
    }

    /// <summary><c>GET …/{collection}/groups?group_by=phase</c>: how many of the matches of <c>query</c> have each value.</summary>
    private static async Task<IResult> GroupsAsync(string collection, HttpContext http, [AsParameters] RequestServices services, CancellationToken cancellationToken)
    {
        var (request, error) = await EntityRequest.OpenAsync(http, services, collection, cancellationToken);
        if (request is null)
        {
            return error!.ToResult();
        }

        var (groupBy, repeated) = RepeatedParameters.One(http.Request.Query, "group_by", OctaneErrorCodes.UnknownField);
        if (repeated is not null)
        {
            return repeated.ToResult();
        }

        if (groupBy.Length == 0)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, "group_by names the field to group by, such as …/groups?group_by=phase.").ToResult();
        }

        if (request.Schema.Type.Storage == EntityStorage.Users
            || !request.Schema.ByName.TryGetValue(groupBy, out var field) || !EntityReader.CanGroupBy(field))
        {
            return OctaneError.BadRequest(OctaneErrorCodes.UnknownField,
                $"group_by names '{groupBy}', which is not a field {request.Schema.Name} can be grouped by: name a single reference such as phase or owner.").ToResult();
        }

        var (filter, filterError) = request.CompileListFilter(http);
        if (filterError is not null)
        {
            return filterError.ToResult();
        }

        var groups = await request.Reader.GroupAsync(request.Schema, field, filter, cancellationToken);
        var numericIds = string.Equals(http.Request.Query["use_numeric_id"].ToString(), "true", StringComparison.OrdinalIgnoreCase);
        return TypedResults.Json(new JsonObject
        {
            ["groupsTotalCount"] = groups.Count,
            ["groups"] = new JsonArray([.. groups.Select(g => (JsonNode)g.ToJson(numericIds))]),
        });
    }

    /// <summary><c>GET …/{collection}/{id}</c>; the attachment endpoint answers its entity JSON through here too.</summary>
    internal static async Task<IResult> GetAsync(string collection, string id, HttpContext http, [AsParameters] RequestServices services, CancellationToken cancellationToken)
    {
        var (request, error) = await EntityRequest.OpenAsync(http, services, collection, cancellationToken);
        if (request is null)
        {
            return error!.ToResult();
        }

        var entity = await request.Reader.GetAsync(request.Schema, id, request.Selection, cancellationToken);
        return entity is null ? OctaneError.NotFound(request.Schema.Name, id).ToResult() : TypedResults.Json(entity);
    }

    private static async Task<IResult> CreateAsync(string collection, HttpContext http, [AsParameters] RequestServices services, CancellationToken cancellationToken)
    {
        var (request, error) = await EntityRequest.OpenAsync(http, services, collection, cancellationToken, write: true);
        if (request is null)
        {
            return error!.ToResult();
        }

        var (items, bodyError) = await ReadItemsAsync(http, cancellationToken);
        if (items is null)
        {
            return bodyError!.ToResult();
        }

        var writer = request.Writer();
        var created = new List<EntityRecord>();
        var sprintDays = new Dictionary<EntityRecord, List<(DateTimeOffset Start, DateTimeOffset End)>>();
        var errors = new List<(int Index, OctaneError Error)>();
        for (var index = 0; index < items.Count; index++)
        {
            var (sprintCount, countError) = ReleaseSprints.TakeCount(request.Schema, items[index]);
            var (record, itemError) = countError is null ? await writer.CreateAsync(request.Schema, items[index], cancellationToken) : (null, countError);
            var (days, sprintError) = ReleaseSprints.Plan(record);
            sprintError ??= days is null ? null : ReleaseSprints.Agrees(sprintCount, days);
            if (record is null || days is null || sprintError is not null)
            {
                errors.Add((index, itemError ?? sprintError!));
                continue;
            }

            created.Add(record);
            if (days.Count > 0)
            {
                sprintDays[record] = days;
            }
        }

        if (items.Count == 1 && errors.Count == 1)
        {
            return errors[0].Error.ToResult();
        }

        services.Db.Entities.AddRange(created);
        await services.Db.SaveChangesAsync(cancellationToken);
        foreach (var (release, days) in sprintDays)
        {
            // After the release has its id; Octane makes the sprints of a release created with a sprint duration.
            var sprints = ReleaseSprints.Create(release, days, BuiltInSchema.ByName["sprint"], services.Time.GetUtcNow());
            services.Db.Entities.AddRange(sprints);
            await services.Db.SaveChangesAsync(cancellationToken);
            sprints.ForEach(sprint => request.Audit(EntityAudit.Create, sprint));
        }

        // After the entities have their ids: the rows their inverse references name now name them.
        await request.WriteInverseAsync(writer, cancellationToken);
        foreach (var record in created)
        {
            request.Audit(EntityAudit.Create, record);
        }

        await services.Db.SaveChangesAsync(cancellationToken);
        var rendered = await request.Reader.RenderAsync(request.Schema, created, request.Selection, 1, cancellationToken);
        return Batch(http, rendered, errors, StatusCodes.Status201Created);
    }

    private static async Task<IResult> UpdateOneAsync(string collection, string id, HttpContext http, [AsParameters] RequestServices services, CancellationToken cancellationToken)
    {
        var (request, error) = await EntityRequest.OpenAsync(http, services, collection, cancellationToken, write: true);
        if (request is null)
        {
            return error!.ToResult();
        }

        JsonObject? item;
        try
        {
            item = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken) as JsonObject;
        }
        catch (JsonException)
        {
            item = null;
        }

        if (item is null)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "The body must be a JSON object with the fields to change.").ToResult();
        }

        return await ConflictRetry.RunAsync<IResult>(services.Db, async () =>
        {
            var row = await request.FindAsync(id, cancellationToken);
            if (row is null)
            {
                return OctaneError.NotFound(request.Schema.Name, id).ToResult();
            }

            var writer = request.Writer();
            var updateError = await writer.UpdateAsync(row, (JsonObject)item.DeepClone(), cancellationToken);
            if (updateError is not null)
            {
                return updateError.ToResult();
            }

            await request.WriteInverseAsync(writer, cancellationToken);
            request.Audit(EntityAudit.Update, row);
            await services.Db.SaveChangesAsync(cancellationToken);
            var rendered = await request.Reader.RenderAsync(request.Schema, [row], request.Selection, 1, cancellationToken);
            return TypedResults.Json(rendered[0]);
        }, () => OctaneError.ConcurrentUpdate().ToResult());
    }

    /// <summary>
    /// <c>PUT …/analytics/ci/link-stories-to-branch?reference-update-mode=append</c> with <c>{"data":[{"id","scm_branches"}]}</c>:
    /// an update of those work items (docs/rest-api.md#source-control).
    /// </summary>
    private static Task<IResult> LinkStoriesToBranchAsync(HttpContext http, [AsParameters] RequestServices services, CancellationToken cancellationToken) =>
        UpdateManyAsync("work_items", http, services, cancellationToken);

    private static async Task<IResult> UpdateManyAsync(string collection, HttpContext http, [AsParameters] RequestServices services, CancellationToken cancellationToken)
    {
        var (request, error) = await EntityRequest.OpenAsync(http, services, collection, cancellationToken, write: true);
        if (request is null)
        {
            return error!.ToResult();
        }

        var (query, queryError) = request.CompileQuery(http);
        if (queryError is not null)
        {
            return queryError.ToResult();
        }

        var (items, bodyError) = await ReadItemsAsync(http, cancellationToken);
        if (items is null)
        {
            return bodyError!.ToResult();
        }

        if (query is not null)
        {
            return await UpdateByQueryAsync(http, request, query, items, cancellationToken);
        }

        return await ConflictRetry.RunAsync<IResult>(services.Db, async () =>
        {
            var writer = request.Writer();
            var updated = new List<EntityRecord>();
            var errors = new List<(int Index, OctaneError Error)>();
            for (var index = 0; index < items.Count; index++)
            {
                var idNode = items[index]["id"];
                var row = OctaneJson.TryGetId(idNode, out var key) ? await request.Reader.FindAsync(request.Schema, key, cancellationToken) : null;
                var itemError = idNode is null
                    ? OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, "Each entity of an update needs its id.")
                    : row is null
                        ? OctaneError.NotFound(request.Schema.Name, idNode.ToString())
                        : await writer.UpdateAsync(row, (JsonObject)items[index].DeepClone(), cancellationToken);
                if (itemError is not null)
                {
                    errors.Add((index, itemError));
                    continue;
                }

                request.Audit(EntityAudit.Update, row!);
                updated.Add(row!);
            }

            if (items.Count == 1 && errors.Count == 1)
            {
                return errors[0].Error.ToResult();
            }

            await request.WriteInverseAsync(writer, cancellationToken);
            await services.Db.SaveChangesAsync(cancellationToken);
            var rendered = await request.Reader.RenderAsync(request.Schema, updated, request.Selection, 1, cancellationToken);
            return Batch(http, rendered, errors, StatusCodes.Status200OK);
        }, () => OctaneError.ConcurrentUpdate().ToResult());
    }

    private static async Task<IResult> DeleteOneAsync(string collection, string id, HttpContext http, [AsParameters] RequestServices services, CancellationToken cancellationToken)
    {
        var (request, error) = await EntityRequest.OpenAsync(http, services, collection, cancellationToken, write: true);
        if (request is null)
        {
            return error!.ToResult();
        }

        return await ConflictRetry.RunAsync<IResult>(services.Db, async () =>
        {
            var row = await request.FindAsync(id, cancellationToken);
            if (row is null)
            {
                return OctaneError.NotFound(request.Schema.Name, id).ToResult();
            }

            if (await request.Writer().DeleteAsync([row], request.Reader, cancellationToken) is { } refused)
            {
                return refused.ToResult();
            }

            await services.Db.SaveChangesAsync(cancellationToken);
            // Octane answers a single delete with 200 and an empty body; the JS SDK relies on it.
            return TypedResults.Ok();
        }, () => OctaneError.ConcurrentUpdate().ToResult());
    }

    private static async Task<IResult> DeleteByQueryAsync(string collection, HttpContext http, [AsParameters] RequestServices services, CancellationToken cancellationToken)
    {
        var (request, error) = await EntityRequest.OpenAsync(http, services, collection, cancellationToken, write: true);
        if (request is null)
        {
            return error!.ToResult();
        }

        var (query, queryError) = request.CompileQuery(http);
        if (queryError is not null)
        {
            return queryError.ToResult();
        }

        if (query is null)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.MissingQuery, "Deleting from a collection needs a query; delete one entity at …/{collection}/{id}.").ToResult();
        }

        return await ConflictRetry.RunAsync<IResult>(services.Db, async () =>
        {
            var rows = await request.Reader.MatchAsync(request.Schema, query, cancellationToken);
            // All or nothing: one comment the caller may not delete refuses the whole request.
            if (await request.Writer().DeleteAsync(rows, request.Reader, cancellationToken) is { } refused)
            {
                return refused.ToResult();
            }

            await services.Db.SaveChangesAsync(cancellationToken);
            var data = rows.Select(r => (JsonNode)new JsonObject { ["type"] = request.Schema.Name, ["id"] = OctaneJson.Id(r.Id) });
            return TypedResults.Json(new JsonObject { ["total_count"] = rows.Count, ["data"] = new JsonArray([.. data]) });
        }, () => OctaneError.ConcurrentUpdate().ToResult());
    }

    /// <summary><c>PUT …/{collection}?query=</c>: one set of changes applied to every match (docs/reference/rest.md#responses-and-writes).</summary>
    private static async Task<IResult> UpdateByQueryAsync(HttpContext http, EntityRequest request, EntityFilter query, List<JsonObject> items, CancellationToken cancellationToken)
    {
        if (items.Count != 1 || items[0].ContainsKey("id"))
        {
            return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "An update by query takes one set of changes without an id.").ToResult();
        }

        return await ConflictRetry.RunAsync<IResult>(request.Services.Db, async () =>
        {
            var rows = await request.Reader.MatchAsync(request.Schema, query, cancellationToken);
            var writer = request.Writer();
            foreach (var row in rows)
            {
                if (await writer.UpdateAsync(row, (JsonObject)items[0].DeepClone(), cancellationToken) is { } updateError)
                {
                    return updateError.ToResult();
                }

                request.Audit(EntityAudit.Update, row);
            }

            await request.WriteInverseAsync(writer, cancellationToken);
            await request.Services.Db.SaveChangesAsync(cancellationToken);
            var rendered = await request.Reader.RenderAsync(request.Schema, rows, request.Selection, 1, cancellationToken);
            return Batch(http, rendered, [], StatusCodes.Status200OK);
        }, () => OctaneError.ConcurrentUpdate().ToResult());
    }

    private static async Task<(List<JsonObject>? Items, OctaneError? Error)> ReadItemsAsync(HttpContext http, CancellationToken cancellationToken)
    {
        JsonNode? body;
        try
        {
            // JSON whatever the Content-Type: clients send text/plain and octet-stream too.
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException)
        {
            body = null;
        }

        var items = body switch
        {
            JsonObject envelope when envelope["data"] is JsonArray data => data,
            JsonObject single when single["data"] is null => new JsonArray(single.DeepClone()),
            _ => null,
        };
        return items is null || items.Any(i => i is not JsonObject)
            ? (null, OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, "The body must be {\"data\":[{…}]} with one object per entity."))
            : ([.. items.Cast<JsonObject>()], null);
    }

    /// <summary>A batch answer: all succeeded, or 409 with the successes and one error per failed item (docs/reference/rest.md#responses-and-writes).</summary>
    private static IResult Batch(HttpContext http, List<JsonObject> data, List<(int Index, OctaneError Error)> errors, int successStatus)
    {
        var body = new JsonObject { ["total_count"] = data.Count, ["data"] = new JsonArray([.. data]) };
        if (errors.Count == 0)
        {
            return TypedResults.Json(body, statusCode: successStatus);
        }

        body["errors"] = new JsonArray([.. errors.Select(e =>
        {
            var index = e.Index.ToString(CultureInfo.InvariantCulture);
            var properties = new JsonObject { ["entity_index"] = index };
            foreach (var (key, value) in e.Error.Properties ?? new Dictionary<string, string>())
            {
                properties[key] = value;
            }

            return (JsonNode)new JsonObject
            {
                ["error_code"] = e.Error.ErrorCode,
                ["correlation_id"] = http.TraceIdentifier,
                ["description"] = e.Error.Description,
                ["description_translated"] = e.Error.Description,
                ["entity_index"] = e.Index,
                ["properties"] = properties,
            };
        })]);
        return TypedResults.Json(body, statusCode: StatusCodes.Status409Conflict);
    }

    /// <summary>The services every entity endpoint needs, bound as one parameter.</summary>
    internal sealed record RequestServices(
        [FromServices] TrellisDbContext Db,
        [FromServices] ISqlDialect Dialect,
        [FromServices] SchemaCache Schemas,
        [FromServices] TimeProvider Time,
        [FromServices] IOptions<EntityLimits> Limits);

    /// <summary>What one request works on: its collection's schema, the parsed <c>fields</c>, a reader and a writer.</summary>
    private sealed record EntityRequest(WorkspaceScope Scope, WorkspaceSchema Workspace, EntitySchema Schema, FieldSelection? Selection, EntityReader Reader, RequestServices Services)
    {
        /// <summary>Gets a value indicating whether the request asked for <c>reference_update_mode=append</c>.</summary>
        public bool AppendReferences { get; init; }

        public EntityWriter Writer() => new(Services.Db, Workspace, Scope, Services.Time, Services.Limits.Value)
        {
            AppendReferences = AppendReferences,
            WritesInverse = true,
        };

        /// <summary>Writes the inverse references the writer collected to the other side, before the save that keeps them, and audits each row changed.</summary>
        public async Task WriteInverseAsync(EntityWriter writer, CancellationToken cancellationToken)
        {
            foreach (var (owner, reference, ids) in writer.Inverse)
            {
                var changed = await reference.WriteAsync(Services.Db, Services.Dialect, Scope.WorkspaceId, owner.Id, ids, AppendReferences,
                    Services.Time.GetUtcNow(), cancellationToken);
                changed.ForEach(row => Audit(EntityAudit.Update, row));
            }

            writer.Inverse.Clear();
        }

        /// <summary>The tracked row the route's id names in this collection, or <see langword="null"/>.</summary>
        public async Task<EntityRecord?> FindAsync(string id, CancellationToken cancellationToken) =>
            long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key)
                ? await Reader.FindAsync(Schema, key, cancellationToken)
                : null;

        /// <summary>The request's <c>query</c> parameter compiled for this collection; <see langword="null"/> when it gives none.</summary>
        public (EntityFilter? Filter, OctaneError? Error) CompileQuery(HttpContext http)
        {
            var (parameter, repeated) = RepeatedParameters.One(http.Request.Query, "query", OctaneErrorCodes.QuerySyntaxError);
            return repeated is not null
                ? (null, repeated)
                : QueryCompiler.Compile(parameter, Workspace, Schema, Services.Dialect, new QueryContext(Scope.WorkspaceId, Scope.User.Id, Services.Time.GetUtcNow()));
        }

        /// <summary>A list's filter: <c>query</c> and <c>text_search</c> together.</summary>
        public (EntityFilter? Filter, OctaneError? Error) CompileListFilter(HttpContext http)
        {
            var (query, queryError) = CompileQuery(http);
            if (queryError is not null)
            {
                return (null, queryError);
            }

            var (text, searchError) = TextSearch.Parse(http.Request.Query["text_search"].ToString());
            if (searchError is not null)
            {
                return (null, searchError);
            }

            if (text is not null && Schema.Type.Storage == EntityStorage.Users)
            {
                return (null, OctaneError.BadRequest(OctaneErrorCodes.QuerySyntaxError, $"{Schema.Type.Collection} have no text search."));
            }

            var search = text is null ? null : TextSearch.Filter(Services.Dialect, text);
            return ((query, search) switch
            {
                ({ } q, { } t) => t.And(q),
                _ => query ?? search,
            }, null);
        }

        /// <summary>Adds the audit record of <paramref name="action"/> on <paramref name="record"/> by the request's caller.</summary>
        public void Audit(string action, EntityRecord record) => EntityAudit.Add(Services.Db, Services.Time, Scope, action, record);

        public static async Task<(EntityRequest? Request, OctaneError? Error)> OpenAsync(
            HttpContext http, [AsParameters] RequestServices services, string collection, CancellationToken cancellationToken, bool write = false)
        {
            var scope = WorkspaceScope.Get(http);
            var workspace = await services.Schemas.GetAsync(services.Db, scope.WorkspaceId, cancellationToken);
            if (workspace.ForCollection(collection) is not { } schema)
            {
                return (null, new OctaneError(StatusCodes.Status404NotFound, OctaneErrorCodes.UnknownEntityType, $"There is no collection named '{collection}'."));
            }

            if (write && !schema.Type.Writable)
            {
                return (null, OctaneError.Forbidden($"{schema.Type.Collection} cannot be changed through the REST API."));
            }

            var (append, badMode) = ReferenceUpdateMode.Read(http.Request.Query);
            if (badMode is not null)
            {
                return (null, badMode);
            }

            FieldSelection? selection = null;
            var (fields, repeated) = RepeatedParameters.One(http.Request.Query, "fields", OctaneErrorCodes.UnknownField);
            if (repeated is not null)
            {
                return (null, repeated);
            }

            if (fields.Length > 0 && !FieldSelection.TryParse(fields, out selection, out var syntax))
            {
                return (null, OctaneError.BadRequest(OctaneErrorCodes.UnknownField, syntax));
            }

            if (EntityReader.Validate(schema, selection) is { } unknown)
            {
                return (null, unknown);
            }

            var reader = new EntityReader(services.Db, services.Dialect, workspace, scope.WorkspaceId);
            return (new EntityRequest(scope, workspace, schema, selection, reader, services) { AppendReferences = append }, null);
        }
    }
}
