using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Data.Model;
using Trellis.Data.Sql;

namespace Trellis.Application.Entities;

/// <summary>
/// A multi-reference kept on the other side: a work item's <c>test</c> is the tests whose <c>covered_content</c>
/// names it, its <c>scm_branches</c> the branches whose <c>work_items</c> name it. Such a field is read from the other
/// side and written to it, never stored on the owner, so the two sides cannot disagree
/// (docs/rest-api.md#tests-suites-versions-and-coverage, docs/rest-api.md#source-control).
/// </summary>
/// <param name="OwnerStorage">The <c>entities.type</c> of the owner (<c>work_item</c>).</param>
/// <param name="Field">The owner's field.</param>
/// <param name="OtherStorage">The <c>entities.type</c> of the other side.</param>
/// <param name="OtherField">The other side's stored multi-reference that names the owner.</param>
internal sealed record InverseReference(string OwnerStorage, string Field, string OtherStorage, string OtherField)
{
    /// <summary>A work item's tests: Octane's test coverage seen from the work item.</summary>
    public static readonly InverseReference Tests = new("work_item", "test", "test", "covered_content");

    /// <summary>A work item's branches: the source-control branches linked to it.</summary>
    public static readonly InverseReference Branches = new("work_item", "scm_branches", "scm_repository", "work_items");

    private static readonly InverseReference[] All = [Tests, Branches];

    /// <summary>The inverse reference <paramref name="field"/> of <paramref name="schema"/>, or <see langword="null"/> when it is stored.</summary>
    public static InverseReference? Of(EntitySchema schema, string field) =>
        Array.Find(All, r => r.Field == field && r.OwnerStorage == schema.Type.StorageType && schema.ByName.ContainsKey(field));

    /// <summary>The inverse references of <paramref name="schema"/> among <paramref name="names"/>.</summary>
    public static IEnumerable<InverseReference> Among(EntitySchema schema, IEnumerable<string> names) =>
        names.Select(n => Of(schema, n)).OfType<InverseReference>().Distinct();

    /// <summary>The other-side rows that name each of <paramref name="ownerIds"/>, in id order.</summary>
    public async Task<ILookup<long, long>> ReadAsync(
        TrellisDbContext db, ISqlDialect dialect, long workspaceId, IEnumerable<long> ownerIds, CancellationToken cancellationToken)
    {
        var ids = ownerIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return Array.Empty<InverseLink>().ToLookup(l => l.OwnerId, l => l.OtherId);
        }

        var element = dialect.JsonElementId("m");
        // Only checked identifiers and placeholders are in the text; every value is a parameter.
        var sql = $"SELECT e.id AS \"OtherId\", {element} AS \"OwnerId\" FROM entities AS e, {dialect.JsonArrayElements("e", OtherField, "m")} "
            + $"WHERE e.workspace_id = {{0}} AND e.type = {{1}} AND {dialect.InIdSet(element, "{2}")}";
        var links = await db.Database.SqlQueryRaw<InverseLink>(sql, workspaceId, OtherStorage, dialect.IdSetValue(ids)).ToListAsync(cancellationToken);
        return links.OrderBy(l => l.OtherId).ToLookup(l => l.OwnerId, l => l.OtherId);
    }

    /// <summary>
    /// Makes <paramref name="otherIds"/> the rows that name the owner: the owner added to each one's field, and unless
    /// <paramref name="append"/> (Octane's <c>reference_update_mode=append</c>), taken out of the rows not listed.
    /// The rows changed are tracked, with their version stamps raised, for the caller's save; they are returned for its audit.
    /// </summary>
    public async Task<List<EntityRecord>> WriteAsync(
        TrellisDbContext db, ISqlDialect dialect, long workspaceId, long ownerId, IReadOnlyCollection<long> otherIds, bool append,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var naming = (await ReadAsync(db, dialect, workspaceId, [ownerId], cancellationToken))[ownerId].ToHashSet();
        var touched = otherIds.Where(id => !naming.Contains(id)).Concat(append ? [] : naming.Where(id => !otherIds.Contains(id))).ToList();
        var rows = await db.Entities.Where(e => touched.Contains(e.Id) && e.WorkspaceId == workspaceId && e.Type == OtherStorage).ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var fields = JsonNode.Parse(row.Fields) as JsonObject ?? [];
            var named = OctaneJson.StoredIds(fields[OtherField]).ToList();
            named = otherIds.Contains(row.Id) ? [.. named, ownerId] : [.. named.Where(id => id != ownerId)];
            if (named.Count == 0)
            {
                fields.Remove(OtherField);
            }
            else
            {
                fields[OtherField] = new JsonArray([.. named.Distinct().Select(id => (JsonNode)id)]);
            }

            row.Fields = fields.ToJsonString();
            row.VersionStamp++;
            row.LastModified = EntityRecords.TruncateToMilliseconds(now);
        }

        return rows;
    }
}

/// <summary>One other-side row naming one owner, as <see cref="InverseReference.ReadAsync"/> reads it.</summary>
internal sealed class InverseLink
{
    public long OtherId { get; set; }

    public long OwnerId { get; set; }
}
