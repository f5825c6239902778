using Microsoft.EntityFrameworkCore;
using Trellis.Application.Entities;

namespace Trellis.Application.Workspaces;

/// <summary>One grid cell as its in-place editor opens it: the field's value read now, and the version it was read at.</summary>
/// <param name="Field">The field, its metadata and its value.</param>
/// <param name="VersionStamp">The entity's version when the cell was read: a save over a newer one checks for a conflict.</param>
internal sealed record GridCell(DetailField Field, long VersionStamp);

/// <summary>A grid cell's editor closed: which cell, whether the stored item changed (the rows are read again), and the status line's sentence.</summary>
/// <param name="Id">The row's id.</param>
/// <param name="Field">The cell's field.</param>
/// <param name="Changed">Whether the item was saved (or someone else's version taken), so the grid reads its rows again.</param>
/// <param name="Status">What the grid's status line says, or <see langword="null"/>.</param>
public sealed record GridCellOutcome(string Id, string Field, bool Changed, string? Status);

internal sealed partial class WorkspaceData
{
    /// <summary>A date field is edited and shown as a day; a date-time field with its time, unless it is a release's or sprint's day.</summary>
    internal static bool IsDay(FieldInfo info) =>
        info.FieldType == FieldTypes.Date || info.Name is "start_date" or "end_date" or "date" || info.Name.EndsWith("_date", StringComparison.Ordinal);

    /// <summary>A field's value as its text box holds it: a date as the browser's date or date-time input reads it.</summary>
    internal static string InputText(DetailField field)
    {
        var text = ValueKey(field.Value);
        return field.Info.FieldType switch
        {
            FieldTypes.Date or FieldTypes.DateTime when DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var date) =>
                date.UtcDateTime.ToString(IsDay(field.Info) ? "yyyy-MM-dd" : "yyyy-MM-dd'T'HH:mm", System.Globalization.CultureInfo.InvariantCulture),
            _ => text,
        };
    }

    /// <summary>
    /// Whether a grid cell of this field is edited in place (docs/ui.md#grids): a simple field a person may write (text,
    /// number, date, yes/no, one reference); the name has its own rename box, memo and multi-reference fields need the details page.
    /// </summary>
    internal static bool EditsInCell(FieldInfo info) =>
        info.Editable && info.Name is not ("id" or "name" or "subtype" or "version_stamp") && !info.Multiple && info.FieldType switch
        {
            FieldTypes.String or FieldTypes.Integer or FieldTypes.Float or FieldTypes.Boolean or FieldTypes.Date or FieldTypes.DateTime => true,
            FieldTypes.Reference => true,
            _ => false,
        };

    /// <summary>For each column edited in place, the concrete types of the grid whose items have that field to edit.</summary>
    private static IReadOnlySet<string> CellEditingTypes(WorkspaceSchema workspace, string gridType, string field) =>
        Trellis.Actions.EntityTypes.EntityTypeTree.Default.ConcreteTypesOf(gridType).Append(gridType)
            .Where(t => workspace.ForType(t)?.ByName.GetValueOrDefault(field) is { } info && EditsInCell(info))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>One field of one entity as it is stored now, for a grid cell's editor; the error's text when there is no such field.</summary>
    public async Task<(GridCell? Cell, string? Error)> CellAsync(WorkspaceScope scope, string type, string id, string field, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspace = await schemas.GetAsync(db, scope.WorkspaceId, cancellationToken);
        if (workspace.ForType(type) is not { } schema || schema.Type.Storage == EntityStorage.Users)
        {
            return (null, $"Unknown type {type}.");
        }

        if (schema.ByName.GetValueOrDefault(field) is not { } info || !EditsInCell(info))
        {
            return (null, $"A {BuiltInSchema.TypeLabel(type)} has no field {field} to edit here.");
        }

        FieldSelection.TryParse($"id,version_stamp,{field}", out var selection, out _);
        if (await new EntityReader(db, dialect, workspace, scope.WorkspaceId).GetAsync(schema, id, selection, cancellationToken) is not { } json)
        {
            return (null, $"The {BuiltInSchema.TypeLabel(type)} {id} no longer exists.");
        }

        await NamePeopleAsync(db, schema, [json], cancellationToken);
        var stamp = json["version_stamp"] is System.Text.Json.Nodes.JsonValue value && value.TryGetValue<long>(out var version) ? version : 0;
        return (new GridCell(DetailOf(info, json[field]), stamp), null);
    }

    /// <summary>
    /// The phases an item of <paramref name="type"/> in phase <paramref name="currentPhaseId"/> may move to, as its
    /// workflow's transitions list them (docs/rest-api.md#entity-labels-and-transitions): the suggested next phase first,
    /// then the others in workflow order, matching <paramref name="search"/>. A phase outside the built-in workflows offers every phase of the type.
    /// </summary>
    public async Task<IReadOnlyList<RefItem>> PhaseMovesAsync(WorkspaceScope scope, string type, string? currentPhaseId, string search, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var prefix = $"phase.{type}.";
        var phases = await db.Entities.AsNoTracking()
            .Where(e => e.WorkspaceId == scope.WorkspaceId && e.LogicalName != null && e.LogicalName.StartsWith(prefix))
            .OrderBy(e => e.Id).Select(e => new { e.Id, e.Type, e.Name, e.LogicalName }).ToListAsync(cancellationToken);
        var current = phases.FirstOrDefault(p => OctaneJson.Id(p.Id) == currentPhaseId);
        var from = current?.LogicalName![prefix.Length..];
        var moves = BuiltInSchema.Transitions.Where(t => t.Type == type && t.From == from).ToList();
        var text = search.Trim();
        var offered = moves.Count == 0
            ? phases
            : [.. phases.Where(p => moves.Any(m => prefix + m.To == p.LogicalName))
                .OrderByDescending(p => moves.First(m => prefix + m.To == p.LogicalName).Primary)];
        return [.. offered.Where(p => text.Length == 0 || (p.Name ?? "").Contains(text, StringComparison.OrdinalIgnoreCase))
            .Select(p => new RefItem(OctaneJson.Id(p.Id), p.Type, p.Name ?? ""))];
    }

    /// <summary>A cell's value as the grid shows it (a yes/no as Yes or No, a number with its unit).</summary>
    internal static string CellText(FieldInfo info, System.Text.Json.Nodes.JsonNode? value) => Cell(value, info.Name, info);

    private static string YesNo(System.Text.Json.Nodes.JsonNode? node) => node?.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.True => "Yes",
        System.Text.Json.JsonValueKind.False => "No",
        _ => "",
    };
}
