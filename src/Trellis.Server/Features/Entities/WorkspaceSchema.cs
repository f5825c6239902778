using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Server.Features.Entities;

/// <summary>One field as the server uses it at run time, read from <c>field_metadata</c>.</summary>
internal sealed record FieldInfo(string Name, string FieldType, bool Multiple, ImmutableArray<string> Targets, bool Editable,
    bool Required, bool Sortable, bool ReturnedByDefault, string? Column, int? MaxLength)
{
    public bool IsReference => FieldType == FieldTypes.Reference;

    public bool TargetsUsers => Targets.Any(t => t is "workspace_user" or "user");

    public static FieldInfo From(FieldMetadata row) => new(row.Name, row.FieldType, row.Multiple,
        row.Targets is null ? [] : [.. row.Targets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        row.Editable, row.Required, row.Sortable, row.ReturnedByDefault, row.ColumnName, row.MaxLength);
}

/// <summary>A REST type with the fields its workspace defines for it.</summary>
internal sealed class EntitySchema
{
    public EntitySchema(TypeDefinition type, IEnumerable<FieldInfo> fields)
    {
        Type = type;
        Fields = [.. fields];
        ByName = Fields.ToFrozenDictionary(f => f.Name, StringComparer.Ordinal);
    }

    public TypeDefinition Type { get; }

    public string Name => Type.Name;

    public ImmutableArray<FieldInfo> Fields { get; }

    public FrozenDictionary<string, FieldInfo> ByName { get; }
}

/// <summary>Every type of one workspace with its fields.</summary>
internal sealed class WorkspaceSchema(FrozenDictionary<string, EntitySchema> types)
{
    public IEnumerable<EntitySchema> Types => types.Values;

    public EntitySchema? ForType(string name) => types.GetValueOrDefault(name);

    public EntitySchema? ForCollection(string collection) =>
        BuiltInSchema.ByCollection.TryGetValue(collection, out var type) ? types.GetValueOrDefault(type.Name) : null;
}

/// <summary>
/// Keeps each workspace's schema in memory: it is read on every request and changes only when an admin adds fields.
/// </summary>
internal sealed class SchemaCache
{
    // REVIEW: with user-defined fields, a change on one node must reach the others (LISTEN/NOTIFY, like the catalog).
    private readonly ConcurrentDictionary<long, WorkspaceSchema> _schemas = new();

    public async Task<WorkspaceSchema> GetAsync(TrellisDbContext db, long workspaceId, CancellationToken cancellationToken)
    {
        if (_schemas.TryGetValue(workspaceId, out var cached))
        {
            return cached;
        }

        var rows = await db.FieldMetadata.AsNoTracking().Where(f => f.WorkspaceId == workspaceId)
            .OrderBy(f => f.EntityName).ThenBy(f => f.Position).ToListAsync(cancellationToken);
        var byType = rows.GroupBy(r => r.EntityName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(FieldInfo.From).ToList(), StringComparer.Ordinal);
        var schema = new WorkspaceSchema(BuiltInSchema.Types
            .ToFrozenDictionary(t => t.Name, t => new EntitySchema(t, byType.GetValueOrDefault(t.Name) ?? []), StringComparer.Ordinal));
        return _schemas.GetOrAdd(workspaceId, schema);
    }

    public void Invalidate(long workspaceId) => _schemas.TryRemove(workspaceId, out _);
}
