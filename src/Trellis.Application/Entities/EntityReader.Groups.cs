using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Trellis.Application.Entities;

/// <summary>Group by: how many of a collection's matches have each value of one reference field.</summary>
internal sealed partial class EntityReader
{
    /// <summary>Whether <paramref name="field"/> can group a collection: a single reference (phase, severity, owner, release…).</summary>
    public static bool CanGroupBy(FieldInfo field) => field is { IsReference: true, Multiple: false, Column: null };

    /// <summary>
    /// The groups of the matches by <paramref name="field"/>, counted in one <c>GROUP BY</c>: most members first, then
    /// by the value's name, and the group of entities without a value (or whose value no longer exists) last.
    /// </summary>
    public async Task<List<EntityGroup>> GroupAsync(EntitySchema schema, FieldInfo field, EntityFilter? filter, CancellationToken cancellationToken)
    {
        var (where, arguments) = Where(schema, filter);
        var key = dialect.JsonReferenceId("e", field.Name);
        // Only checked identifiers and placeholders are in the text; every value is a parameter.
        var sql = $"SELECT {key} AS \"Key\", COUNT(*) AS \"Count\" FROM entities AS e WHERE {where} GROUP BY {key}";
        var counts = await db.Database.SqlQueryRaw<GroupCount>(sql, [.. arguments]).ToListAsync(cancellationToken);

        var ids = counts.Where(c => c.Key is not null).Select(c => c.Key!.Value).ToList();
        var values = new Dictionary<long, (string Type, string? Name, string? LogicalName)>();
        if (field.TargetsUsers)
        {
            foreach (var user in await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).Select(u => new { u.Id, u.Login }).ToListAsync(cancellationToken))
            {
                values[user.Id] = ("workspace_user", user.Login, null);
            }
        }
        else
        {
            var targets = await db.Entities.AsNoTracking().Where(e => ids.Contains(e.Id) && e.WorkspaceId == workspaceId)
                .Select(e => new { e.Id, e.Type, e.Subtype, e.Name, e.LogicalName }).ToListAsync(cancellationToken);
            foreach (var target in targets)
            {
                values[target.Id] = (target.Subtype ?? target.Type, target.Name, target.LogicalName);
            }
        }

        var groups = new List<EntityGroup>();
        var withoutValue = 0L;
        foreach (var count in counts)
        {
            if (count.Key is { } id && values.TryGetValue(id, out var value))
            {
                groups.Add(new EntityGroup(count.Count, new GroupValue(id, value.Type, value.Name, value.LogicalName)));
            }
            else
            {
                withoutValue += count.Count;
            }
        }

        var ordered = groups.OrderByDescending(g => g.Count).ThenBy(g => g.Value!.Name, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Value!.Id).ToList();
        if (withoutValue > 0)
        {
            ordered.Add(new EntityGroup(withoutValue, null));
        }

        return ordered;
    }
}

/// <summary>One group: how many matches have <see cref="Value"/>; a <see langword="null"/> value is the group without one.</summary>
internal sealed record EntityGroup(long Count, GroupValue? Value)
{
    /// <summary><c>{"count","value":{"id","type","name","logical_name"}}</c>; ids are numbers when the client asks with <c>use_numeric_id=true</c>.</summary>
    public JsonObject ToJson(bool numericIds)
    {
        JsonObject? value = null;
        if (Value is { } v)
        {
            value = new JsonObject
            {
                ["id"] = numericIds ? JsonValue.Create(v.Id) : OctaneJson.Id(v.Id),
                ["type"] = v.Type,
                ["name"] = v.Name,
            };
            if (v.LogicalName is not null)
            {
                value["logical_name"] = v.LogicalName;
            }
        }

        return new JsonObject { ["count"] = Count, ["value"] = value };
    }
}

/// <summary>The value a group shares: the referenced entity or user.</summary>
internal sealed record GroupValue(long Id, string Type, string? Name, string? LogicalName);

/// <summary>One row of the <c>GROUP BY</c>: a referenced id (<see langword="null"/> for none) and how many rows hold it.</summary>
internal sealed class GroupCount
{
    public long? Key { get; set; }

    public long Count { get; set; }
}
