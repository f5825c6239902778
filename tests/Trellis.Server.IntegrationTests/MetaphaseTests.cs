using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Bootstrap;

namespace Trellis.Server.IntegrationTests;

/// <summary>Metaphases: the stages phases of several types share, as clients filter by them ("not done yet").</summary>
public abstract class MetaphaseTests(TrellisApplication app)
{
    private const string Base = TrellisApplication.Base;

    private static readonly string[] DoneWorkItemPhases =
        ["phase.defect.closed", "phase.defect.duplicate", "phase.defect.rejected", "phase.quality_story.done", "phase.story.done"];

    private static string Query(string query) => Uri.EscapeDataString("\"" + query + "\"");

    [Fact]
    public async Task EachWorkspaceHasTheMetaphases()
    {
        using var client = await app.SignedInAsync();
        var metaphases = await client.GetObjectAsync($"{Base}/metaphases?fields=name,logical_name,entity&query={Query("entity='work_item'")}&order_by=index");
        Assert.Equal(["metaphase.work_item.new", "metaphase.work_item.inprogress", "metaphase.work_item.intesting", "metaphase.work_item.done"],
            metaphases.Data().Select(m => m.Text("logical_name")));
        Assert.Equal("Done", metaphases.Data()[3].Text("name"));
    }

    [Fact]
    public async Task PhasesAreFoundByTheirMetaphaseAsTheJavaSdkAsks()
    {
        using var client = await app.SignedInAsync();
        var query = Query("(entity='defect'||entity='story'||entity='quality_story');metaphase={logical_name='metaphase.work_item.done'}");
        var phases = await client.GetObjectAsync($"{Base}/phases?fields=logical_name,metaphase&query={query}");

        Assert.Equal(DoneWorkItemPhases, phases.Data().Select(p => p.Text("logical_name")).Order(StringComparer.Ordinal));
        var metaphase = phases.Data()[0]!["metaphase"]!;
        Assert.Equal("metaphase", metaphase.Text("type"));
        Assert.Equal("metaphase.work_item.done", metaphase.Text("logical_name"));
        Assert.Equal("Done", metaphase.Text("name"));
    }

    [Theory]
    [InlineData("phase={metaphase={logical_name='metaphase.work_item.done'}}", true)]
    [InlineData("phase={metaphase={id='metaphase.work_item.done'}}", true)]
    [InlineData("phase={(metaphase={id='metaphase.work_item.done'})}", true)]
    [InlineData("phase={metaphase={!logical_name='metaphase.work_item.done'}}", false)]
    public async Task WorkItemsAreFilteredByTheirPhasesMetaphase(string filter, bool done)
    {
        using var client = await app.SignedInAsync();
        var all = await client.GetObjectAsync($"{Base}/work_items?fields=phase&limit=5000&query={Query("subtype IN 'defect','story','quality_story'")}");
        var expected = all.Data().Where(w => DoneWorkItemPhases.Contains(w!["phase"].Text("logical_name")) == done).Select(w => w.Text("id")).ToList();

        var matches = await client.GetObjectAsync($"{Base}/work_items?fields=phase&order_by=id&limit=5000&query={Query($"subtype IN 'defect','story','quality_story';{filter}")}");

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Order(StringComparer.Ordinal), matches.Data().Select(w => w.Text("id")).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task AWorkspaceMadeBeforeMetaphasesGetsThemAtStart()
    {
        app.SkipUnlessAvailable();
        // As a workspace made by an earlier version: no metaphase fields, no metaphases, phases without one.
        await app.WithDbAsync(async db =>
        {
            await db.FieldMetadata.Where(f => f.WorkspaceId == 1002 && (f.EntityName == "metaphase" || f.Name == "metaphase")).ExecuteDeleteAsync();
            await db.Entities.Where(e => e.WorkspaceId == 1002 && e.Type == "metaphase").ExecuteDeleteAsync();
            foreach (var phase in await db.Entities.Where(e => e.WorkspaceId == 1002 && e.Type == "phase").ToListAsync())
            {
                var fields = JsonNode.Parse(phase.Fields)!.AsObject();
                fields.Remove("metaphase");
                phase.Fields = fields.ToJsonString();
            }

            await db.SaveChangesAsync();
            await WorkspaceSeeder.UpgradeAsync(db, 1002, app.Time, TestContext.Current.CancellationToken);
            await WorkspaceSeeder.UpgradeAsync(db, 1002, app.Time, TestContext.Current.CancellationToken);
            return 0;
        });

        var counts = await app.WithDbAsync(async db => (
            Metaphases: await db.Entities.CountAsync(e => e.WorkspaceId == 1002 && e.Type == "metaphase"),
            Fields: await db.FieldMetadata.CountAsync(f => f.WorkspaceId == 1002 && f.EntityName == "phase" && f.Name == "metaphase")));
        Assert.Equal(14, counts.Metaphases);
        Assert.Equal(1, counts.Fields);
        using var client = await app.SignedInAsync();
        var done = await client.GetObjectAsync($"{Base}/phases?fields=logical_name&query={Query("metaphase={logical_name='metaphase.work_item.done'};entity IN 'defect','story','quality_story'")}");
        Assert.Equal(DoneWorkItemPhases, done.Data().Select(p => p.Text("logical_name")).Order(StringComparer.Ordinal));
    }
}

public sealed class SqliteMetaphaseTests(SqliteApplication app) : MetaphaseTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresMetaphaseTests(PostgresApplication app) : MetaphaseTests(app), IClassFixture<PostgresApplication>;
