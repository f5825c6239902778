using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Errors;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.Entities;

/// <summary>
/// Turns Octane input into <c>entities</c> rows (docs/reference/rest.md#responses-and-writes): checks every key against field metadata,
/// converts values to their stored form, resolves references (ids or logical names) inside the workspace and
/// fills the Trellis defaults so that a defect with only a name is valid.
/// </summary>
internal sealed class EntityWriter(TrellisDbContext db, WorkspaceSchema workspace, WorkspaceScope scope, TimeProvider time, EntityLimits limits)
{
    private static readonly string[] NonEditableOnInput = ["id", "version_stamp", "creation_time"];

    // What an entity owns through an owner_* reference, and what is deleted with it.
    private static readonly string[] s_ownedTypes = ["attachment", CommentAuthorship.Type];

    private readonly Dictionary<string, EntityRecord?> _byLogicalName = new(StringComparer.Ordinal);
    private readonly Dictionary<long, EntityRecord?> _byId = [];
    private List<EntityRecord>? _phases;

    /// <summary>Gets a value indicating whether multi-references in the input add to the stored ones (Octane's <c>reference_update_mode=append</c>) instead of replacing them.</summary>
    public bool AppendReferences { get; init; }

    /// <summary>Gets a value indicating whether the caller writes <see cref="Inverse"/> to the other side; otherwise such fields are refused.</summary>
    public bool WritesInverse { get; init; }

    /// <summary>Gets the inverse references (a work item's <c>test</c>, <c>scm_branches</c>) the input set, for the caller to write to the other side.</summary>
    public List<(EntityRecord Owner, InverseReference Reference, List<long> Ids)> Inverse { get; } = [];

    /// <summary>A new, unsaved row for one input item of a create.</summary>
    public async Task<(EntityRecord? Record, OctaneError? Error)> CreateAsync(EntitySchema collection, JsonObject item, CancellationToken cancellationToken)
    {
        var concrete = ConcreteType(collection, item, out var typeError);
        if (concrete is null)
        {
            return (null, typeError);
        }

        if (item["id"] is not null)
        {
            return (null, NonEditable("id"));
        }

        var fields = new JsonObject();
        string? name = null;
        var inverse = new List<(InverseReference, List<long>)>();
        var error = await ApplyAsync(concrete, item, fields, n => name = n, inverse.Add, cancellationToken);
        error ??= concrete.Type.StorageType == CommentAuthorship.Type ? CommentAuthorship.WrittenAsCaller(scope, fields) : null;
        if (error is not null)
        {
            return (null, error);
        }

        await AddDefaultsAsync(concrete, fields, cancellationToken);
        var missing = concrete.Fields.FirstOrDefault(f => f.Required && (f.Name == "name" ? string.IsNullOrEmpty(name) : fields[f.Name] is null));
        if (missing is not null)
        {
            return (null, OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, $"The field '{missing.Name}' is required for {concrete.Name}."));
        }

        var record = EntityRecords.New(scope.WorkspaceId, concrete.Type, name, fields, time.GetUtcNow());
        Inverse.AddRange(inverse.Select(i => (record, i.Item1, i.Item2)));

        return (record, null);
    }

    /// <summary>Applies one input item to a tracked row; the version stamp goes up by one.</summary>
    public async Task<OctaneError?> UpdateAsync(EntityRecord row, JsonObject item, CancellationToken cancellationToken)
    {
        var concrete = workspace.ForType(row.Subtype ?? row.Type) ?? throw new InvalidOperationException($"No schema for {row.Subtype ?? row.Type}.");
        if (item["id"] is { } id && (!OctaneJson.TryGetId(id, out var given) || given != row.Id))
        {
            return NonEditable("id");
        }

        if (item["subtype"] is JsonValue subtype && subtype.TryGetValue<string>(out var text) && text != row.Subtype)
        {
            return NonEditable("subtype");
        }

        var fields = JsonNode.Parse(row.Fields) as JsonObject ?? [];
        var isComment = row.Type == CommentAuthorship.Type;
        if (isComment && CommentAuthorship.MayEdit(scope, CommentAuthorship.AuthorOf(fields)) is { } notAuthor)
        {
            return notAuthor;
        }

        var name = row.Name;
        var inverse = new List<(InverseReference, List<long>)>();
        var error = await ApplyAsync(concrete, item, fields, n => name = n, inverse.Add, cancellationToken);
        error ??= isComment ? CommentAuthorship.WrittenAsCaller(scope, fields) : null;
        if (error is not null)
        {
            return error;
        }

        Inverse.AddRange(inverse.Select(i => (row, i.Item1, i.Item2)));

        if (concrete.ByName.TryGetValue("name", out var nameField) && nameField.Required && string.IsNullOrEmpty(name))
        {
            return OctaneError.BadRequest(OctaneErrorCodes.MissingRequiredField, $"The field 'name' is required for {concrete.Name}.");
        }

        // The stamp is the row's concurrency token: a save over a newer row fails and is tried again (ConflictRetry).
        row.Name = name;
        row.Fields = fields.ToJsonString();
        row.VersionStamp++;
        row.LastModified = EntityRecords.TruncateToMilliseconds(time.GetUtcNow());
        return null;
    }

    /// <summary>
    /// Removes <paramref name="rows"/> with the attachments and comments they own and an audit record each; the caller
    /// saves. All or nothing: one comment the caller may not delete (docs/security.md#comments) refuses the set and
    /// nothing is removed. The comments of a deleted item go with it, whoever wrote them, as its attachments do.
    /// </summary>
    public async Task<OctaneError?> DeleteAsync(IReadOnlyList<EntityRecord> rows, EntityReader reader, CancellationToken cancellationToken)
    {
        if (rows.Select(row => CommentAuthorship.MayDelete(scope, row)).FirstOrDefault(e => e is not null) is { } refused)
        {
            return refused;
        }

        db.Entities.RemoveRange(rows);
        var ids = rows.Select(r => r.Id).ToList();
        var owned = new List<long>();
        foreach (var type in s_ownedTypes)
        {
            owned.AddRange((await reader.OwnedAsync(type, ids, cancellationToken)).SelectMany(g => g));
        }

        if (owned.Count > 0)
        {
            db.Entities.RemoveRange(await db.Entities.Where(e => owned.Contains(e.Id) && e.WorkspaceId == scope.WorkspaceId).ToListAsync(cancellationToken));
        }

        foreach (var row in rows)
        {
            EntityAudit.Add(db, time, scope, EntityAudit.Delete, row);
        }

        return null;
    }

    private EntitySchema? ConcreteType(EntitySchema collection, JsonObject item, out OctaneError? error)
    {
        error = null;
        var given = item["subtype"] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        if (!collection.Type.IsAggregate)
        {
            return collection;
        }

        // An aggregate with a single subtype (pipeline_runs) needs no subtype to say which.
        given ??= collection.Type.Subtypes.Length == 1 ? collection.Type.Subtypes[0] : null;

        if (given is null || !collection.Type.Subtypes.Contains(given))
        {
            error = OctaneError.BadRequest(given is null ? OctaneErrorCodes.MissingRequiredField : OctaneErrorCodes.IllegalFieldValue,
                $"Creating through {collection.Type.Collection} needs a subtype, one of: {string.Join(", ", collection.Type.Subtypes)}.");
            return null;
        }

        return workspace.ForType(given);
    }

    private async Task<OctaneError?> ApplyAsync(
        EntitySchema concrete, JsonObject item, JsonObject fields, Action<string?> setName, Action<(InverseReference, List<long>)> setInverse, CancellationToken cancellationToken)
    {
        foreach (var (key, input) in item)
        {
            if (key is "type" or "subtype" or "id")
            {
                continue;
            }

            if (!concrete.ByName.TryGetValue(key, out var info))
            {
                return NonEditableOnInput.Contains(key)
                    ? NonEditable(key)
                    : OctaneError.BadRequest(OctaneErrorCodes.UnknownField, $"The field '{key}' does not exist on {concrete.Name}.");
            }

            if (!info.Editable)
            {
                return NonEditable(key);
            }

            var (value, error) = await ConvertAsync(concrete, info, input, cancellationToken);
            if (error is not null)
            {
                return error;
            }

            if (InverseReference.Of(concrete, key) is { } inverse)
            {
                // Kept on the other side, not on this row (InverseReference).
                if (!WritesInverse)
                {
                    return OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, $"'{key}' of a {concrete.Name} is set through the REST API.");
                }

                setInverse((inverse, [.. OctaneJson.StoredIds(value)]));
            }
            else if (info.Column == "name")
            {
                setName(value?.GetValue<string>());
            }
            else if (AppendReferences && info is { IsReference: true, Multiple: true })
            {
                // Append mode: the given references join the stored ones, each once, in the order first seen.
                var merged = OctaneJson.StoredIds(fields[key]).Concat(OctaneJson.StoredIds(value)).Distinct().ToList();
                if (merged.Count == 0)
                {
                    fields.Remove(key);
                }
                else
                {
                    fields[key] = new JsonArray([.. merged.Select(id => (JsonNode)id)]);
                }
            }
            else if (value is null)
            {
                // Absent and null are one state, so both providers sort and filter them alike.
                fields.Remove(key);
            }
            else
            {
                fields[key] = value;
            }
        }

        return null;
    }

    private async Task<(JsonNode? Value, OctaneError? Error)> ConvertAsync(EntitySchema concrete, FieldInfo info, JsonNode? input, CancellationToken cancellationToken)
    {
        if (input is null)
        {
            return (null, null);
        }

        OctaneError Illegal(string why) =>
            OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, $"The value of '{info.Name}' on {concrete.Name} is not valid: {why}.");

        var kind = input.GetValueKind();
        switch (info.FieldType)
        {
            case FieldTypes.String or FieldTypes.Memo:
                if (kind != JsonValueKind.String)
                {
                    return (null, Illegal("a string is expected"));
                }

                var text = input.GetValue<string>();
                if (text.Contains('\0', StringComparison.Ordinal))
                {
                    // PostgreSQL's text holds no NUL; SQLite's would, so both refuse it here, by the field's name.
                    return (null, Illegal("the NUL character (\\u0000) is not allowed in text"));
                }

                if (info.FieldType == FieldTypes.Memo && Encoding.UTF8.GetByteCount(text) > limits.MemoMaxBytes)
                {
                    return (null, new OctaneError(StatusCodes.Status413PayloadTooLarge, OctaneErrorCodes.FieldValueTooLarge,
                        $"The value of '{info.Name}' on {concrete.Name} is larger than the limit of {limits.MemoMaxBytes} UTF-8 bytes ({EntityLimits.Section}:{nameof(EntityLimits.MemoMaxBytes)}).",
                        new Dictionary<string, string> { ["field"] = info.Name }));
                }

                return info.MaxLength is { } max && text.Length > max ? (null, Illegal($"at most {max} characters")) : (JsonValue.Create(text), null);
            case FieldTypes.Integer:
                return kind == JsonValueKind.Number && input.AsValue().TryGetValue<long>(out var whole)
                    ? (JsonValue.Create(whole), null)
                    : (null, Illegal("a whole number is expected"));
            case FieldTypes.Float:
                return kind == JsonValueKind.Number ? (JsonValue.Create(input.GetValue<double>()), null) : (null, Illegal("a number is expected"));
            case FieldTypes.Boolean:
                return kind is JsonValueKind.True or JsonValueKind.False ? (JsonValue.Create(kind == JsonValueKind.True), null) : (null, Illegal("true or false is expected"));
            case FieldTypes.Date or FieldTypes.DateTime:
                return kind == JsonValueKind.String
                    && DateTimeOffset.TryParse(input.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date)
                    ? (JsonValue.Create(OctaneJson.Date(date)), null)
                    : (null, Illegal("a date such as 2026-01-31T12:00:00Z is expected"));
            case FieldTypes.Reference when info.Multiple:
                var items = input switch
                {
                    JsonObject envelope when envelope["data"] is JsonArray data => data,
                    JsonArray array => array,
                    _ => null,
                };
                if (items is null)
                {
                    return (null, Illegal("{\"data\":[…]} is expected"));
                }

                var ids = new JsonArray();
                foreach (var reference in items)
                {
                    var (id, error) = await ResolveAsync(concrete, info, reference, cancellationToken);
                    if (error is not null)
                    {
                        return (null, error);
                    }

                    ids.Add(id);
                }

                return ids.Count == 0 ? (null, null) : (ids, null);
            case FieldTypes.Reference:
                var (single, refError) = await ResolveAsync(concrete, info, input, cancellationToken);
                return refError is not null ? (null, refError) : (JsonValue.Create(single), null);
            default:
                return (null, Illegal($"the field type {info.FieldType} is not writable"));
        }
    }

    /// <summary>A reference's stored id: <c>{"type","id"}</c> where id may be a number, a string or a logical name.</summary>
    private async Task<(long Id, OctaneError? Error)> ResolveAsync(EntitySchema concrete, FieldInfo info, JsonNode? reference, CancellationToken cancellationToken)
    {
        var idNode = reference is JsonObject obj ? obj["id"] : reference;
        var illegal = OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue,
            $"'{info.Name}' on {concrete.Name} must reference an existing {string.Join(" or ", info.Targets)}.");
        if (info.TargetsUsers)
        {
            return OctaneJson.TryGetId(idNode, out var userId) && await db.Users.AnyAsync(u => u.Id == userId, cancellationToken)
                ? (userId, null)
                : (0, illegal);
        }

        EntityRecord? target;
        if (OctaneJson.TryGetId(idNode, out var id))
        {
            if (!_byId.TryGetValue(id, out target))
            {
                _byId[id] = target = await db.Entities.AsNoTracking().SingleOrDefaultAsync(e => e.Id == id && e.WorkspaceId == scope.WorkspaceId, cancellationToken);
            }
        }
        else if (idNode is JsonValue value && value.TryGetValue<string>(out var logicalName))
        {
            target = await ByLogicalNameAsync(logicalName, cancellationToken);
        }
        else
        {
            return (0, illegal);
        }

        if (target is null || !info.Targets.Any(t => t == target.Type || t == target.Subtype))
        {
            return (0, illegal);
        }

        // A phase belongs to one type: a story cannot be in a defect's phase.
        if (target.Type == "phase" && (JsonNode.Parse(target.Fields)?["entity"])?.GetValue<string>() != concrete.Name)
        {
            return (0, OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, $"The phase {target.LogicalName} is not a phase of {concrete.Name}."));
        }

        return (target.Id, null);
    }

    private async Task AddDefaultsAsync(EntitySchema concrete, JsonObject fields, CancellationToken cancellationToken)
    {
        if (concrete.ByName.ContainsKey("phase") && fields["phase"] is null)
        {
            _phases ??= await db.Entities.AsNoTracking().Where(e => e.WorkspaceId == scope.WorkspaceId && e.Type == "phase").ToListAsync(cancellationToken);
            var initial = _phases.Select(p => (Phase: p, Fields: JsonNode.Parse(p.Fields)))
                .Where(p => p.Fields?["entity"]?.GetValue<string>() == concrete.Name)
                .OrderBy(p => p.Fields?["index"]?.GetValue<int>() ?? 0)
                .Select(p => p.Phase).FirstOrDefault();
            if (initial is not null)
            {
                fields["phase"] = initial.Id;
            }
        }

        if (concrete.Name == "defect" && fields["severity"] is null && await ByLogicalNameAsync("list_node.severity.medium", cancellationToken) is { } medium)
        {
            fields["severity"] = medium.Id;
        }

        if (concrete.Type.StorageType == "work_item" && concrete.ByName.ContainsKey("parent") && fields["parent"] is null
            && await ByLogicalNameAsync("work_item_root", cancellationToken) is { } root)
        {
            fields["parent"] = root.Id;
        }

        if (concrete.ByName.ContainsKey("author") && fields["author"] is null)
        {
            fields["author"] = scope.User.Id;
        }
    }

    private async Task<EntityRecord?> ByLogicalNameAsync(string logicalName, CancellationToken cancellationToken)
    {
        if (!_byLogicalName.TryGetValue(logicalName, out var record))
        {
            _byLogicalName[logicalName] = record = await db.Entities.AsNoTracking()
                .SingleOrDefaultAsync(e => e.WorkspaceId == scope.WorkspaceId && e.LogicalName == logicalName, cancellationToken);
        }

        return record;
    }

    private static OctaneError NonEditable(string field) =>
        new(StatusCodes.Status403Forbidden, OctaneErrorCodes.ModifyNonEditableField, $"The field '{field}' cannot be modified.",
            new Dictionary<string, string>(StringComparer.Ordinal) { ["field"] = field });
}
