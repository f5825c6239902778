using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Collections.Immutable;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Server.Features.Entities;

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
/// removes a user-defined field. A change evicts the workspace here after its commit and, on PostgreSQL, on every other
/// node through <c>NOTIFY</c> (sent inside the writing transaction); while that listener is down every request reads
/// the schema from the database.
/// </summary>
internal sealed class SchemaCache(DatabaseSettings database)
{
    /// <summary>The channel schema changes are announced on; the payload is the workspace id.</summary>
    public const string Channel = "trellis_schema";

    private readonly ConcurrentDictionary<long, WorkspaceSchema> _schemas = new();

    // Every eviction moves it on, so a schema read before a change is never kept after it.
    private long _generation;

    private volatile bool _serving = database.Provider != DatabaseProvider.Postgres;

    public async Task<WorkspaceSchema> GetAsync(TrellisDbContext db, long workspaceId, CancellationToken cancellationToken)
    {
        if (_serving && _schemas.TryGetValue(workspaceId, out var cached))
        {
            return cached;
        }

        var generation = Interlocked.Read(ref _generation);
        var rows = await db.FieldMetadata.AsNoTracking().Where(f => f.WorkspaceId == workspaceId)
            .OrderBy(f => f.EntityName).ThenBy(f => f.Position).ToListAsync(cancellationToken);
        var byType = rows.GroupBy(r => r.EntityName, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Select(FieldInfo.From).ToList(), StringComparer.Ordinal);
        var schema = new WorkspaceSchema(BuiltInSchema.Types
            .ToFrozenDictionary(t => t.Name, t => new EntitySchema(t, byType.GetValueOrDefault(t.Name) ?? []), StringComparer.Ordinal));
        if (_serving && Interlocked.Read(ref _generation) == generation)
        {
            _schemas[workspaceId] = schema;
            // An eviction that ran meanwhile may have come before the entry was there.
            if (Interlocked.Read(ref _generation) != generation)
            {
                _schemas.TryRemove(KeyValuePair.Create(workspaceId, schema));
            }
        }

        return schema;
    }

    /// <summary>Announces a change of the workspace's fields to the other nodes; call inside the writing transaction.</summary>
    public async Task AnnounceAsync(TrellisDbContext db, long workspaceId, CancellationToken cancellationToken)
    {
        if (database.Provider == DatabaseProvider.Postgres)
        {
            var payload = workspaceId.ToString(CultureInfo.InvariantCulture);
            await db.Database.ExecuteSqlAsync($"SELECT pg_notify({Channel}, {payload})", cancellationToken);
        }
    }

    /// <summary>Another node changed a workspace's fields.</summary>
    public void Heard(string payload)
    {
        if (long.TryParse(payload, NumberStyles.None, CultureInfo.InvariantCulture, out var workspaceId))
        {
            Invalidate(workspaceId);
        }
    }

    /// <summary>The listener is (or is no longer) hearing other nodes; either way what is held may be stale.</summary>
    public void Listening(bool listening)
    {
        _serving = listening || database.Provider != DatabaseProvider.Postgres;
        Interlocked.Increment(ref _generation);
        _schemas.Clear();
    }

    /// <summary>Forgets the workspace's schema on this node; call after the change is committed.</summary>
    public void Invalidate(long workspaceId)
    {
        Interlocked.Increment(ref _generation);
        _schemas.TryRemove(workspaceId, out _);
    }
}
