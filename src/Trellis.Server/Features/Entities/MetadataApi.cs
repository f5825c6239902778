using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Server.Features.Entities;

/// <summary><c>…/metadata/entities</c> and <c>…/metadata/fields</c>, shaped like Octane's (docs/reference/rest.md#metadata).</summary>
internal static class MetadataApi
{
    public static async Task<IResult> ListEntitiesAsync(
        HttpContext http, [FromServices] TrellisDbContext db, [FromServices] SchemaCache schemas, CancellationToken cancellationToken)
    {
        var (parameter, repeated) = RepeatedParameters.One(http.Request.Query, "query", OctaneErrorCodes.QuerySyntaxError);
        var (predicate, error) = repeated is null ? MetadataFilter.Compile(parameter, MetadataFilter.EntityMetadataFields) : (null, repeated);
        if (error is not null)
        {
            return error.ToResult();
        }

        var scope = WorkspaceScope.Get(http);
        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        var items = workspace.Types.Select(schema =>
        {
            var type = schema.Type;
            var methods = new JsonArray(type.Writable ? ["GET", "POST", "PUT", "DELETE"] : ["GET"]);
            var features = new JsonArray { new JsonObject { ["name"] = "rest", ["url"] = type.Collection, ["methods"] = methods } };
            if (type.Subtype is not null)
            {
                features.Add(new JsonObject { ["name"] = "subtype_of", ["type"] = type.StorageType });
            }

            if (type.StorageType is "work_item" or "product_area" or "requirement")
            {
                features.Add(new JsonObject { ["name"] = "hierarchical_entity" });
            }

            if (schema.ByName.ContainsKey("comments"))
            {
                features.Add(new JsonObject { ["name"] = "has_comments" });
            }

            if (schema.ByName.ContainsKey("attachments"))
            {
                features.Add(new JsonObject { ["name"] = "has_attachments" });
            }

            return new JsonObject
            {
                ["type"] = "entity_metadata",
                ["name"] = type.Name,
                ["label"] = type.Label,
                ["can_modify_label"] = false,
                ["features"] = features,
            };
        }).Where(item => predicate?.Invoke(item) ?? true).Cast<JsonNode>().ToList();
        return TypedResults.Json(OctaneJson.Collection(items.Count, items));
    }

    public static async Task<IResult> ListFieldsAsync(HttpContext http, [FromServices] TrellisDbContext db, CancellationToken cancellationToken)
    {
        var (parameter, repeated) = RepeatedParameters.One(http.Request.Query, "query", OctaneErrorCodes.QuerySyntaxError);
        var (predicate, error) = repeated is null ? MetadataFilter.Compile(parameter, MetadataFilter.FieldMetadataFields) : (null, repeated);
        if (error is not null)
        {
            return error.ToResult();
        }

        var scope = WorkspaceScope.Get(http);

        var rows = await db.FieldMetadata.AsNoTracking().Where(f => f.WorkspaceId == scope.WorkspaceId)
            .OrderBy(f => f.EntityName).ThenBy(f => f.Position).ToListAsync(cancellationToken);
        var items = rows.Select(Render).Where(item => predicate?.Invoke(item) ?? true).Cast<JsonNode>().ToList();
        return TypedResults.Json(OctaneJson.Collection(items.Count, items));
    }

    /// <summary>One <c>field_metadata</c> item.</summary>
    public static JsonObject Render(FieldMetadata f) => new()
    {
        ["type"] = "field_metadata",
        ["name"] = f.Name,
        ["entity_name"] = f.EntityName,
        ["label"] = f.Label,
        ["field_type"] = f.FieldType,
        ["field_type_data"] = new JsonObject
        {
            ["multiple"] = f.Multiple,
            ["targets"] = f.Targets is null ? null : new JsonArray([.. f.Targets.Split(',').Select(t => (JsonNode)new JsonObject { ["type"] = t })]),
        },
        ["max_length"] = f.MaxLength,
        ["editable"] = f.Editable,
        ["required"] = f.Required,
        ["final"] = f.Final,
        ["filterable"] = f.Filterable,
        ["sortable"] = f.Sortable,
        ["groupable"] = f.Groupable,
        ["returned_by_default"] = f.ReturnedByDefault,
        ["visible_in_ui"] = f.VisibleInUi,
        ["is_user_defined"] = f.IsUserDefined,
        ["unique"] = f.Unique,
    };
}
