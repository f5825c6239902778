using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Entities;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.Bootstrap;

/// <summary>
/// What every workspace needs before its first defect: field metadata, the single work-item root, phases and
/// list nodes with Octane's logical names. Returns the ids of the rows it made, by logical name.
/// </summary>
internal static class WorkspaceSeeder
{
    public const string RootLogicalName = "work_item_root";

    public static async Task<Dictionary<string, long>> SeedAsync(TrellisDbContext db, long workspaceId, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        db.FieldMetadata.AddRange(BuiltInSchema.Types.SelectMany(type => type.Fields.Select((field, position) => ToMetadata(workspaceId, type.Name, field, position))));

        var byName = BuiltInSchema.ByName;
        var root = EntityRecords.New(workspaceId, byName["work_item_root"], "Backlog", [], now, RootLogicalName);
        db.Entities.Add(root);

        var phases = new List<EntityRecord>();
        foreach (var (type, steps) in BuiltInSchema.Phases)
        {
            phases.AddRange(steps.Select((step, index) => EntityRecords.New(workspaceId, byName["phase"], step.Name,
                new JsonObject { ["entity"] = type, ["index"] = index }, now, BuiltInSchema.PhaseLogicalName(type, step.Key))));
        }

        db.Entities.AddRange(phases);
        var roots = BuiltInSchema.Lists.Select(list => EntityRecords.New(workspaceId, byName["list_node"], list.Name,
            new JsonObject { ["index"] = 0 }, now, BuiltInSchema.ListNodeLogicalName(list.Key))).ToList();
        db.Entities.AddRange(roots);
        await db.SaveChangesAsync(cancellationToken);

        var nodes = BuiltInSchema.Lists.Zip(roots).SelectMany(pair => pair.First.Nodes.Select((node, index) =>
            EntityRecords.New(workspaceId, byName["list_node"], node.Name,
                new JsonObject { ["list_root"] = pair.Second.Id, ["index"] = index, ["activity_level"] = 0 },
                now, BuiltInSchema.ListNodeLogicalName(pair.First.Key, node.Key)))).ToList();
        db.Entities.AddRange(nodes);
        await db.SaveChangesAsync(cancellationToken);
        var metaphases = await AddMetaphasesAsync(db, workspaceId, now, cancellationToken);
        await AddLabelsAndTransitionsAsync(db, workspaceId, now, cancellationToken);

        return new[] { root }.Concat(phases).Concat(roots).Concat(nodes).Concat(metaphases)
            .ToDictionary(e => e.LogicalName!, e => e.Id, StringComparer.Ordinal);
    }

    /// <summary>
    /// Brings a workspace made by an earlier version up to the built-in schema: the built-in fields it lacks and the
    /// metaphases with each phase's link to its own. Adds only what is missing, so it runs at every start.
    /// </summary>
    public static async Task UpgradeAsync(TrellisDbContext db, long workspaceId, TimeProvider time, CancellationToken cancellationToken)
    {
        var existing = (await db.FieldMetadata.Where(f => f.WorkspaceId == workspaceId).Select(f => new { f.EntityName, f.Name }).ToListAsync(cancellationToken))
            .Select(f => (f.EntityName, f.Name)).ToHashSet();
        db.FieldMetadata.AddRange(BuiltInSchema.Types.SelectMany(type => type.Fields
            .Select((field, position) => (field, position))
            .Where(f => !existing.Contains((type.Name, f.field.Name)))
            .Select(f => ToMetadata(workspaceId, type.Name, f.field, f.position))));
        await db.SaveChangesAsync(cancellationToken);
        await AddMissingListNodesAsync(db, workspaceId, time.GetUtcNow(), cancellationToken);
        await AddMetaphasesAsync(db, workspaceId, time.GetUtcNow(), cancellationToken);
        await AddLabelsAndTransitionsAsync(db, workspaceId, time.GetUtcNow(), cancellationToken);
    }

    /// <summary>The built-in lists and list nodes the workspace lacks (a list added since it was made).</summary>
    private static async Task AddMissingListNodesAsync(TrellisDbContext db, long workspaceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var known = (await db.Entities.Where(e => e.WorkspaceId == workspaceId && e.Type == "list_node")
            .Select(e => new { e.LogicalName, e.Id }).ToListAsync(cancellationToken))
            .Where(e => e.LogicalName is not null).ToDictionary(e => e.LogicalName!, e => e.Id, StringComparer.Ordinal);
        var listNode = BuiltInSchema.ByName["list_node"];
        foreach (var (key, name, nodes) in BuiltInSchema.Lists)
        {
            if (!known.TryGetValue(BuiltInSchema.ListNodeLogicalName(key), out var rootId))
            {
                var root = EntityRecords.New(workspaceId, listNode, name, new JsonObject { ["index"] = 0 }, now, BuiltInSchema.ListNodeLogicalName(key));
                db.Entities.Add(root);
                await db.SaveChangesAsync(cancellationToken);
                rootId = root.Id;
            }

            db.Entities.AddRange(nodes.Select((node, index) => (node, index))
                .Where(n => !known.ContainsKey(BuiltInSchema.ListNodeLogicalName(key, n.node.Key)))
                .Select(n => EntityRecords.New(workspaceId, listNode, n.node.Name,
                    new JsonObject { ["list_root"] = rootId, ["index"] = n.index, ["activity_level"] = 0 }, now, BuiltInSchema.ListNodeLogicalName(key, n.node.Key))));
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// The entity labels, phase transitions and commit patterns the workspace lacks; a transition is made only between
    /// phases the workspace has, so its workflow follows its phases.
    /// </summary>
    private static async Task AddLabelsAndTransitionsAsync(TrellisDbContext db, long workspaceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var known = (await db.Entities.Where(e => e.WorkspaceId == workspaceId
                && (e.Type == "entity_label" || e.Type == "transition" || e.Type == "phase" || e.Type == "scm_commit_pattern" || e.Type == "list_node"))
            .Select(e => new { e.LogicalName, e.Id }).ToListAsync(cancellationToken))
            .Where(e => e.LogicalName is not null).ToDictionary(e => e.LogicalName!, e => e.Id, StringComparer.Ordinal);
        var labelType = BuiltInSchema.ByName["entity_label"];
        db.Entities.AddRange(BuiltInSchema.EntityLabels.Where(l => !known.ContainsKey(BuiltInSchema.EntityLabelLogicalName(l.Type)))
            .Select(l => EntityRecords.New(workspaceId, labelType, l.Name, new JsonObject
            {
                ["entity_type"] = l.Type, ["language"] = BuiltInSchema.LabelLanguage, ["plural_name"] = l.Plural,
                ["name_capitalized"] = l.Name, ["plural_capitalized"] = l.Plural, ["initials"] = l.Initials,
            }, now, BuiltInSchema.EntityLabelLogicalName(l.Type))));

        var transitionType = BuiltInSchema.ByName["transition"];
        foreach (var (type, from, to, primary) in BuiltInSchema.Transitions)
        {
            if (!known.ContainsKey(BuiltInSchema.TransitionLogicalName(type, from, to))
                && known.TryGetValue(BuiltInSchema.PhaseLogicalName(type, from), out var source)
                && known.TryGetValue(BuiltInSchema.PhaseLogicalName(type, to), out var target))
            {
                db.Entities.Add(EntityRecords.New(workspaceId, transitionType, null,
                    new JsonObject { ["entity"] = type, ["source_phase"] = source, ["target_phase"] = target, ["is_primary"] = primary },
                    now, BuiltInSchema.TransitionLogicalName(type, from, to)));
            }
        }

        // The default commit patterns, once each, as Octane's admins find them in a new workspace.
        var patternType = BuiltInSchema.ByName["scm_commit_pattern"];
        foreach (var (appliesTo, entityType, pattern) in BuiltInSchema.CommitPatterns)
        {
            var logicalName = $"scm_commit_pattern.{appliesTo}.{entityType}";
            if (!known.ContainsKey(logicalName)
                && known.TryGetValue(BuiltInSchema.ListNodeLogicalName("scm_commit_pattern_entity_type", entityType), out var typeNode)
                && known.TryGetValue(BuiltInSchema.ListNodeLogicalName("commit_pattern.applies_to", appliesTo), out var appliesNode))
            {
                db.Entities.Add(EntityRecords.New(workspaceId, patternType, null,
                    new JsonObject { ["pattern"] = pattern, ["entity_type"] = typeNode, ["applies_to"] = appliesNode }, now, logicalName));
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>The metaphases the workspace lacks, and the metaphase of each built-in phase that has none yet.</summary>
    private static async Task<List<EntityRecord>> AddMetaphasesAsync(TrellisDbContext db, long workspaceId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var metaphases = await db.Entities.Where(e => e.WorkspaceId == workspaceId && e.Type == "metaphase").ToListAsync(cancellationToken);
        var known = metaphases.Select(m => m.LogicalName).ToHashSet(StringComparer.Ordinal);
        var added = BuiltInSchema.Metaphases.SelectMany(family => family.Steps.Select((step, index) => EntityRecords.New(workspaceId,
                BuiltInSchema.ByName["metaphase"], step.Name, new JsonObject { ["entity"] = family.Family, ["index"] = index }, now,
                BuiltInSchema.MetaphaseLogicalName(family.Family, step.Key))))
            .Where(m => !known.Contains(m.LogicalName!)).ToList();
        db.Entities.AddRange(added);
        await db.SaveChangesAsync(cancellationToken);
        metaphases.AddRange(added);

        var byLogicalName = metaphases.ToDictionary(m => m.LogicalName!, m => m.Id, StringComparer.Ordinal);
        var builtIn = BuiltInSchema.Phases.SelectMany(p => p.Phases.Select(step => (LogicalName: BuiltInSchema.PhaseLogicalName(p.Type, step.Key), Metaphase: BuiltInSchema.MetaphaseOf(p.Type, step.Key))))
            .ToDictionary(p => p.LogicalName, p => p.Metaphase, StringComparer.Ordinal);
        foreach (var phase in await db.Entities.Where(e => e.WorkspaceId == workspaceId && e.Type == "phase").ToListAsync(cancellationToken))
        {
            var fields = JsonNode.Parse(phase.Fields) as JsonObject ?? [];
            if (fields["metaphase"] is null && phase.LogicalName is { } name && builtIn.TryGetValue(name, out var metaphase))
            {
                fields["metaphase"] = byLogicalName[metaphase];
                phase.Fields = fields.ToJsonString();
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return added;
    }

    /// <summary>The metadata row of a built-in field; user-defined fields start from it too.</summary>
    internal static FieldMetadata ToMetadata(long workspaceId, string entityName, FieldDefinition field, int position)
    {
        var plain = field is { Multiple: false } && field.FieldType != FieldTypes.Memo;
        return new FieldMetadata
        {
            WorkspaceId = workspaceId,
            EntityName = entityName,
            Name = field.Name,
            Label = field.Label,
            FieldType = field.FieldType,
            Multiple = field.Multiple,
            Targets = field.Targets.IsEmpty ? null : string.Join(',', field.Targets),
            MaxLength = field.MaxLength,
            Editable = field.Editable,
            Required = field.Required,
            Final = true,
            Filterable = true,
            Sortable = plain,
            Groupable = field.FieldType == FieldTypes.Reference && !field.Multiple,
            // Without `fields`, everything but memo and multi-reference fields comes back (docs/reference/rest.md#urls-and-parameters).
            ReturnedByDefault = plain,
            VisibleInUi = field.Name != "version_stamp",
            IsUserDefined = false,
            Unique = field.Name == "id",
            ColumnName = field.Column,
            Position = position,
        };
    }
}
