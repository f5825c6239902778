using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;
using Trellis.Data.Model;

namespace Trellis.Server.Features.Entities;

/// <summary>
/// Attachments (docs/reference/rest.md#responses-and-writes): an upload is either the raw bytes with <c>?name=&amp;owner_&lt;type&gt;=</c> (the JS
/// SDK) or <c>multipart/form-data</c> with an <c>entity</c> JSON part and a <c>content</c> file part (Octane's REST
/// form). The attachment is an entity like any other; its bytes live beside it, answered when the client asks
/// for <c>application/octet-stream</c> or at <c>…/attachments/{id}/{file name}</c>. Reads, updates and deletes of
/// the entity go through the generic collection endpoints.
/// </summary>
internal static class AttachmentsApi
{
    private const int MaxEntityPartBytes = 64 * 1024;
    private const string OctetStream = "application/octet-stream";

    public static RouteGroupBuilder MapAttachments(this RouteGroupBuilder workspace)
    {
        workspace.MapPost("/attachments", CreateAsync).WithName("CreateAttachment");
        workspace.MapGet("/attachments/{id}", GetAsync).WithName("GetAttachment");
        workspace.MapGet("/attachments/{id}/{fileName}", DownloadAsync).WithName("DownloadAttachment");
        return workspace;
    }

    private static async Task<IResult> CreateAsync(HttpContext http, [AsParameters] EntitiesApi.RequestServices services, [FromServices] IConfiguration configuration,
        CancellationToken cancellationToken)
    {
        var scope = WorkspaceScope.Get(http);
        var workspace = await services.Schemas.GetAsync(services.Db, scope.WorkspaceId, cancellationToken);
        if (workspace.ForType("attachment") is not { } schema)
        {
            return new OctaneError(StatusCodes.Status404NotFound, OctaneErrorCodes.UnknownEntityType, "This workspace has no attachments.").ToResult();
        }

        FieldSelection? selection = null;
        var (fields, repeated) = RepeatedParameters.One(http.Request.Query, "fields", OctaneErrorCodes.UnknownField);
        if (repeated is not null)
        {
            return repeated.ToResult();
        }

        if (fields.Length > 0 && !FieldSelection.TryParse(fields, out selection, out var syntax))
        {
            return OctaneError.BadRequest(OctaneErrorCodes.UnknownField, syntax).ToResult();
        }

        if (EntityReader.Validate(schema, selection) is { } unknown)
        {
            return unknown.ToResult();
        }

        var maxBytes = AttachmentLimits.MaxBytes(configuration);
        // The server's own body limit must not cut an allowed upload short; multipart framing adds a little.
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit && limit.MaxRequestBodySize < maxBytes + MaxEntityPartBytes + 4096)
        {
            limit.MaxRequestBodySize = maxBytes + MaxEntityPartBytes + 4096;
        }

        var mediaType = MediaTypeHeaderValue.TryParse(http.Request.ContentType, out var parsed) ? parsed : null;
        var (upload, readError) = mediaType?.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase) == true
            ? await ReadMultipartAsync(http.Request, mediaType, maxBytes, cancellationToken)
            : await ReadRawAsync(http.Request, mediaType, maxBytes, cancellationToken);
        if (upload is null)
        {
            return readError!.ToResult();
        }

        var (record, owner, entityError) = await NewRecordAsync(services, scope, schema, upload, cancellationToken);
        if (record is null)
        {
            return entityError!.ToResult();
        }

        await using (var transaction = await services.Db.Database.BeginTransactionAsync(cancellationToken))
        {
            services.Db.Entities.Add(record);
            await services.Db.SaveChangesAsync(cancellationToken);
            services.Db.AttachmentContents.Add(new AttachmentContent
            {
                AttachmentId = record.Id,
                ContentType = upload.ContentType,
                Size = upload.Content.Length,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.Content)),
                Content = upload.Content,
            });
            AuditLog.Add(services.Db, services.Time, scope.User.Id, "entity.create", $"attachment/{OctaneJson.Id(record.Id)}", scope.SharedSpaceId, scope.WorkspaceId,
                $"{owner!.Subtype ?? owner.Type}/{OctaneJson.Id(owner.Id)}");
            await services.Db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var reader = new EntityReader(services.Db, services.Dialect, workspace, scope.WorkspaceId);
        var rendered = await reader.RenderAsync(schema, [record], selection, 1, cancellationToken);
        return TypedResults.Json(new JsonObject { ["total_count"] = 1, ["data"] = new JsonArray([.. rendered]) }, statusCode: StatusCodes.Status201Created);
    }

    /// <summary>The entity JSON, or the bytes when the client accepts <c>application/octet-stream</c> (the JS SDK's <c>getAttachmentContent</c>).</summary>
    private static async Task<IResult> GetAsync(string id, HttpContext http, [AsParameters] EntitiesApi.RequestServices services, CancellationToken cancellationToken)
    {
        var accept = http.Request.GetTypedHeaders().Accept;
        return accept.Any(a => a.MediaType.Equals(OctetStream, StringComparison.OrdinalIgnoreCase))
            ? await DownloadAsync(id, null, http, services, cancellationToken)
            : await EntitiesApi.GetAsync("attachments", id, http, services, cancellationToken);
    }

    /// <summary>The bytes, always as a download: an uploaded page must never run on the Trellis origin.</summary>
    private static async Task<IResult> DownloadAsync(string id, string? fileName, HttpContext http, [AsParameters] EntitiesApi.RequestServices services,
        CancellationToken cancellationToken)
    {
        var scope = WorkspaceScope.Get(http);
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key))
        {
            return OctaneError.NotFound("attachment", id).ToResult();
        }

        var found = await services.Db.Entities.AsNoTracking()
            .Where(e => e.Id == key && e.WorkspaceId == scope.WorkspaceId && e.Type == "attachment")
            .Join(services.Db.AttachmentContents, e => e.Id, c => c.AttachmentId, (e, c) => new { e.Name, c.ContentType, c.Sha256, c.Content })
            .SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return OctaneError.NotFound("attachment", id).ToResult();
        }

        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.ContentSecurityPolicy = "sandbox";
        headers.ETag = $"\"{found.Sha256}\"";
        headers.CacheControl = "private, no-cache";
        return TypedResults.File(found.Content, found.ContentType, string.IsNullOrEmpty(found.Name) ? fileName ?? "attachment" : found.Name);
    }

    /// <summary>Octane's form: an <c>entity</c> part with the attachment's JSON and a <c>content</c> part with the file.</summary>
    private static async Task<(Upload? Upload, OctaneError? Error)> ReadMultipartAsync(HttpRequest request, MediaTypeHeaderValue mediaType, long maxBytes,
        CancellationToken cancellationToken)
    {
        var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
        if (string.IsNullOrEmpty(boundary))
        {
            return (null, Illegal("A multipart upload needs a boundary in its Content-Type."));
        }

        JsonObject? entity = null;
        byte[]? content = null;
        string? contentType = null;
        string? fileName = null;
        try
        {
            var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                var disposition = section.GetContentDispositionHeader();
                switch (HeaderUtilities.RemoveQuotes(disposition?.Name ?? default).Value)
                {
                    case "entity":
                        var json = await ReadLimitedAsync(section.Body, MaxEntityPartBytes, cancellationToken);
                        entity = json is null ? null : ParseEntity(json);
                        if (entity is null)
                        {
                            return (null, Illegal("The entity part must be a JSON object such as {\"name\":\"file.txt\",\"owner_work_item\":{\"type\":\"work_item\",\"id\":\"1001\"}}."));
                        }

                        break;
                    case "content":
                        content = await ReadLimitedAsync(section.Body, maxBytes, cancellationToken);
                        if (content is null)
                        {
                            return (null, TooLarge(maxBytes));
                        }

                        contentType = section.ContentType;
                        fileName = HeaderUtilities.RemoveQuotes(disposition!.FileNameStar.HasValue ? disposition.FileNameStar : disposition.FileName).Value;
                        break;
                    default:
                        // Parts Octane does not define are read past, not stored.
                        await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                        break;
                }
            }
        }
        catch (Exception exception) when (exception is IOException or InvalidDataException)
        {
            return (null, Illegal("The multipart body could not be read: " + exception.Message));
        }

        if (entity is null || content is null)
        {
            return (null, OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, "A multipart upload needs an 'entity' part and a 'content' part."));
        }

        return (new Upload(entity, content, ContentTypeOf(contentType), fileName), null);
    }

    /// <summary>The JS SDK's form: the body is the file; the name and the owner are query parameters.</summary>
    private static async Task<(Upload? Upload, OctaneError? Error)> ReadRawAsync(HttpRequest request, MediaTypeHeaderValue? mediaType, long maxBytes,
        CancellationToken cancellationToken)
    {
        var entity = new JsonObject();
        foreach (var (key, values) in request.Query)
        {
            var value = values.ToString();
            if (key is "name" or "description")
            {
                entity[key] = value;
            }
            else if (key.StartsWith("owner_", StringComparison.Ordinal))
            {
                // The JS SDK sends the owner as JSON ({"id":1001,"type":"work_item"}); others send the bare id.
                JsonNode? reference = value.TrimStart().StartsWith('{') ? ParseEntity(value) : null;
                entity[key] = reference ?? JsonValue.Create(value);
            }
        }

        var content = await ReadLimitedAsync(request.Body, maxBytes, cancellationToken);
        return content is null
            ? (null, TooLarge(maxBytes))
            : (new Upload(entity, content, ContentTypeOf(mediaType?.MediaType.Value), null), null);
    }

    /// <summary>The attachment row for an upload: a name, at most one description, exactly one owner of the workspace.</summary>
    private static async Task<(EntityRecord? Record, EntityRecord? Owner, OctaneError? Error)> NewRecordAsync(
        EntitiesApi.RequestServices services, WorkspaceScope scope, EntitySchema schema, Upload upload, CancellationToken cancellationToken)
    {
        string? ownerField = null;
        JsonNode? ownerValue = null;
        foreach (var (key, value) in upload.Entity)
        {
            if (key is "name" or "description" or "type")
            {
                continue;
            }

            if (!schema.ByName.TryGetValue(key, out var info))
            {
                return (null, null, OctaneError.BadRequest(OctaneErrorCodes.UnknownField, $"The field '{key}' does not exist on attachment."));
            }

            if (!key.StartsWith("owner_", StringComparison.Ordinal) || !info.IsReference)
            {
                return (null, null, new OctaneError(StatusCodes.Status403Forbidden, OctaneErrorCodes.ModifyNonEditableField, $"The field '{key}' cannot be set on an upload.",
                    new Dictionary<string, string>(StringComparer.Ordinal) { ["field"] = key }));
            }

            if (value is null)
            {
                continue;
            }

            if (ownerField is not null)
            {
                return (null, null, Illegal($"An attachment has one owner; both {ownerField} and {key} were given."));
            }

            (ownerField, ownerValue) = (key, value);
        }

        var name = TextOf(upload.Entity["name"]) is { Length: > 0 } given ? given : upload.FileName;
        if (string.IsNullOrEmpty(name))
        {
            return (null, null, OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, "The field 'name' is required for attachment."));
        }

        if (schema.ByName.TryGetValue("name", out var nameInfo) && nameInfo.MaxLength is { } max && name.Length > max)
        {
            return (null, null, Illegal($"The value of 'name' on attachment is not valid: at most {max} characters."));
        }

        var owners = string.Join(" or ", schema.Fields.Where(f => f.IsReference && f.Name.StartsWith("owner_", StringComparison.Ordinal)).Select(f => f.Name));
        if (ownerField is null)
        {
            return (null, null, OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, $"An attachment needs its owner: {owners}."));
        }

        var ownerInfo = schema.ByName[ownerField];
        var owner = OctaneJson.TryGetId(ownerValue is JsonObject reference ? reference["id"] : ownerValue, out var ownerId)
            ? await services.Db.Entities.AsNoTracking().SingleOrDefaultAsync(e => e.Id == ownerId && e.WorkspaceId == scope.WorkspaceId, cancellationToken)
            : null;
        if (owner is null || !ownerInfo.Targets.Any(t => t == owner.Type || t == owner.Subtype))
        {
            return (null, null, Illegal($"'{ownerField}' on attachment must reference an existing {string.Join(" or ", ownerInfo.Targets)}."));
        }

        var fields = new JsonObject { ["size"] = upload.Content.Length, [ownerField] = owner.Id };
        if (TextOf(upload.Entity["description"]) is { Length: > 0 } description)
        {
            fields["description"] = description;
        }

        if (schema.ByName.ContainsKey("author"))
        {
            fields["author"] = scope.User.Id;
        }

        return (EntityRecords.New(scope.WorkspaceId, schema.Type, name, fields, services.Time.GetUtcNow()), owner, null);
    }

    private static string? TextOf(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>A JSON object, or the one item of <c>{"data":[…]}</c>; <see langword="null"/> for anything else.</summary>
    private static JsonObject? ParseEntity(byte[] utf8) => ParseEntity(Encoding.UTF8.GetString(utf8));

    private static JsonObject? ParseEntity(string text)
    {
        try
        {
            return JsonNode.Parse(text) switch
            {
                JsonObject envelope when envelope["data"] is JsonArray { Count: 1 } data => data[0] as JsonObject,
                JsonObject single => single,
                _ => null,
            };
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ContentTypeOf(string? given) =>
        MediaTypeHeaderValue.TryParse(given, out var parsed) && parsed.ToString() is { Length: <= 255 } text ? text : OctetStream;

    /// <summary>The whole stream, or <see langword="null"/> once it passes <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadLimitedAsync(Stream body, long maxBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static OctaneError Illegal(string description) => OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, description);

    private static OctaneError TooLarge(long maxBytes) => new(
        StatusCodes.Status413PayloadTooLarge,
        OctaneErrorCodes.AttachmentTooLarge,
        $"The attachment is larger than the limit of {maxBytes.ToString(CultureInfo.InvariantCulture)} bytes ({AttachmentLimits.MaxBytesKey}).",
        new Dictionary<string, string>(StringComparer.Ordinal) { ["max_bytes"] = maxBytes.ToString(CultureInfo.InvariantCulture) });

    private sealed record Upload(JsonObject Entity, byte[] Content, string ContentType, string? FileName);
}
