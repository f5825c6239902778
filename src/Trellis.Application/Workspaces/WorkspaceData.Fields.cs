using System.Globalization;
using System.Text.Json.Nodes;
using Ganss.Xss;
using Microsoft.EntityFrameworkCore;
using Trellis.Actions.EntityTypes;
using Trellis.Application.Access;
using Trellis.Application.Entities;
using Trellis.Application.Errors;
using Trellis.Data;

namespace Trellis.Application.Workspaces;

/// <summary>A referenced item as a picker offers it and the details page shows it.</summary>
/// <param name="Id">The id.</param>
/// <param name="Type">The concrete type (<c>release</c>, <c>feature</c>, <c>workspace_user</c>, <c>list_node</c> …).</param>
/// <param name="Name">What people read: an item's name, a person's full name.</param>
public sealed record RefItem(string Id, string Type, string Name);

/// <summary>One field of an entity on its details page: its metadata, its value in Octane's input shape and as text.</summary>
/// <param name="Info">The field's metadata (the rows <c>…/metadata/fields</c> serves).</param>
/// <param name="Value">The value as a save would write it (references as <c>{"type","id"}</c>, several as <c>{"data":[…]}</c>).</param>
/// <param name="Text">The value as the grids show it.</param>
/// <param name="Refs">The referenced items, for reference fields.</param>
internal sealed record DetailField(FieldInfo Info, JsonNode? Value, string Text, IReadOnlyList<RefItem> Refs)
{
    /// <summary>Whether the details page offers a control for it.</summary>
    public bool CanEdit => Info.Editable && Info.Name is not ("id" or "subtype" or "version_stamp");

    /// <summary>Whether an admin added it (<c>*_udf</c>).</summary>
    public bool UserDefined => Info.Name.EndsWith("_udf", StringComparison.Ordinal);
}

/// <summary>A field both the person and someone else changed since the page was read.</summary>
/// <param name="Field">The field name.</param>
/// <param name="Label">Its label.</param>
/// <param name="Mine">The person's value, as text.</param>
/// <param name="Theirs">The stored value, as text.</param>
internal sealed record FieldConflict(string Field, string Label, string Mine, string Theirs);

/// <summary>What a save of the details page did: saved (no error, no conflicts), refused with an error, or stopped by conflicts.</summary>
/// <param name="Error">Why nothing was saved, or <see langword="null"/>.</param>
/// <param name="Conflicts">The fields someone else changed meanwhile, or empty.</param>
/// <param name="TheirStamp">The stored version when conflicts stopped the save (a save over it overwrites theirs).</param>
internal sealed record SaveResult(string? Error, IReadOnlyList<FieldConflict> Conflicts, long TheirStamp)
{
    /// <summary>Whether the changes were stored.</summary>
    public bool Saved => Error is null && Conflicts.Count == 0;
}

internal sealed partial class WorkspaceData
{
    // List fields whose list is not named after the field (docs/reference/rest.md#metadata: list nodes are list_node.<list>.<node>).
    private static readonly Dictionary<string, string> s_listOfField = new(StringComparer.Ordinal)
    {
        ["status"] = "run_status",
        ["native_status"] = "run_native_status",
        ["last_run_status"] = "ci_build_status",
    };

    /// <summary>Stored memo HTML cleaned for the browser: an allow-list of tags and attributes, no scripts.</summary>
    internal static string SafeHtml(string html) => string.IsNullOrEmpty(html) ? "" : MemoSanitizer.Instance.Sanitize(html);

    // Memo fields are HTML (docs/rest-api.md); what the page renders or stores passes the sanitizer's allow-list,
    // so no script, event handler or javascript: link from any writer reaches a browser. The instance is thread-safe.
    // Its own class, so the HTML and CSS parsers (some 2,700 types) load with the first memo shown, not with the first
    // grid (docs/performance.md, idle memory).
    private static class MemoSanitizer
    {
        public static readonly HtmlSanitizer Instance = new();
    }

    /// <summary>A person as the UI names them: first and last name, or the login when the account has none.</summary>
    internal static string PersonName(string firstName, string lastName, string login) =>
        $"{firstName} {lastName}".Trim() is { Length: > 0 } full ? full : login;

    // References to people carry the login on the wire (as Octane's name); the pages show the person's name instead.
    private static async Task NamePeopleAsync(TrellisDbContext db, EntitySchema schema, IReadOnlyList<JsonObject> items, CancellationToken cancellationToken)
    {
        var fields = schema.Fields.Where(f => f.TargetsUsers).Select(f => f.Name).ToList();
        var references = items.SelectMany(item => fields.Select(f => item[f]))
            .SelectMany(node => node is JsonObject { } o && o["data"] is JsonArray data ? data.OfType<JsonObject>() : node is JsonObject single ? [single] : [])
            .Where(r => Text(r["type"]) == "workspace_user").ToList();
        var ids = references.Select(r => OctaneJson.TryGetId(r["id"], out var id) ? id : 0).Where(id => id > 0).ToHashSet();
        if (ids.Count == 0)
        {
            return;
        }

        var names = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id))
            .Select(u => new { u.Id, u.FirstName, u.LastName, u.Login }).ToDictionaryAsync(u => u.Id, u => PersonName(u.FirstName, u.LastName, u.Login), cancellationToken);
        foreach (var reference in references)
        {
            if (OctaneJson.TryGetId(reference["id"], out var id) && names.TryGetValue(id, out var name))
            {
                reference["name"] = name;
            }
        }
    }

    private static DetailField DetailOf(FieldInfo info, JsonNode? node)
    {
        var refs = node switch
        {
            JsonObject { } multi when multi["data"] is JsonArray data => data.OfType<JsonObject>().Select(RefOf).ToList(),
            JsonObject { } single => [RefOf(single)],
            _ => [],
        };
        JsonNode? value = info.IsReference
            ? info.Multiple
                ? refs.Count == 0 ? null : new JsonObject { ["data"] = new JsonArray([.. refs.Select(r => (JsonNode)new JsonObject { ["type"] = r.Type, ["id"] = r.Id })]) }
                : refs.Count == 0 ? null : new JsonObject { ["type"] = refs[0].Type, ["id"] = refs[0].Id }
            : node?.DeepClone();
        return new DetailField(info, value, Cell(node, info.Name, info), refs);
    }

    private static RefItem RefOf(JsonObject reference) =>
        new(Text(reference["id"]), Text(reference["type"]), Text(reference["name"]) is { Length: > 0 } name ? name : Text(reference["id"]));

    /// <summary>
    /// A value in a form that two readings compare equal by: the ids of references (input or stored shape), the text
    /// of anything else; absent and null are the same.
    /// </summary>
    internal static string ValueKey(JsonNode? node) => node switch
    {
        null => "",
        JsonObject { } multi when multi["data"] is JsonArray data => string.Join(',', data.Select(d => ValueKey(d is JsonObject o ? o["id"] : d))),
        JsonObject { } single => ValueKey(single["id"]),
        JsonArray array => string.Join(',', array.Select(ValueKey)),
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        _ => node.ToJsonString(),
    };

    /// <summary>
    /// The details page of a concrete type links a reference to it: the entity types of external actions (work items,
    /// tests, runs, releases, sprints …), not phases, list nodes or people.
    /// </summary>
    internal static bool HasDetailsPage(string type) =>
        type is not ("phase" or "list_node" or "workspace_user" or "work_item_root") && EntityTypeTree.Default.TryGet(type, out _);

    /// <summary>
    /// What a reference field of <paramref name="type"/> may point to, matching <paramref name="search"/> in the name (a
    /// person's name, login or e-mail): at most 20, by name. Phases are the type's own; list nodes those of the field's list.
    /// </summary>
    public async Task<IReadOnlyList<RefItem>> ReferenceChoicesAsync(WorkspaceScope scope, string type, string field, string search, CancellationToken cancellationToken)
    {
        const int Limit = 20;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        if (workspace.ForType(type)?.ByName.GetValueOrDefault(field) is not { IsReference: true } info)
        {
            return [];
        }

        var text = search.Trim();
        if (info.TargetsUsers)
        {
            var people = await db.Users.AsNoTracking().Where(u => u.SharedSpaceId == scope.SharedSpaceId && u.IsActive)
                .Select(u => new { u.Id, u.FirstName, u.LastName, u.Login, u.Email }).ToListAsync(cancellationToken);
            return [.. people
                .Select(u => (u, Name: PersonName(u.FirstName, u.LastName, u.Login)))
                .Where(p => text.Length == 0 || p.Name.Contains(text, StringComparison.OrdinalIgnoreCase)
                    || p.u.Login.Contains(text, StringComparison.OrdinalIgnoreCase) || p.u.Email.Contains(text, StringComparison.OrdinalIgnoreCase))
                .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).Take(Limit)
                .Select(p => new RefItem(OctaneJson.Id(p.u.Id), "workspace_user", p.Name))];
        }

        if (info.Targets.Contains("phase") || info.Targets.Contains("list_node"))
        {
            // Phases and list nodes are few per list: filtered here, in the order the workspace defines them; a list
            // field with no list of its name (a user-defined one) offers the nodes of every list, never a list's root.
            var list = s_listOfField.GetValueOrDefault(field) ?? (BuiltInSchema.Lists.Any(l => l.Key == field) ? field : null);
            var prefix = info.Targets.Contains("phase") ? $"phase.{type}." : list is null ? "list_node." : BuiltInSchema.ListNodeLogicalName(list) + ".";
            var nodes = await db.Entities.AsNoTracking()
                .Where(e => e.WorkspaceId == scope.WorkspaceId && e.LogicalName != null && e.LogicalName.StartsWith(prefix))
                .OrderBy(e => e.Id).Select(e => new { e.Id, e.Type, e.Name, e.LogicalName }).ToListAsync(cancellationToken);
            return [.. nodes.Where(n => n.LogicalName!.Count(c => c == '.') == 2 && (text.Length == 0 || (n.Name ?? "").Contains(text, StringComparison.OrdinalIgnoreCase))).Take(Limit)
                .Select(n => new RefItem(OctaneJson.Id(n.Id), n.Type, n.Name ?? ""))];
        }

        // Other items through the grid's own reader and name search (an id finds that item too), one target type after another.
        var nameSearch = $"name EQ '*{EscapeQueryText(text)}*'";
        var query = text.Length == 0 ? null
            : text.Length <= 18 && !text.AsSpan().ContainsAnyExceptInRange('0', '9') ? $"\"id EQ {text}||{nameSearch}\"" : $"\"{nameSearch}\"";
        var choices = new List<RefItem>();
        foreach (var target in info.Targets.Where(t => t != "work_item_root" && workspace.ForType(t) is not null))
        {
            var page = await PageAsync(scope, target, [new GridColumn("id", "ID", true), new GridColumn("name", "Name", true)],
                new GridRequest(query, "name", false, 0, Limit - choices.Count), cancellationToken);
            choices.AddRange(page.Rows.Select(r => new RefItem(r.Id, r.Type, r.Name)));
            if (choices.Count >= Limit)
            {
                break;
            }
        }

        return choices;
    }

    /// <summary>
    /// Saves the details page's edits (Octane input shape) through the entity writer with the audit record the REST
    /// update writes. <paramref name="loadedStamp"/> and <paramref name="originals"/> are what the page read: when the
    /// entity changed since, a field the person edited that someone else changed too is a conflict and nothing is
    /// saved; edits to fields nobody else touched are applied to the newer version, as REST applies them. Without a
    /// stamp (a grid cell, whose row shows the field's value as read) the save is a REST update.
    /// </summary>
    public async Task<SaveResult> SaveAsync(
        WorkspaceScope scope, string type, string id, JsonObject changes, long? loadedStamp, IReadOnlyDictionary<string, JsonNode?> originals, CancellationToken cancellationToken)
    {
        if (scope.Lacks(WorkspaceTier.Member) is { } refusal)
        {
            return new SaveResult(refusal.Message, [], 0);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        if (workspace.ForType(type) is not { } schema || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key))
        {
            return new SaveResult($"Unknown entity {type} {id}.", [], 0);
        }

        var input = (JsonObject)changes.DeepClone();
        foreach (var (field, value) in changes)
        {
            // Rich text stays HTML on the wire; what the page stores passes the same allow-list as what it renders.
            if (schema.ByName.GetValueOrDefault(field) is { FieldType: FieldTypes.Memo } && value is JsonValue html && html.TryGetValue<string>(out var text))
            {
                input[field] = string.IsNullOrWhiteSpace(HtmlText(text)) && !text.Contains("<img", StringComparison.OrdinalIgnoreCase) ? null : SafeHtml(text);
            }
        }

        return await ConflictRetry.RunAsync(db, async () =>
        {
            var row = await new EntityReader(db, dialect, workspace, scope.WorkspaceId).FindAsync(schema, key, cancellationToken);
            if (row is null)
            {
                return new SaveResult($"The {BuiltInSchema.TypeLabel(type)} {id} no longer exists.", [], 0);
            }

            if (loadedStamp is { } stamp && row.VersionStamp != stamp)
            {
                var stored = JsonNode.Parse(row.Fields) as JsonObject ?? [];
                var changedByOthers = changes.Select(c => c.Key)
                    .Where(f => ValueKey(f == "name" ? JsonValue.Create(row.Name) : stored[f]) != ValueKey(originals.GetValueOrDefault(f)))
                    .ToList();
                if (changedByOthers.Count > 0)
                {
                    return new SaveResult(null, await ConflictsAsync(db, workspace, schema, scope, id, changes, changedByOthers, cancellationToken), row.VersionStamp);
                }
            }

            var writer = new EntityWriter(db, workspace, scope, time, limits.Value);
            if (await writer.UpdateAsync(row, (JsonObject)input.DeepClone(), cancellationToken) is { } error)
            {
                return new SaveResult(error.Description, [], 0);
            }

            EntityAudit.Add(db, time, scope, EntityAudit.Update, row);
            await db.SaveChangesAsync(cancellationToken);
            return new SaveResult(null, [], 0);
        }, () => new SaveResult(OctaneError.ConcurrentUpdate().Description, [], 0));
    }

    // Both versions of each conflicting field, as people read them (names of references, the text of rich text).
    private async Task<IReadOnlyList<FieldConflict>> ConflictsAsync(TrellisDbContext db, WorkspaceSchema workspace, EntitySchema schema, WorkspaceScope scope,
        string id, JsonObject changes, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        FieldSelection.TryParse(string.Join(',', fields.Append("id").Distinct()), out var selection, out _);
        var current = await new EntityReader(db, dialect, workspace, scope.WorkspaceId).GetAsync(schema, id, selection, cancellationToken) ?? [];
        await NamePeopleAsync(db, schema, [current], cancellationToken);
        var conflicts = new List<FieldConflict>();
        foreach (var field in fields)
        {
            var info = schema.ByName[field];
            var mine = changes[field];
            var mineText = info.IsReference ? await ReferenceTextAsync(db, scope, info, mine, cancellationToken) : Cell(mine, field, info);
            conflicts.Add(new FieldConflict(field, info.Label, mineText, Cell(current[field], field, info)));
        }

        return conflicts;
    }

    // The names of the items an input-shape reference names.
    private static async Task<string> ReferenceTextAsync(TrellisDbContext db, WorkspaceScope scope, FieldInfo info, JsonNode? value, CancellationToken cancellationToken)
    {
        var ids = ValueKey(value).Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(t => long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).Where(n => n > 0).ToList();
        if (info.TargetsUsers)
        {
            var people = await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.FirstName, u.LastName, u.Login }).ToListAsync(cancellationToken);
            return string.Join(", ", ids.Select(i => people.FirstOrDefault(p => p.Id == i) is { } p ? PersonName(p.FirstName, p.LastName, p.Login) : OctaneJson.Id(i)));
        }

        var names = await db.Entities.AsNoTracking().Where(e => e.WorkspaceId == scope.WorkspaceId && ids.Contains(e.Id)).Select(e => new { e.Id, e.Name }).ToListAsync(cancellationToken);
        return string.Join(", ", ids.Select(i => names.FirstOrDefault(n => n.Id == i)?.Name ?? OctaneJson.Id(i)));
    }
}
