using System.Net;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Bootstrap;

namespace Trellis.Server.IntegrationTests;

/// <summary>Entity labels and phase transitions, as the IDE plugins and the C# SDK read them, and what a workspace made earlier gains at start.</summary>
public abstract class EntityLabelAndTransitionTests(TrellisApplication app)
{
    private const string Base = TrellisApplication.Base;

    private static string Query(string query) => Uri.EscapeDataString("\"" + query + "\"");

    [Fact]
    public async Task EachEntityTypeHasItsLabelsInEnglish()
    {
        using var client = await app.SignedInAsync();
        var labels = await client.GetObjectAsync($"{Base}/entity_labels?limit=1000");

        var story = labels.Data().Single(l => l.Text("entity_type") == "story")!;
        Assert.Equal("entity_label", story.Text("type"));
        Assert.Equal("User Story", story.Text("name"));
        Assert.Equal("User Stories", story.Text("plural_name"));
        Assert.Equal("User Stories", story.Text("plural_capitalized"));
        Assert.Equal("US", story.Text("initials"));
        Assert.Equal("lang.en", story.Text("language"));
        Assert.All(labels.Data(), l => Assert.Equal("lang.en", l.Text("language")));
        Assert.Superset(new HashSet<string?> { "defect", "story", "quality_story", "feature", "epic", "task", "test_manual", "requirement_document" },
            labels.Data().Select(l => l.Text("entity_type")).ToHashSet());
    }

    [Fact]
    public async Task LabelsAreFilteredByType()
    {
        using var client = await app.SignedInAsync();
        var labels = await client.GetObjectAsync($"{Base}/entity_labels?fields=entity_type,name,initials&query={Query("entity_type='defect'")}");

        var defect = Assert.Single(labels.Data());
        Assert.Equal("Defect", defect.Text("name"));
        Assert.Equal("D", defect.Text("initials"));
    }

    [Fact]
    public async Task LabelsAndTransitionsCannotBeChanged()
    {
        using var client = await app.SignedInAsync();
        using var label = await client.PostAsync($"{Base}/entity_labels", new StringContent("""{"data":[{"name":"Bug","entity_type":"defect"}]}"""), TestContext.Current.CancellationToken);
        using var transition = await client.DeleteAsync($"{Base}/transitions?query={Query("entity='story'")}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, label.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, transition.StatusCode);
    }

    [Fact]
    public async Task AStoryMovesForwardThroughItsPhasesOrBackOne()
    {
        using var client = await app.SignedInAsync();
        var transitions = await client.GetObjectAsync($"{Base}/transitions?fields=entity,source_phase,target_phase,is_primary&query={Query("entity='story'")}");

        var moves = transitions.Data().Select(t => (
            From: t!["source_phase"].Text("logical_name"), To: t["target_phase"].Text("logical_name"), Primary: t["is_primary"]!.GetValue<bool>())).ToList();
        Assert.All(transitions.Data(), t => Assert.Equal("story", t.Text("entity")));
        Assert.Equal(6, moves.Count);
        Assert.Contains(("phase.story.new", "phase.story.inprogress", true), moves);
        Assert.Contains(("phase.story.inprogress", "phase.story.new", false), moves);
        Assert.Contains(("phase.story.intesting", "phase.story.done", true), moves);
        Assert.DoesNotContain(moves, m => m.From == "phase.story.new" && m.To == "phase.story.done");
        // The IDE plugins match a transition to the item's phase by the phase's name.
        Assert.Equal("New", transitions.Data().First(t => t!["source_phase"].Text("logical_name") == "phase.story.new")!["source_phase"].Text("name"));
    }

    [Fact]
    public async Task ADefectFollowsOctanesDefectWorkflow()
    {
        using var client = await app.SignedInAsync();
        var transitions = await client.GetObjectAsync($"{Base}/transitions?fields=source_phase,target_phase,is_primary&limit=1000&query={Query("entity='defect'")}");

        var fromNew = transitions.Data().Where(t => t!["source_phase"].Text("logical_name") == "phase.defect.new").ToList();
        Assert.Equal(["phase.defect.deferred", "phase.defect.duplicate", "phase.defect.opened", "phase.defect.rejected"],
            fromNew.Select(t => t!["target_phase"].Text("logical_name")).Order(StringComparer.Ordinal));
        Assert.Equal("phase.defect.opened", Assert.Single(fromNew, t => t!["is_primary"]!.GetValue<bool>())!["target_phase"].Text("logical_name"));
    }

    [Fact]
    public async Task AWorkspaceMadeBeforeLabelsAndTransitionsGetsThemAtStart()
    {
        app.SkipUnlessAvailable();
        string[] added = ["entity_label", "transition", "scm_commit_pattern"];
        var counts = await app.WithDbAsync(async db =>
        {
            async Task<List<int>> CountAsync()
            {
                var counts = new List<int>();
                foreach (var type in added)
                {
                    counts.Add(await db.Entities.CountAsync(e => e.WorkspaceId == 1002 && e.Type == type));
                }

                return counts;
            }

            var before = await CountAsync();
            // As a workspace made by an earlier version: no labels, transitions or commit patterns, nor their fields and lists.
            await db.FieldMetadata.Where(f => f.WorkspaceId == 1002 && added.Contains(f.EntityName)).ExecuteDeleteAsync();
            await db.Entities.Where(e => e.WorkspaceId == 1002 && (added.Contains(e.Type)
                || e.LogicalName!.StartsWith("list_node.scm_commit_pattern_entity_type") || e.LogicalName!.StartsWith("list_node.commit_pattern.applies_to"))).ExecuteDeleteAsync();
            await WorkspaceSeeder.UpgradeAsync(db, 1002, app.Time, TestContext.Current.CancellationToken);
            await WorkspaceSeeder.UpgradeAsync(db, 1002, app.Time, TestContext.Current.CancellationToken);
            return (before, after: await CountAsync());
        });

        Assert.All(counts.before, count => Assert.True(count > 0));
        Assert.Equal(counts.before, counts.after);
        using var client = await app.SignedInAsync();
        var transitions = await client.GetObjectAsync($"{Base}/transitions?fields=target_phase&query={Query("entity='task'")}");
        Assert.Equal(4, transitions.Data().Count);
        var branchPatterns = await client.GetObjectAsync($"{Base}/scm_commit_patterns?fields=pattern&query={Query("applies_to={id='list_node.commit_pattern.applies_to.branch'}")}");
        Assert.Equal(3, branchPatterns.Data().Count);
    }
}

public sealed class SqliteEntityLabelAndTransitionTests(SqliteApplication app) : EntityLabelAndTransitionTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresEntityLabelAndTransitionTests(PostgresApplication app) : EntityLabelAndTransitionTests(app), IClassFixture<PostgresApplication>;
