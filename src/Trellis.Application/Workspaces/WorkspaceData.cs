using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trellis.Actions.EntityTypes;
using Trellis.Application.Access;
using Trellis.Application.Entities;
using Trellis.Data;
using Trellis.Data.Sql;

namespace Trellis.Application.Workspaces;

/// <summary>A grid column: a field of the grid's type with its label.</summary>
/// <param name="Field">The field name.</param>
/// <param name="Label">The column header.</param>
/// <param name="Sortable">Whether the server can sort by it.</param>
public sealed record GridColumn(string Field, string Label, bool Sortable)
{
    /// <summary>The concrete types whose cells in this column are edited in place (docs/ui.md#grids); empty for none.</summary>
    public IReadOnlySet<string> EditableIn { get; init; } = new HashSet<string>();
}

/// <summary>One grid row: the entity's id, concrete type, name and the text of each column.</summary>
/// <param name="Id">The id.</param>
/// <param name="Type">The concrete type.</param>
/// <param name="Name">The name.</param>
/// <param name="Cells">Each column's text by field name.</param>
public sealed record GridRow(string Id, string Type, string Name, IReadOnlyDictionary<string, string> Cells);

/// <summary>A page of a grid, or why it could not be read.</summary>
internal sealed record GridPage(long Total, IReadOnlyList<GridRow> Rows, string? Error);

/// <summary>A grid's request: its filter (a REST <c>query</c> value, quotes included), sort and page.</summary>
internal sealed record GridRequest(string? Query, string? SortField, bool Descending, int Offset, int Limit);

/// <summary>What the filter box's text searches.</summary>
internal enum GridFilterKind
{
    /// <summary>No filter.</summary>
    None,

    /// <summary>An id, or names that contain its digits.</summary>
    Id,

    /// <summary>Names that contain the text.</summary>
    Name,

    /// <summary>A REST query.</summary>
    Query,
}

/// <summary>The grid's filter: its REST <c>query</c> value (quotes included), or why the text is not a valid query.</summary>
/// <param name="Query">The query value, or <see langword="null"/> for none (or an error).</param>
/// <param name="Error">The query's error, with its column when it is a syntax error.</param>
/// <param name="Kind">What the text searches.</param>
internal sealed record GridFilter(string? Query, string? Error, GridFilterKind Kind)
{
    /// <summary>No filter.</summary>
    public static readonly GridFilter None = new(null, null, GridFilterKind.None);
}

/// <summary>A comment as the details page lists it.</summary>
/// <param name="Id">The comment's id.</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="Created">When, as the grids show dates.</param>
/// <param name="Text">Its text, one line per paragraph.</param>
/// <param name="Edited">When its text last changed after it was written, as the grids show dates; <see langword="null"/> when never.</param>
/// <param name="CanEdit">Whether the caller may change its text (its author: docs/security.md#comments).</param>
/// <param name="CanDelete">Whether the caller may delete it (its author, or a workspace admin moderating).</param>
internal sealed record CommentItem(string Id, string Author, string Created, string Text, string? Edited = null, bool CanEdit = false, bool CanDelete = false);

/// <summary>One entity as its details page shows it: every field of its type, in the metadata's order, and its version.</summary>
internal sealed record EntityDetails(string Id, string Type, string Name, IReadOnlyList<DetailField> Fields, long VersionStamp);

/// <summary>
/// What the workspace pages read and write, through the entity feature's own reader, query compiler and writer (the
/// same code the REST API runs), each call on a short-lived context.
/// </summary>
internal sealed partial class WorkspaceData(IDbContextFactory<TrellisDbContext> dbFactory, ISqlDialect dialect, SchemaCache schemas, TimeProvider time, IOptions<EntityLimits> limits)
{
    // A sensible default set per grid type, in display order; fields the schema lacks are skipped.
    private static readonly Dictionary<string, string[]> s_columns = new(StringComparer.Ordinal)
    {
        ["work_item"] = ["id", "name", "subtype", "phase", "owner", "release", "story_points", "priority", "blocked"],
        ["test"] = ["id", "name", "subtype", "phase", "owner"],
        ["run_history"] = ["id", "name", "pipeline", "status", "started_time", "duration"],
        ["release"] = ["id", "name", "start_date", "end_date", "owner"],
        ["task"] = ["id", "name", "phase", "story", "owner", "estimated_hours", "remaining_hours"],
        ["run"] = ["id", "name", "subtype", "status", "test", "release", "run_by", "started"],
        ["product_area"] = ["id", "name", "parent", "owner"],
        ["pipeline"] = ["id", "name", "last_run_status", "owner", "url"],
        ["sprint"] = ["id", "name", "release", "start_date", "end_date"],
        ["milestone"] = ["id", "name", "release", "date"],
        ["team"] = ["id", "name", "team_lead", "estimated_velocity"],
        ["program"] = ["id", "name", "owner"],
    };

    // The grid types of each module (docs/reference/configuration-rules.md#entity-types, "module grids follow the homes"), the first being the default; a type
    // the built-in schema does not serve is left out.
    private static readonly Dictionary<string, string[]> s_gridTypes = new(StringComparer.Ordinal)
    {
        ["backlog"] = [.. Served("work_item", "task")],
        // The backlog narrowed to one team (ModuleContext's team pick).
        ["team_backlog"] = [.. Served("work_item", "task")],
        ["quality"] = [.. Served("test", "run", "product_area")],
        ["pipelines"] = [.. Served("run_history", "pipeline")],
        ["releases"] = [.. Served("release", "sprint", "milestone", "team", "program")],
    };

    // Tab names: a type's label in the plural, as the grid's tab strip names it.
    private static readonly Dictionary<string, string> s_pluralLabels = new(StringComparer.Ordinal)
    {
        ["work_item"] = "Work items",
        ["task"] = "Tasks",
        ["test"] = "Tests",
        ["run"] = "Runs",
        ["product_area"] = "Product areas",
        ["run_history"] = "Pipeline runs",
        ["pipeline"] = "Pipelines",
        ["release"] = "Releases",
        ["sprint"] = "Sprints",
        ["milestone"] = "Milestones",
        ["team"] = "Teams",
        ["program"] = "Programs",
    };

    private static readonly string[] s_detailsSkip = ["id", "version_stamp", "subtype"];

    /// <summary>The type a module's grid lists (often an aggregate), or <see langword="null"/> for an unknown module.</summary>
    public static string? GridTypeOf(string module) => s_gridTypes.TryGetValue(module, out var types) && types.Length > 0 ? types[0] : null;

    /// <summary>
    /// The type a module's grid lists when the address asks for <paramref name="requested"/> (<c>?type=task</c>): that
    /// type when the module lists it, else the module's default; <see langword="null"/> for an unknown module.
    /// </summary>
    public static string? GridTypeOf(string module, string? requested) =>
        requested is not null && GridTypesOf(module).Contains(requested, StringComparer.Ordinal) ? requested : GridTypeOf(module);

    /// <summary>Every type a module's grid can list, the default first; empty for an unknown module.</summary>
    public static IReadOnlyList<string> GridTypesOf(string module) => s_gridTypes.GetValueOrDefault(module) ?? [];

    /// <summary>A grid type's label in the plural (<c>task</c> → Tasks), what its tab is named.</summary>
    public static string PluralLabel(string gridType) => s_pluralLabels.GetValueOrDefault(gridType) ?? BuiltInSchema.TypeLabel(gridType);

    private static IEnumerable<string> Served(params string[] types) => types.Where(BuiltInSchema.ByName.ContainsKey);

    /// <summary>The columns of a grid type, from its field metadata.</summary>
    public async Task<IReadOnlyList<GridColumn>> ColumnsAsync(WorkspaceScope scope, string gridType, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        if (workspace.ForType(gridType) is not { } schema)
        {
            return [];
        }

        var labels = BuiltInSchema.ByName.TryGetValue(gridType, out var definition)
            ? definition.Fields.ToDictionary(f => f.Name, f => f.Label, StringComparer.Ordinal)
            : [];
        var wanted = s_columns.GetValueOrDefault(gridType) ?? ["id", "name"];
        return [.. wanted.Where(schema.ByName.ContainsKey)
            .Select(f => new GridColumn(f, f == "subtype" ? "Type" : labels.GetValueOrDefault(f) ?? f, schema.ByName[f].Sortable && f != "subtype")
            {
                EditableIn = CellEditingTypes(workspace, gridType, f),
            })];
    }

    /// <summary>
    /// Turns the filter box's text into the grid's REST <c>query</c> value (quotes included): an id (<c>141</c>) finds
    /// that item or names that contain it; text that compiles as a query is taken as one; text that reads like a query
    /// (an operator such as <c>EQ</c>, or <c>{</c>, <c>;</c>, <c>||</c>) but does not compile is the query's error;
    /// anything else searches names (<c>name EQ '*text*'</c>). Blank text is no filter.
    /// </summary>
    public async Task<GridFilter> FilterOfAsync(WorkspaceScope scope, string gridType, string? text, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return GridFilter.None;
        }

        var trimmed = text.Trim();
        var nameSearch = $"name EQ '*{EscapeQueryText(trimmed)}*'";
        if (trimmed.Length <= 18 && !trimmed.AsSpan().ContainsAnyExceptInRange('0', '9'))
        {
            return new GridFilter($"\"id EQ {trimmed}||{nameSearch}\"", null, GridFilterKind.Id);
        }

        var unquoted = trimmed.Trim('"');
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        if (workspace.ForType(gridType) is not { } schema)
        {
            return new GridFilter(null, $"Unknown type {gridType}.", GridFilterKind.Query);
        }

        var raw = "\"" + unquoted + "\"";
        var compiled = QueryCompiler.Compile(raw, workspace, schema, dialect, new QueryContext(scope.WorkspaceId, scope.User.Id, time.GetUtcNow()));
        if (compiled.Error is null)
        {
            return new GridFilter(raw, null, GridFilterKind.Query);
        }

        if (LooksLikeQuery().IsMatch(unquoted))
        {
            // The parser's own message counts columns in the text as typed; a query that parses but names a wrong
            // field or value gets the compiler's message.
            var parsed = Trellis.Query.Parsing.QueryParser.Parse(unquoted);
            return new GridFilter(null, parsed.IsSuccess ? compiled.Error.Description : parsed.Error.Message, GridFilterKind.Query);
        }

        return new GridFilter($"\"{nameSearch}\"", null, GridFilterKind.Name);
    }

    private static string EscapeQueryText(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '\\' or '\'' or '*' or '"' or '^')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }

    // An Octane operator as a word, or the query language's punctuation: what a name search would not hold.
    [GeneratedRegex(@"\b(EQ|LT|GT|LE|GE|IN|BTW)\b|[{};]|\|\|", RegexOptions.None, 1000)]
    private static partial Regex LooksLikeQuery();

    /// <summary>One page of a grid, sorted and filtered on the server.</summary>
    public async Task<GridPage> PageAsync(WorkspaceScope scope, string gridType, IReadOnlyList<GridColumn> columns, GridRequest request, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        if (workspace.ForType(gridType) is not { } schema)
        {
            return new GridPage(0, [], $"Unknown type {gridType}.");
        }

        EntityFilter? filter = null;
        if (request.Query is { } query)
        {
            var (compiled, error) = QueryCompiler.Compile(query, workspace, schema, dialect, new QueryContext(scope.WorkspaceId, scope.User.Id, time.GetUtcNow()));
            if (error is not null)
            {
                return new GridPage(0, [], error.Description);
            }

            filter = compiled;
        }

        var fields = string.Join(',', columns.Select(c => c.Field).Where(f => f is not ("id" or "type")).Append("name").Distinct());
        FieldSelection.TryParse(fields, out var selection, out _);
        List<(string, bool)> order = request.SortField is { } sort ? [(sort, request.Descending)] : [];
        var reader = new EntityReader(db, dialect, workspace, scope.WorkspaceId);
        var (total, rows, readError) = await reader.ListAsync(schema, selection, new ListParameters(request.Limit, request.Offset, order), filter, cancellationToken);
        if (readError is not null || rows is null)
        {
            return new GridPage(0, [], readError?.Description ?? "The grid could not be read.");
        }

        await NamePeopleAsync(db, schema, rows, cancellationToken);
        var fieldTypes = schema.ByName;
        return new GridPage(total, [.. rows.Select(row => new GridRow(
            Text(row["id"]),
            Text(row["subtype"]) is { Length: > 0 } subtype ? subtype : Text(row["type"]),
            Text(row["name"]),
            columns.ToDictionary(c => c.Field, c => Cell(row[c.Field], c.Field, fieldTypes.GetValueOrDefault(c.Field)), StringComparer.Ordinal)))], null);
    }

    /// <summary>
    /// The choices of a context filter (<c>team</c>, <c>release</c>, <c>sprint</c>, <c>milestone</c>, <c>pipeline</c>, <c>run</c>): ids and
    /// names in id order (runs newest first), narrowed to the children of <paramref name="parentId"/> where the picker
    /// has a parent (the release of a sprint or milestone, the pipeline of a run); at most 500.
    /// </summary>
    public async Task<IReadOnlyList<(string Id, string Name)>> ContextChoicesAsync(WorkspaceScope scope, string picker, string? parentId, CancellationToken cancellationToken)
    {
        var (type, parentField) = picker switch
        {
            "team" => ("team", null),
            "release" => ("release", null),
            "sprint" => ("sprint", "release"),
            "milestone" => ("milestone", "release"),
            "pipeline" => ("pipeline", null),
            "run" => ("run_history", "pipeline"),
            _ => ((string?)null, (string?)null),
        };
        if (type is null || (parentField is not null && parentId is null))
        {
            return [];
        }

        var query = parentField is null ? null : $"\"{parentField} EQ {{id EQ {parentId}}}\"";
        var page = await PageAsync(scope, type, [new GridColumn("id", "ID", true), new GridColumn("name", "Name", true)],
            new GridRequest(query, "id", picker == "run", 0, 500), cancellationToken);
        return [.. page.Rows.Select(r => (r.Id, r.Name))];
    }

    /// <summary>An entity of the workspace by id, read as its concrete type, or <see langword="null"/>.</summary>
    public async Task<EntityDetails?> DetailsAsync(WorkspaceScope scope, string type, string id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        if (workspace.ForType(type) is not { } schema || schema.Type.Storage == EntityStorage.Users)
        {
            return null;
        }

        // Every field, not the REST default set: memo fields such as the description are not returned by default
        // (as in Octane), and a page that edits the description must show the stored text.
        FieldSelection.TryParse(string.Join(',', schema.Fields.Select(f => f.Name)), out var everyField, out _);
        var reader = new EntityReader(db, dialect, workspace, scope.WorkspaceId);
        if (await reader.GetAsync(schema, id, everyField, cancellationToken) is not { } json)
        {
            return null;
        }

        await NamePeopleAsync(db, schema, [json], cancellationToken);
        var fields = schema.Fields.Where(f => !s_detailsSkip.Contains(f.Name)).Select(f => DetailOf(f, json[f.Name])).ToList();
        return new EntityDetails(Text(json["id"]), type, Text(json["name"]), fields,
            json["version_stamp"] is JsonValue stamp && stamp.TryGetValue<long>(out var version) ? version : 0);
    }

    /// <summary>
    /// The concrete type of an entity named by a type or aggregate and an id (docs/reference/messages.md#events <c>octane_display_entity</c>),
    /// or <see langword="null"/> when the workspace has no such entity of that family.
    /// </summary>
    public async Task<string?> ResolveAsync(WorkspaceScope scope, string type, string id, CancellationToken cancellationToken)
    {
        if (!long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var key))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var row = await db.Entities.AsNoTracking().Where(e => e.Id == key && e.WorkspaceId == scope.WorkspaceId).Select(e => new { e.Type, e.Subtype }).FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            return null;
        }

        var concrete = row.Subtype ?? row.Type;
        return EntityTypeTree.Default.Covers(type, concrete) || type == concrete ? concrete : null;
    }

    /// <summary>
    /// The concrete types a grid of <paramref name="gridType"/> creates (an aggregate's subtypes, else the type itself)
    /// that the workspace serves, with their labels.
    /// </summary>
    public async Task<IReadOnlyList<(string Type, string Label)>> CreatableTypesAsync(WorkspaceScope scope, string gridType, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        return [.. EntityTypeTree.Default.ConcreteTypesOf(gridType)
            .Where(t => workspace.ForType(t) is { } schema && schema.Type.Storage != EntityStorage.Users)
            .Select(t => (t, BuiltInSchema.TypeLabel(t)))];
    }

    /// <summary>
    /// Creates one entity of a concrete type through the entity writer, the REST API's: the name, and each of
    /// <paramref name="defaults"/> (a reference field and the id it points to, such as the context's release) that
    /// the type has; the writer fills the rest (phase, severity …). The new id, or the error's text.
    /// </summary>
    public async Task<(string? Id, string? Error)> CreateAsync(
        WorkspaceScope scope, string type, string name, IReadOnlyDictionary<string, string> defaults, CancellationToken cancellationToken)
    {
        if (scope.Lacks(WorkspaceTier.Member) is { } refusal)
        {
            return (null, refusal.Message);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        if (workspace.ForType(type) is not { } schema || schema.Type.Storage == EntityStorage.Users)
        {
            return (null, $"Unknown type {type}.");
        }

        var item = new JsonObject { ["name"] = name };
        foreach (var (field, id) in defaults)
        {
            if (schema.ByName.GetValueOrDefault(field) is { IsReference: true, Multiple: false } reference && reference.Editable)
            {
                item[field] = new JsonObject { ["type"] = reference.Targets.FirstOrDefault() ?? field, ["id"] = id };
            }
        }

        var writer = new EntityWriter(db, workspace, scope, time, limits.Value);
        var (record, error) = await writer.CreateAsync(schema, item, cancellationToken);
        if (record is null)
        {
            return (null, error?.Description ?? $"The {type} could not be created.");
        }

        db.Entities.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        // The same record the REST create writes, once the entity has its id.
        EntityAudit.Add(db, time, scope, EntityAudit.Create, record);
        await db.SaveChangesAsync(cancellationToken);
        return (record.Id.ToString(CultureInfo.InvariantCulture), null);
    }

    /// <summary>
    /// The comments on an entity, oldest first (at most 500), read as <c>GET …/comments?query="owner_work_item EQ {id EQ …}"</c>
    /// reads them; <see langword="null"/> when its type takes no comments (only work items, tests and runs do).
    /// </summary>
    public async Task<IReadOnlyList<CommentItem>?> CommentsAsync(WorkspaceScope scope, string type, string id, CancellationToken cancellationToken)
    {
        if (CommentOwnerField(type) is not { } owner || !long.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        if (workspace.ForType("comment") is not { } schema)
        {
            return null;
        }

        var (filter, filterError) = QueryCompiler.Compile($"\"{owner} EQ {{id EQ {id}}}\"", workspace, schema, dialect,
            new QueryContext(scope.WorkspaceId, scope.User.Id, time.GetUtcNow()));
        FieldSelection.TryParse("author,creation_time,last_modified,version_stamp,text", out var selection, out _);
        var reader = new EntityReader(db, dialect, workspace, scope.WorkspaceId);
        var (_, rows, readError) = filterError is null
            ? await reader.ListAsync(schema, selection, new ListParameters(500, 0, [("id", false)]), filter, cancellationToken)
            : (0, null, filterError);
        if (readError is not null || rows is null)
        {
            return null;
        }

        await NamePeopleAsync(db, schema, rows, cancellationToken);
        return [.. rows.Select(row => CommentOf(scope, schema, row))];
    }

    // A comment row as the page shows it, with what the caller may do to it decided by the one rule (CommentAuthorship).
    private static CommentItem CommentOf(WorkspaceScope scope, EntitySchema schema, JsonObject row)
    {
        var author = OctaneJson.TryGetId(row["author"]?["id"], out var authorId) ? authorId : (long?)null;
        // A comment's only change is an edit of its text, and each one raises the version stamp from its first, 1.
        var edited = row["version_stamp"] is JsonValue stamp && stamp.TryGetValue<long>(out var version) && version > 1
            ? Cell(row["last_modified"], "last_modified", schema.ByName["last_modified"])
            : null;
        return new CommentItem(Text(row["id"]), Cell(row["author"], "author", schema.ByName["author"]),
            Cell(row["creation_time"], "creation_time", schema.ByName["creation_time"]), Cell(row["text"], "text", schema.ByName["text"]), edited,
            CommentAuthorship.MayEdit(scope, author) is null, CommentAuthorship.MayDelete(scope, author) is null);
    }

    /// <summary>Adds a comment to an entity through the entity writer, as <c>POST …/comments</c> does; the error's text, or <see langword="null"/>.</summary>
    public async Task<string?> AddCommentAsync(WorkspaceScope scope, string type, string id, string text, CancellationToken cancellationToken)
    {
        if (CommentOwnerField(type) is not { } owner)
        {
            return $"A {BuiltInSchema.TypeLabel(type)} takes no comments.";
        }

        if (scope.Lacks(WorkspaceTier.Member) is { } refusal)
        {
            return refusal.Message;
        }

        if (HtmlOf(text) is not { } html)
        {
            return "The comment is empty.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        if (workspace.ForType("comment") is not { } schema)
        {
            return "This workspace has no comments.";
        }

        var item = new JsonObject { ["text"] = html, [owner] = new JsonObject { ["type"] = EntityTypeTree.Default.AggregateOf(type), ["id"] = id } };
        var writer = new EntityWriter(db, workspace, scope, time, limits.Value);
        var (record, error) = await writer.CreateAsync(schema, item, cancellationToken);
        if (record is null)
        {
            return error?.Description ?? "The comment could not be added.";
        }

        db.Entities.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        EntityAudit.Add(db, time, scope, EntityAudit.Create, record);
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    // The reference from a comment to its owner, by the owner's aggregate (the comment type's owner_* fields).
    private static string? CommentOwnerField(string type) => EntityTypeTree.Default.AggregateOf(type) switch
    {
        "work_item" => "owner_work_item",
        "test" => "owner_test",
        "run" => "owner_run",
        _ => null,
    };

    private static string Cell(JsonNode? node, string field, FieldInfo? info) => node switch
    {
        null => "",
        JsonObject { } reference when reference["data"] is JsonArray items => string.Join(", ", items.OfType<JsonObject>().Select(i => Text(i["name"]) is { Length: > 0 } n ? n : Text(i["id"]))),
        JsonObject { } reference => Text(reference["name"]) is { Length: > 0 } name ? name : Text(reference["id"]),
        _ when field == "subtype" => BuiltInSchema.TypeLabel(Text(node)),
        _ when info?.FieldType == FieldTypes.Boolean => YesNo(node),
        _ when info?.FieldType == FieldTypes.DateTime && DateTimeOffset.TryParse(Text(node), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) =>
            // A date stored at midnight UTC is a day (a release's start, a milestone): no "00:00" that nobody set.
            date.UtcDateTime.ToString(date.UtcDateTime.TimeOfDay == TimeSpan.Zero ? "yyyy-MM-dd" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture),
        _ when info?.FieldType == FieldTypes.Memo => HtmlText(Text(node)),
        _ when info?.FieldType is FieldTypes.Integer or FieldTypes.Float && double.TryParse(Text(node), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) => WithUnit(field, number),
        _ => Text(node),
    };

    /// <summary>
    /// A number with the unit its field counts in (docs/ui.md#details): story points and velocity in points, effort in
    /// hours, a sprint's length in days, a run's duration in seconds shown as days, hours, minutes and seconds.
    /// </summary>
    internal static string WithUnit(string field, double number)
    {
        var text = number.ToString("0.##", CultureInfo.InvariantCulture);
        return field switch
        {
            "story_points" or "estimated_velocity" => number == 1 ? "1 pt" : $"{text} pts",
            "estimated_hours" or "invested_hours" or "remaining_hours" => $"{text} h",
            "sprint_duration" => number == 1 ? "1 day" : $"{text} days",
            "estimated_duration" => $"{text} min",
            "duration" => Duration(TimeSpan.FromSeconds(number)),
            _ => text,
        };
    }

    /// <summary>The unit a number field's box shows beside it ("pts", "h", "days"…), or <see langword="null"/> for a plain number.</summary>
    internal static string? UnitOf(string field) => WithUnit(field, 2) is var withUnit && withUnit != "2" ? withUnit[2..] : null;

    private static string Duration(TimeSpan span)
    {
        if (span < TimeSpan.FromMinutes(1))
        {
            return $"{span.TotalSeconds.ToString("0.##", CultureInfo.InvariantCulture)} s";
        }

        var parts = new List<string>();
        if (span.Days > 0)
        {
            parts.Add(span.Days == 1 ? "1 day" : $"{span.Days} days");
        }

        if (span.Hours > 0)
        {
            parts.Add($"{span.Hours} h");
        }

        if (span.Minutes > 0 && span.Days == 0)
        {
            parts.Add($"{span.Minutes} min");
        }

        if (span.Seconds > 0 && span.TotalHours < 1)
        {
            parts.Add($"{span.Seconds} s");
        }

        return string.Join(' ', parts);
    }

    private static string Text(JsonNode? node) => node switch
    {
        null => "",
        JsonValue value when value.TryGetValue<string>(out var text) => text,
        JsonValue value => value.ToJsonString(),
        _ => node.ToJsonString(),
    };

    /// <summary>
    /// The text of stored HTML (descriptions are HTML, as in Octane), one line per paragraph or line break, so the
    /// details page can show and edit it; <see cref="HtmlOf"/> turns it back.
    /// </summary>
    internal static string HtmlText(string html)
    {
        var lines = Regex.Replace(html, @"<br\s*/?>|</(p|div|li|h[1-6])>", "\n", RegexOptions.IgnoreCase, TimeSpan.FromSeconds(1));
        var text = System.Net.WebUtility.HtmlDecode(Regex.Replace(lines, "<[^>]+>", "", RegexOptions.None, TimeSpan.FromSeconds(1)));
        return string.Join('\n', text.Split('\n').Select(l => l.TrimEnd('\r', ' '))).Trim('\n', ' ');
    }

    /// <summary>Edited text as HTML: one encoded paragraph per line, or <see langword="null"/> for blank text.</summary>
    internal static string? HtmlOf(string text) =>
        string.IsNullOrWhiteSpace(text) ? null : string.Concat(text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(line => $"<p>{System.Net.WebUtility.HtmlEncode(line)}</p>"));
}
