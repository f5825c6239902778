using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Data.Model;
using Trellis.Data.Sql;

namespace Trellis.Server.Features.Entities;

/// <summary>
/// A work item's <c>test</c> field, Octane's test coverage seen from the work item: the tests whose
/// <c>covered_content</c> names it. It is read from those tests and written to them, never stored on the work item,
/// so the two sides cannot disagree (docs/rest-api.md#tests-suites-versions-and-coverage).
/// </summary>
internal static class TestCoverage
{
    /// <summary>The work item's field.</summary>
    public const string Field = "test";

    /// <summary>The test's field that holds the coverage.</summary>
    public const string CoveredContent = "covered_content";

    /// <summary>Whether <paramref name="schema"/> is a work-item type with the coverage field.</summary>
    public static bool Applies(EntitySchema schema) => schema.Type.StorageType == "work_item" && schema.ByName.ContainsKey(Field);

    /// <summary>The tests that cover each of <paramref name="workItemIds"/>, in id order.</summary>
    public static async Task<ILookup<long, long>> CoveringTestsAsync(
        TrellisDbContext db, ISqlDialect dialect, long workspaceId, IEnumerable<long> workItemIds, CancellationToken cancellationToken)
    {
        var ids = workItemIds.Distinct().ToList();
        if (ids.Count == 0)
        {
            return Array.Empty<CoverageLink>().ToLookup(l => l.WorkItemId, l => l.TestId);
        }

        var element = dialect.JsonElementId("m");
        // Only checked identifiers and placeholders are in the text; every value is a parameter.
        var sql = $"SELECT e.id AS \"TestId\", {element} AS \"WorkItemId\" FROM entities AS e, {dialect.JsonArrayElements("e", CoveredContent, "m")} "
            + $"WHERE e.workspace_id = {{0}} AND e.type = {{1}} AND {dialect.InIdSet(element, "{2}")}";
        var links = await db.Database.SqlQueryRaw<CoverageLink>(sql, workspaceId, "test", dialect.IdSetValue(ids)).ToListAsync(cancellationToken);
        return links.OrderBy(l => l.TestId).ToLookup(l => l.WorkItemId, l => l.TestId);
    }

    /// <summary>
    /// Makes <paramref name="testIds"/> cover the work item: added to each test's <c>covered_content</c>, and unless
    /// <paramref name="append"/> (Octane's <c>reference_update_mode=append</c>), taken out of the tests not listed.
    /// The tests changed are tracked, with their version stamps raised, for the caller's save; they are returned for its audit.
    /// </summary>
    public static async Task<List<EntityRecord>> WriteAsync(
        TrellisDbContext db, ISqlDialect dialect, long workspaceId, long workItemId, IReadOnlyCollection<long> testIds, bool append,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        var covering = (await CoveringTestsAsync(db, dialect, workspaceId, [workItemId], cancellationToken))[workItemId].ToHashSet();
        var touched = testIds.Where(id => !covering.Contains(id)).Concat(append ? [] : covering.Where(id => !testIds.Contains(id))).ToList();
        var rows = await db.Entities.Where(e => touched.Contains(e.Id) && e.WorkspaceId == workspaceId && e.Type == "test").ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var fields = JsonNode.Parse(row.Fields) as JsonObject ?? [];
            var covered = OctaneJson.StoredIds(fields[CoveredContent]).ToList();
            covered = testIds.Contains(row.Id) ? [.. covered, workItemId] : [.. covered.Where(id => id != workItemId)];
            if (covered.Count == 0)
            {
                fields.Remove(CoveredContent);
            }
            else
            {
                fields[CoveredContent] = new JsonArray([.. covered.Distinct().Select(id => (JsonNode)id)]);
            }

            row.Fields = fields.ToJsonString();
            row.VersionStamp++;
            row.LastModified = EntityRecords.TruncateToMilliseconds(now);
        }

        return rows;
    }
}

/// <summary>One test covering one work item, as the coverage query reads it.</summary>
internal sealed class CoverageLink
{
    public long TestId { get; set; }

    public long WorkItemId { get; set; }
}
