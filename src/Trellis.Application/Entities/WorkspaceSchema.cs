using System.Collections.Frozen;
using System.Collections.Immutable;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Platform;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.Entities;

/// <summary>One field as the server uses it at run time, read from <c>field_metadata</c>.</summary>
internal sealed record FieldInfo(string Name, string FieldType, bool Multiple, ImmutableArray<string> Targets, bool Editable,
    bool Required, bool Sortable, bool ReturnedByDefault, string? Column, int? MaxLength, string Label)
{
    public bool IsReference => FieldType == FieldTypes.Reference;

    public bool TargetsUsers => Targets.Any(t => t is "workspace_user" or "user");

    public static FieldInfo From(FieldMetadata row) => new(row.Name, row.FieldType, row.Multiple,
        row.Targets is null ? [] : [.. row.Targets.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)],
        row.Editable, row.Required, row.Sortable, row.ReturnedByDefault, row.ColumnName, row.MaxLength, row.Label);
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
/// Keeps each workspace's schema in memory: it is read on every request and changes only when an admin adds or
/// removes a user-defined field, which evicts the workspace on every node (see <see cref="ScopedNodeCache{TKey, TValue}"/>).
/// </summary>
internal sealed class SchemaCache(DatabaseSettings database) : ScopedNodeCache<long, WorkspaceSchema>(database, Channel)
{
    /// <summary>The channel schema changes are announced on; the payload is the workspace id.</summary>
    public const string Channel = "trellis_schema";

    public async Task<WorkspaceSchema> GetAsync(TrellisDbContext db, long workspaceId, CancellationToken cancellationToken)
    {
        if (Serving && Entries.TryGetValue(workspaceId, out var cached))
        {
            return cached;
        }

        var generation = Generation;
        var rows = await db.FieldMetadata.AsNoTracking().Where(f => f.WorkspaceId == workspaceId)
            .OrderBy(f => f.EntityName).ThenBy(f => f.Position).ToListAsync(cancellationToken);
        var byType = rows.GroupBy(r => r.EntityName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(FieldInfo.From).ToList(), StringComparer.Ordinal);
        var schema = new WorkspaceSchema(BuiltInSchema.Types
            .ToFrozenDictionary(t => t.Name, t => new EntitySchema(t, byType.GetValueOrDefault(t.Name) ?? []), StringComparer.Ordinal));
        Keep(workspaceId, schema, generation);
        return schema;
    }

    /// <summary>Forgets the workspace's schema on this node; call after the change is committed.</summary>
    public override void Evict(long workspaceId)
    {
        Moved();
        Entries.TryRemove(workspaceId, out _);
    }
}
