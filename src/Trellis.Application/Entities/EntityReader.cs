using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Errors;
using Trellis.Application.Organization;
using Trellis.Data;
using Trellis.Data.Model;
using Trellis.Data.Sql;

namespace Trellis.Application.Entities;

/// <summary>
/// Reads a workspace's entities and renders them in Octane's shapes: ids as strings, references as
/// <c>{type,id,name}</c> (plus <c>logical_name</c> for phases and list nodes), multi-references as
/// <c>{total_count,data}</c>, dates in seconds.
/// </summary>
internal sealed partial class EntityReader(TrellisDbContext db, ISqlDialect dialect, WorkspaceSchema workspace, long workspaceId)
{
    /// <summary>The most matches a filtered page sorts itself rather than reading them in id order (see <see cref="IdOrderKey"/>).</summary>
    private const int SortedMatchesLimit = 10_000;

    /// <summary>Checks <c>fields</c> against the type: every top-level name must be a field (or <c>id</c>, <c>type</c>).</summary>
    public static OctaneError? Validate(EntitySchema schema, FieldSelection? selection)
    {
        var unknown = selection?.Items.Keys.FirstOrDefault(name => name is not ("id" or "type") && !schema.ByName.ContainsKey(name));
        return unknown is null
            ? null
            : OctaneError.BadRequest(OctaneErrorCodes.UnknownField, $"The field '{unknown}' does not exist on {schema.Name}.");
    }

    /// <summary>A page of a collection, sorted, with the count of all matches.</summary>
    public async Task<(int Total, List<JsonObject>? Rows, OctaneError? Error)> ListAsync(
        EntitySchema schema, FieldSelection? selection, ListParameters parameters, EntityFilter? filter, CancellationToken cancellationToken)
    {
        if (schema.Type.Storage == EntityStorage.Users)
        {
            return await ListUsersAsync(schema, selection, parameters, filter, cancellationToken);
        }

        var (plan, planError) = PlanPage(schema, parameters, filter);
        if (plan is null)
        {
            return (0, null, planError);
        }

        var (total, sql, arguments) = await CountAsync(plan, filter, "e.*", parameters, cancellationToken);
        var rows = await db.Entities.FromSqlRaw(sql, [.. arguments]).AsNoTracking().ToListAsync(cancellationToken);
        var rendered = await RenderAsync(schema, rows, selection, 1, cancellationToken);
        if (filter is { IsTextSearch: true })
        {
            // Each hit of a text search says what matched (CS reads name and description from here).
            foreach (var (item, row) in rendered.Zip(rows))
            {
                var description = (JsonNode.Parse(row.Fields) as JsonObject)?["description"]?.DeepClone();
                item["global_text_search_result"] = new JsonObject { ["name"] = row.Name, ["description"] = description };
            }
        }

        return (total, rendered, null);
    }

    /// <summary>The condition and the sort keys of a page, or an error when <c>order_by</c> names a field that cannot sort.</summary>
    private (PagePlan? Plan, OctaneError? Error) PlanPage(EntitySchema schema, ListParameters parameters, EntityFilter? filter)
    {
        var (where, arguments) = Where(schema, filter);
        var keys = new List<(string Expression, bool Descending)>();
        foreach (var (name, descending) in parameters.OrderBy)
        {
            if (OrderExpression(schema, name) is not { } expression)
            {
                return (null, OctaneError.BadRequest(OctaneErrorCodes.UnknownField, $"order_by names '{name}', which is not a sortable field of {schema.Name}."));
            }

            keys.Add((expression, descending));
        }

        return (new PagePlan(where.ToString(), arguments, keys), null);
    }

    /// <summary>Counts the matches, then writes the page's statement (selecting <paramref name="columns"/>) and its arguments.</summary>
    private async Task<(int Total, string Sql, List<object> Arguments)> CountAsync(
        PagePlan plan, EntityFilter? filter, string columns, ListParameters parameters, CancellationToken cancellationToken)
    {
        // Only checked identifiers and placeholders are in the text; every value is a parameter.
        var total = await ScalarAsync($"SELECT COUNT(*) FROM entities AS e WHERE {plan.Where}", plan.Arguments, cancellationToken);
        var id = IdOrderKey(filter, total);
        // The id breaks ties, so pages never overlap or skip, in the sort's own direction: "newest first" stays newest first.
        var tieBreak = plan.Keys.Count > 0 && plan.Keys[^1].Descending ? " DESC" : " ASC";
        var order = plan.Keys.Select(k => (k.Expression == "e.id" ? id : k.Expression) + (k.Descending ? " DESC NULLS LAST" : " ASC NULLS FIRST")).Append(id + tieBreak);
        var arguments = new List<object>(plan.Arguments) { parameters.Limit, parameters.Offset };
        var sql = $"SELECT {columns} FROM entities AS e WHERE {plan.Where} ORDER BY {string.Join(", ", order)} LIMIT {{{arguments.Count - 2}}} OFFSET {{{arguments.Count - 1}}}";
        return (total, sql, arguments);
    }

    /// <summary>The count of the collection's rows that pass <paramref name="filter"/> and the first <paramref name="limit"/> ids in id order.</summary>
    public async Task<(int Total, List<long> Ids)> FirstIdsAsync(EntitySchema schema, EntityFilter? filter, int limit, CancellationToken cancellationToken)
    {
        var (where, arguments) = Where(schema, filter);
        // Only checked identifiers and placeholders are in the text; every value is a parameter.
        var total = await ScalarAsync($"SELECT COUNT(*) FROM entities AS e WHERE {where}", arguments, cancellationToken);
        var sql = $"SELECT e.id AS \"Value\" FROM entities AS e WHERE {where} ORDER BY {IdOrderKey(filter, total)} LIMIT {{{arguments.Count}}}";
        arguments.Add(limit);
        var ids = await db.Database.SqlQueryRaw<long>(sql, [.. arguments]).ToListAsync(cancellationToken);
        return (total, ids);
    }

    /// <summary>
    /// How a page orders by id once the count is known. SQLite walks the type index in id order to skip the sort
    /// whenever the order is the id, even when the filter has an index (a reference's, the primary key) that leaves a
    /// few rows, and then evaluates the filter on every row of the type; with few matches, <c>+e.id</c> (the same
    /// order, but no index can give it) makes it read the matches through the filter's index and sort them.
    /// </summary>
    private string IdOrderKey(EntityFilter? filter, int total) =>
        filter is not null && total <= SortedMatchesLimit && dialect.Provider == DatabaseProvider.Sqlite ? "+e.id" : "e.id";

    /// <summary>Every row of the collection that passes <paramref name="filter"/>, tracked, for writes by query.</summary>
    public Task<List<EntityRecord>> MatchAsync(EntitySchema schema, EntityFilter filter, CancellationToken cancellationToken)
    {
        var (where, arguments) = Where(schema, filter);
        // Only checked identifiers and placeholders are in the text; every value is a parameter.
        var sql = "SELECT e.* FROM entities AS e WHERE " + where;
        return db.Entities.FromSqlRaw(sql, [.. arguments]).OrderBy(e => e.Id).ToListAsync(cancellationToken);
    }

    /// <summary>The condition of a list: the workspace, the collection's type (and subtype) and the filter.</summary>
    private (StringBuilder Where, List<object> Arguments) Where(EntitySchema schema, EntityFilter? filter)
    {
        var arguments = new List<object> { workspaceId, schema.Type.StorageType };
        var where = new StringBuilder("e.workspace_id = {0} AND e.type = {1}");
        if (schema.Type.Subtype is { } subtype)
        {
            where.Append(CultureInfo.InvariantCulture, $" AND e.subtype = {{{arguments.Count}}}");
            arguments.Add(subtype);
        }

        if (filter is not null)
        {
            where.Append(" AND (").Append(filter.SqlFrom(arguments.Count)).Append(')');
            arguments.AddRange(filter.Parameters);
        }

        return (where, arguments);
    }

    /// <summary>One entity of the collection, or <see langword="null"/> when the id is not one of them.</summary>
    public async Task<JsonObject?> GetAsync(EntitySchema schema, string id, FieldSelection? selection, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key))
        {
            return null;
        }

        if (schema.Type.Storage == EntityStorage.Users)
        {
            var user = await WorkspaceUsers(schema).SingleOrDefaultAsync(u => u.Id == key, cancellationToken);
            return user is null ? null : (await RenderUsersAsync(schema, [user], selection, cancellationToken))[0];
        }

        var row = await FindAsync(schema, key, cancellationToken);
        return row is null ? null : (await RenderAsync(schema, [row], selection, 1, cancellationToken))[0];
    }

    /// <summary>Finds a row of the collection's type (and subtype), tracked, for writes.</summary>
    public Task<EntityRecord?> FindAsync(EntitySchema schema, long id, CancellationToken cancellationToken)
    {
        var type = schema.Type;
        return db.Entities.SingleOrDefaultAsync(
            e => e.Id == id && e.WorkspaceId == workspaceId && e.Type == type.StorageType && (type.Subtype == null || e.Subtype == type.Subtype),
            cancellationToken);
    }

    /// <summary>Renders rows of one collection with the selected (or default) fields.</summary>
    public async Task<List<JsonObject>> RenderAsync(EntitySchema schema, IReadOnlyList<EntityRecord> rows, FieldSelection? selection, int depth, CancellationToken cancellationToken)
    {
        var names = Names(schema, selection).ToList();
        // An owner's attachments are the attachments that name it: read, never stored, so no write can lose one.
        var attachments = schema.ByName.ContainsKey("attachments") && names.Any(n => n is "attachments" or "has_attachments")
            ? await OwnedAsync("attachment", rows.Select(r => r.Id), cancellationToken)
            : null;
        // Inverse references are read from the rows that name these (InverseReference).
        var inverse = new Dictionary<string, ILookup<long, long>>(StringComparer.Ordinal);
        foreach (var reference in InverseReference.Among(schema, names))
        {
            inverse[reference.Field] = await reference.ReadAsync(db, dialect, workspaceId, rows.Select(r => r.Id), cancellationToken);
        }

        var pending = new List<(JsonObject Owner, string Field, FieldInfo Info, List<long> Ids, FieldSelection? Sub)>();
        var result = new List<JsonObject>(rows.Count);
        foreach (var row in rows)
        {
            var item = new JsonObject { ["type"] = schema.Name, ["id"] = OctaneJson.Id(row.Id) };
            if (schema.Type.HasSubtype)
            {
                item["subtype"] = row.Subtype;
            }

            // Parsed only when a selected field lives in the JSON (fields=id,name never needs it).
            JsonObject? fields = null;
            foreach (var name in names)
            {
                if (name is "id" or "type" or "subtype" || !schema.ByName.TryGetValue(name, out var info))
                {
                    continue;
                }

                if (attachments is not null && name is "attachments" or "has_attachments")
                {
                    if (name == "has_attachments")
                    {
                        item[name] = attachments.Contains(row.Id);
                    }
                    else
                    {
                        item[name] = null;
                        pending.Add((item, name, info, [.. attachments[row.Id]], selection?.Items.GetValueOrDefault(name)));
                    }
                }
                else if (inverse.TryGetValue(name, out var named))
                {
                    item[name] = null;
                    pending.Add((item, name, info, [.. named[row.Id]], selection?.Items.GetValueOrDefault(name)));
                }
                else if (info.Column is { } column)
                {
                    item[name] = ColumnValue(row, column);
                }
                else if (info.IsReference)
                {
                    item[name] = null;
                    fields ??= JsonNode.Parse(row.Fields) as JsonObject ?? [];
                    pending.Add((item, name, info, [.. OctaneJson.StoredIds(fields[name])], selection?.Items.GetValueOrDefault(name)));
                }
                else
                {
                    // An unset flag reads as false, as Octane's do.
                    fields ??= JsonNode.Parse(row.Fields) as JsonObject ?? [];
                    item[name] = fields[name]?.DeepClone() ?? (info.FieldType == FieldTypes.Boolean ? false : null);
                }
            }

            result.Add(item);
        }

        await ResolveReferencesAsync(pending, depth, cancellationToken);
        return result;
    }

    /// <summary>
    /// The rows of <paramref name="type"/> (attachments, comments) each of <paramref name="ownerIds"/> owns, in id
    /// order: those whose <c>owner_*</c> reference names the owner (ids are unique across types, so the field need not match).
    /// </summary>
    public async Task<ILookup<long, long>> OwnedAsync(string type, IEnumerable<long> ownerIds, CancellationToken cancellationToken)
    {
        var ids = ownerIds.Distinct().ToList();
        var owners = workspace.ForType(type)?.Fields
            .Where(f => f.IsReference && !f.Multiple && f.Name.StartsWith("owner_", StringComparison.Ordinal))
            .Select(f => dialect.JsonReferenceId("e", f.Name)).ToList() ?? [];
        if (ids.Count == 0 || owners.Count == 0)
        {
            return Array.Empty<OwnedLink>().ToLookup(l => l.OwnerId, l => l.Id);
        }

        var owner = owners.Count == 1 ? owners[0] : $"COALESCE({string.Join(", ", owners)})";
        var arguments = new List<object> { workspaceId, type };
        var placeholders = string.Join(", ", ids.Select((_, i) => $"{{{(i + 2).ToString(CultureInfo.InvariantCulture)}}}"));
        arguments.AddRange(ids.Select(id => (object)id));
        // Only checked identifiers and placeholders are in the text; every value is a parameter.
        var sql = $"SELECT e.id AS \"Id\", {owner} AS \"OwnerId\" FROM entities AS e WHERE e.workspace_id = {{0}} AND e.type = {{1}} AND {owner} IN ({placeholders})";
        var links = await db.Database.SqlQueryRaw<OwnedLink>(sql, [.. arguments]).ToListAsync(cancellationToken);
        return links.OrderBy(l => l.Id).ToLookup(l => l.OwnerId, l => l.Id);
    }

    private async Task ResolveReferencesAsync(List<(JsonObject Owner, string Field, FieldInfo Info, List<long> Ids, FieldSelection? Sub)> pending, int depth, CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var userIds = pending.Where(p => p.Info.TargetsUsers).SelectMany(p => p.Ids).ToHashSet();
        var entityIds = pending.Where(p => !p.Info.TargetsUsers).SelectMany(p => p.Ids).ToHashSet();
        var users = userIds.Count == 0 ? [] : await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, cancellationToken);
        var entities = entityIds.Count == 0 ? [] : await db.Entities.AsNoTracking()
            .Where(e => entityIds.Contains(e.Id) && e.WorkspaceId == workspaceId).ToDictionaryAsync(e => e.Id, cancellationToken);

        // Sub-selections (owner{email}) render the targets with their own type's fields, one level deeper.
        var expanded = new Dictionary<(long, FieldSelection), JsonObject>();
        foreach (var group in pending.Where(p => p.Sub is not null && !p.Info.TargetsUsers).GroupBy(p => p.Sub!))
        {
            var targets = group.SelectMany(p => p.Ids).Distinct().Where(entities.ContainsKey).Select(id => entities[id]);
            foreach (var byType in targets.GroupBy(e => e.Subtype ?? e.Type))
            {
                if (workspace.ForType(byType.Key) is not { } targetSchema)
                {
                    continue;
                }

                var known = group.Key.Only(name => name is "id" or "type" || targetSchema.ByName.ContainsKey(name));
                var rendered = await RenderAsync(targetSchema, [.. byType], known, depth + 1, cancellationToken);
                foreach (var item in rendered)
                {
                    expanded[(long.Parse((string)item["id"]!, CultureInfo.InvariantCulture), group.Key)] = item;
                }
            }
        }

        foreach (var (owner, field, info, ids, sub) in pending)
        {
            var references = ids.Select(id => info.TargetsUsers
                ? users.TryGetValue(id, out var user) ? UserReference(user, sub) : null
                : entities.TryGetValue(id, out var entity) ? EntityReference(entity, sub is null ? null : expanded.GetValueOrDefault((id, sub))) : null)
                .Where(r => r is not null).ToList();
            owner[field] = info.Multiple ? OctaneJson.MultiReference(references) : references.FirstOrDefault();
        }
    }

    private static JsonObject EntityReference(EntityRecord target, JsonObject? expanded)
    {
        var reference = new JsonObject { ["type"] = target.Subtype ?? target.Type, ["id"] = OctaneJson.Id(target.Id), ["name"] = target.Name };
        if (target.LogicalName is not null && target.Type is "phase" or "list_node" or "metaphase")
        {
            reference["logical_name"] = target.LogicalName;
        }

        foreach (var (key, value) in expanded ?? [])
        {
            if (key is not ("type" or "id"))
            {
                reference[key] = value?.DeepClone();
            }
        }

        return reference;
    }

    private static JsonObject UserReference(User user, FieldSelection? sub)
    {
        var reference = new JsonObject { ["type"] = "workspace_user", ["id"] = OctaneJson.Id(user.Id), ["name"] = user.Login };
        foreach (var name in sub?.Items.Keys ?? [])
        {
            if (UserValue(user, name) is { } value)
            {
                reference[name] = value;
            }
        }

        return reference;
    }

    private static JsonNode? ColumnValue(EntityRecord row, string column) => column switch
    {
        "id" => OctaneJson.Id(row.Id),
        "name" => row.Name,
        "logical_name" => row.LogicalName,
        "subtype" => row.Subtype,
        "version_stamp" => row.VersionStamp,
        "creation_time" => OctaneJson.Date(row.CreationTime),
        "last_modified" => OctaneJson.Date(row.LastModified),
        _ => null,
    };

    private string? OrderExpression(EntitySchema schema, string name)
    {
        if (name == "id")
        {
            return "e.id";
        }

        if (!schema.ByName.TryGetValue(name, out var info) || info.Multiple || info.FieldType == FieldTypes.Memo)
        {
            return null;
        }

        return info switch
        {
            { Column: { } column } => $"e.{column}",
            // References sort by the target's name (docs/reference/rest.md#urls-and-parameters).
            { IsReference: true, TargetsUsers: true } => $"(SELECT u.login FROM users AS u WHERE u.id = {dialect.JsonReferenceId("e", name)})",
            { IsReference: true } => $"(SELECT r.name FROM entities AS r WHERE r.id = {dialect.JsonReferenceId("e", name)})",
            _ => dialect.JsonValue("e", name),
        };
    }

    private async Task<(int Total, List<JsonObject>? Rows, OctaneError? Error)> ListUsersAsync(
        EntitySchema schema, FieldSelection? selection, ListParameters parameters, EntityFilter? filter, CancellationToken cancellationToken)
    {
        var query = WorkspaceUsers(schema, filter);
        IOrderedQueryable<User>? ordered = null;
        foreach (var (name, descending) in parameters.OrderBy)
        {
            System.Linq.Expressions.Expression<Func<User, string>>? key = name switch
            {
                "name" => u => u.Login,
                "email" => u => u.Email,
                "first_name" => u => u.FirstName,
                "last_name" => u => u.LastName,
                _ => null,
            };
            if (name == "id")
            {
                ordered = ordered is null ? (descending ? query.OrderByDescending(u => u.Id) : query.OrderBy(u => u.Id))
                    : descending ? ordered.ThenByDescending(u => u.Id) : ordered.ThenBy(u => u.Id);
                continue;
            }

            if (key is null)
            {
                return (0, null, OctaneError.BadRequest(OctaneErrorCodes.UnknownField, $"order_by names '{name}', which is not a sortable field of {schema.Name}."));
            }

            ordered = ordered is null ? (descending ? query.OrderByDescending(key) : query.OrderBy(key))
                : descending ? ordered.ThenByDescending(key) : ordered.ThenBy(key);
        }

        var sorted = ordered is null ? query.OrderBy(u => u.Id)
            : parameters.OrderBy[^1].Descending ? ordered.ThenByDescending(u => u.Id) : ordered.ThenBy(u => u.Id);
        var total = await query.CountAsync(cancellationToken);
        var users = await sorted.Skip(parameters.Offset).Take(parameters.Limit).ToListAsync(cancellationToken);
        return (total, await RenderUsersAsync(schema, users, selection, cancellationToken), null);
    }

    private async Task<List<JsonObject>> RenderUsersAsync(EntitySchema schema, IReadOnlyList<User> users, FieldSelection? selection, CancellationToken cancellationToken)
    {
        var names = Names(schema, selection).ToList();
        var rendered = users.Select(u => RenderUser(schema.Name, u, names)).ToList();
        if (names.Contains(WorkspaceRoles.UserField) && schema.ByName.ContainsKey(WorkspaceRoles.UserField))
        {
            var roles = await WorkspaceRoles.OfWorkspaceUsersAsync(db, workspaceId, [.. users.Select(u => u.Id)], cancellationToken);
            foreach (var (item, user) in rendered.Zip(users))
            {
                item[WorkspaceRoles.UserField] = OctaneJson.MultiReference(roles[user.Id]);
            }
        }

        return rendered;
    }

    /// <summary>The users of the workspace: those with a role in it, in its space, or site-wide.</summary>
    private IQueryable<User> WorkspaceUsers(EntitySchema schema, EntityFilter? filter = null)
    {
        var spaceId = db.Workspaces.Where(w => w.Id == workspaceId).Select(w => w.SharedSpaceId);
        // A compiled query reads the user row as e; LINQ composes the workspace condition on top.
        var sql = filter is null ? null : "SELECT * FROM users AS e WHERE " + filter.Sql;
        var users = (sql is null ? db.Users : db.Users.FromSqlRaw(sql, [.. filter!.Parameters])).AsNoTracking();
        return schema.Name == "user"
            ? users.Where(u => spaceId.Contains(u.SharedSpaceId))
            : users.Where(u => db.RoleAssignments.Any(r => r.UserId == u.Id
                && (r.WorkspaceId == workspaceId || (r.WorkspaceId == null && (r.SharedSpaceId == null || spaceId.Contains(r.SharedSpaceId.Value))))));
    }

    private static JsonObject RenderUser(string type, User user, IEnumerable<string> names)
    {
        var item = new JsonObject { ["type"] = type, ["id"] = OctaneJson.Id(user.Id) };
        foreach (var name in names.Where(n => n is not ("id" or "type")))
        {
            item[name] = UserValue(user, name);
        }

        return item;
    }

    private static JsonNode? UserValue(User user, string name) => name switch
    {
        "name" => user.Login,
        "email" => user.Email,
        "first_name" => user.FirstName,
        "last_name" => user.LastName,
        "full_name" => $"{user.FirstName} {user.LastName}".Trim(),
        "activity_level" => user.IsActive ? 0 : 1,
        _ => null,
    };

    private static IEnumerable<string> Names(EntitySchema schema, FieldSelection? selection) =>
        selection?.Items.Keys ?? schema.Fields.Where(f => f.ReturnedByDefault).Select(f => f.Name);
}

/// <summary>A page's condition (with its arguments) and its <c>order_by</c> keys as SQL expressions.</summary>
internal sealed record PagePlan(string Where, IReadOnlyList<object> Arguments, IReadOnlyList<(string Expression, bool Descending)> Keys);

/// <summary>One owned row (an attachment, a comment) and the entity it belongs to, as the owner lookup reads them.</summary>
internal sealed class OwnedLink
{
    public long Id { get; set; }

    public long OwnerId { get; set; }
}
