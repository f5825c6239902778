using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Data.Model;
using Trellis.Data.Sql;

namespace Trellis.Server.Features.Entities;

/// <summary>
/// Trellis-only: workspace admins add and remove user-defined (<c>*_udf</c>) fields, which Octane defines in its admin
/// UI. Each change is one transaction, announced to the other nodes, after which every reader sees the new schema.
/// </summary>
internal static partial class UserDefinedFieldsApi
{
    public static RouteGroupBuilder MapUserDefinedFields(this RouteGroupBuilder workspace)
    {
        workspace.MapPost("/metadata/fields", CreateAsync).WithName("CreateUserDefinedFields").WithTrellisApi();
        workspace.MapDelete("/metadata/fields/{name}", DeleteAsync).WithName("DeleteUserDefinedField").WithTrellisApi();
        return workspace;
    }

    private static async Task<IResult> CreateAsync(
        HttpContext http, [FromServices] TrellisDbContext db, [FromServices] SchemaCache schemas, [FromServices] ILogger<SchemaCache> logger,
        CancellationToken cancellationToken)
    {
        var scope = WorkspaceScope.Get(http);
        if (AdminError(scope) is { } forbidden)
        {
            return forbidden.ToResult();
        }

        JsonNode? body;
        try
        {
            body = await JsonNode.ParseAsync(http.Request.Body, cancellationToken: cancellationToken);
        }
        catch (JsonException exception)
        {
            return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue,
                $"The body is not valid JSON (line {(exception.LineNumber ?? 0) + 1}, column {(exception.BytePositionInLine ?? 0) + 1}).").ToResult();
        }

        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        var (fields, error) = UserDefinedFields.Read(body, workspace);
        if (error is not null)
        {
            return error.ToResult();
        }

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var existing = await db.FieldMetadata.Where(f => f.WorkspaceId == scope.WorkspaceId).ToListAsync(cancellationToken);
        var created = new List<FieldMetadata>();
        foreach (var field in fields!)
        {
            foreach (var type in UserDefinedFields.TypesOf(field.EntityName))
            {
                var taken = existing.Concat(created).FirstOrDefault(f => f.EntityName == type && f.Name == field.Name);
                if (taken is null)
                {
                    var position = existing.Concat(created).Where(f => f.EntityName == type).Select(f => f.Position).DefaultIfEmpty(-1).Max() + 1;
                    created.Add(UserDefinedFields.ToMetadata(scope.WorkspaceId, type, field, position));
                }
                else if (type == field.EntityName || !taken.IsUserDefined || taken.FieldType != field.FieldType || taken.Multiple != field.Multiple)
                {
                    // A subtype's field may already be on its aggregate through a sibling, as long as it is the same kind of field.
                    return new OctaneError(StatusCodes.Status409Conflict, OctaneErrorCodes.DuplicateEntity,
                        $"{type} already has a field named {field.Name}.").ToResult();
                }
            }
        }

        db.FieldMetadata.AddRange(created);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Another admin added the same name meanwhile; the unique index kept the schema whole.
            return new OctaneError(StatusCodes.Status409Conflict, OctaneErrorCodes.DuplicateEntity, "A field with one of these names was added meanwhile; read the metadata again.").ToResult();
        }

        await schemas.AnnounceAsync(db, scope.WorkspaceId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        schemas.Evict(scope.WorkspaceId);
        foreach (var field in fields)
        {
            LogAdded(logger, field.Name, field.EntityName, field.FieldType, scope.WorkspaceId, scope.User.Login);
        }

        var data = fields.Select(field => created.First(f => f.EntityName == field.EntityName && f.Name == field.Name))
            .Select(f => (JsonNode)MetadataApi.Render(f)).ToList();
        return TypedResults.Json(OctaneJson.Collection(data.Count, data), statusCode: StatusCodes.Status201Created);
    }

    /// <summary>
    /// Removes a user-defined field from the type it was defined on (<c>?entity_name=</c>, or every type that has it)
    /// and drops its values, so a field added later under the same name starts empty.
    /// </summary>
    private static async Task<IResult> DeleteAsync(
        string name, HttpContext http, [FromServices] TrellisDbContext db, [FromServices] ISqlDialect dialect, [FromServices] SchemaCache schemas,
        [FromServices] ILogger<SchemaCache> logger, CancellationToken cancellationToken)
    {
        var scope = WorkspaceScope.Get(http);
        if (AdminError(scope) is { } forbidden)
        {
            return forbidden.ToResult();
        }

        var entityName = http.Request.Query["entity_name"].ToString();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var rows = await db.FieldMetadata.Where(f => f.WorkspaceId == scope.WorkspaceId && f.Name == name).ToListAsync(cancellationToken);
        if (rows.Count > 0 && rows.All(r => !r.IsUserDefined))
        {
            return OctaneError.BadRequest(OctaneErrorCodes.ModifyNonEditableField, $"{name} is a built-in field and cannot be removed.").ToResult();
        }

        var defined = rows.Where(r => r.IsUserDefined && (entityName.Length == 0 || r.EntityName == entityName)).ToList();
        if (defined.Count == 0)
        {
            return OctaneError.NotFound("field_metadata", entityName.Length == 0 ? name : $"{entityName}.{name}").ToResult();
        }

        // The defining types and what they carry; an aggregate keeps a field that one of its other subtypes still has.
        var removed = defined.SelectMany(r => UserDefinedFields.TypesOf(r.EntityName)).ToHashSet(StringComparer.Ordinal);
        var kept = rows.Where(r => r.IsUserDefined && !removed.Contains(r.EntityName)).Select(r => r.EntityName).ToHashSet(StringComparer.Ordinal);
        removed.RemoveWhere(type => BuiltInSchema.ByName[type].IsAggregate && BuiltInSchema.ByName[type].Subtypes.Any(kept.Contains));
        db.FieldMetadata.RemoveRange(rows.Where(r => r.IsUserDefined && removed.Contains(r.EntityName)));
        await db.SaveChangesAsync(cancellationToken);

        foreach (var type in removed.Select(t => BuiltInSchema.ByName[t]))
        {
            // The rows of the types that lost the field: a subtype's by its subtype, an aggregate's or plain type's all.
            // The stamp goes up so that a concurrent entity update, read before this, is tried again instead of writing the values back.
            var sql = $"UPDATE entities SET fields = {dialect.FieldsWithout(name)}, version_stamp = version_stamp + 1 WHERE workspace_id = {{0}} AND type = {{1}}"
                + (type.Subtype is null ? "" : " AND subtype = {2}");
            object[] parameters = type.Subtype is null ? [scope.WorkspaceId, type.StorageType] : [scope.WorkspaceId, type.StorageType, type.Subtype];
            await db.Database.ExecuteSqlRawAsync(sql, parameters, cancellationToken);
        }

        await schemas.AnnounceAsync(db, scope.WorkspaceId, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        schemas.Evict(scope.WorkspaceId);
        LogRemoved(logger, name, string.Join(", ", removed.Order(StringComparer.Ordinal)), scope.WorkspaceId, scope.User.Login);
        return TypedResults.Ok();
    }

    private static OctaneError? AdminError(WorkspaceScope scope) =>
        scope.Role == Roles.WorkspaceAdmin ? null : OctaneError.Forbidden("Only a workspace admin may add or remove user-defined fields.");

    [LoggerMessage(Level = LogLevel.Information, Message = "User-defined field {Name} ({FieldType}) added to {EntityName} in workspace {WorkspaceId} by {Login}")]
    private static partial void LogAdded(ILogger logger, string name, string entityName, string fieldType, long workspaceId, string login);

    [LoggerMessage(Level = LogLevel.Information, Message = "User-defined field {Name} removed from {Types} in workspace {WorkspaceId} by {Login}")]
    private static partial void LogRemoved(ILogger logger, string name, string types, long workspaceId, string login);
}
