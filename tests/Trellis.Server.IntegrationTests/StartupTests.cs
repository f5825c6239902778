using System.Net;
using Microsoft.EntityFrameworkCore;

namespace Trellis.Server.IntegrationTests;

/// <summary>First start: migration, health and the bootstrap of docs/reference/interfaces.md#first-start.</summary>
public abstract class StartupTests(TrellisApplication app)
{
    [Fact]
    public async Task HealthzAnswers200WhenTheDatabaseIsReady()
    {
        using var client = app.Anonymous();
        using var response = await client.GetAsync("/healthz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await app.WithDbAsync(async db => (await db.Database.GetPendingMigrationsAsync()).ToList()));
    }

    [Fact]
    public async Task BootstrapCreatesSharedSpace1001AndTheDefaultWorkspace1002()
    {
        using var client = await app.SignedInAsync();
        var spaces = await client.GetObjectAsync("/api/shared_spaces");
        Assert.Contains(spaces.Data(), s => s.Text("id") == "1001" && s.Text("type") == "shared_space");
        var workspaces = await client.GetObjectAsync("/api/shared_spaces/1001/workspaces/");
        var workspace = Assert.Single(workspaces.Data());
        Assert.Equal("1002", workspace.Text("id"));
        Assert.Equal("Default Workspace", workspace.Text("name"));
    }

    [Fact]
    public async Task TheBootstrapAdminIsSiteAdminAndSpaceAdmin()
    {
        using var client = await app.SignedInAsync();
        var user = await client.GetObjectAsync("/api/current_user");
        Assert.Equal(TrellisApplication.AdminLogin, user.Text("name"));
        var roles = user["roles"]!.AsArray().Select(r => r.Text("role")).ToList();
        Assert.Contains("site_admin", roles);
        Assert.Contains("space_admin", roles);
    }

    [Fact]
    public async Task TheWorkspaceHasOctaneLogicalNamesForPhasesAndListNodes()
    {
        using var client = await app.SignedInAsync();
        var phases = await client.GetObjectAsync($"{TrellisApplication.Base}/phases?fields=logical_name,entity&limit=5000");
        Assert.Contains(phases.Data(), p => p.Text("logical_name") == "phase.defect.new" && p.Text("entity") == "defect");
        var nodes = await client.GetObjectAsync($"{TrellisApplication.Base}/list_nodes?fields=logical_name&limit=5000");
        var severities = nodes.Data().Select(n => n.Text("logical_name")).Where(n => n!.StartsWith("list_node.severity.", StringComparison.Ordinal)).ToList();
        Assert.True(severities.Count >= 5, $"{severities.Count} severities");
        Assert.Contains("list_node.severity.high", severities);
        var roots = await client.GetObjectAsync($"{TrellisApplication.Base}/work_item_roots");
        Assert.Equal(1, roots["total_count"]!.GetValue<int>());
    }

    [Fact]
    public async Task DefectsHaveAtLeast41FieldsInMetadata()
    {
        using var client = await app.SignedInAsync();
        var fields = await client.GetObjectAsync($"{TrellisApplication.Base}/metadata/fields");
        var defect = fields.Data().Where(f => f.Text("entity_name") == "defect").ToList();
        Assert.True(defect.Count >= 41, $"{defect.Count} defect fields");
        var severity = Assert.Single(defect, f => f.Text("name") == "severity");
        Assert.Equal("reference", severity.Text("field_type"));
        Assert.Equal("list_node", severity!["field_type_data"]!["targets"]![0].Text("type"));
        Assert.All(fields.Data(), f => Assert.Equal("field_metadata", f.Text("type")));
    }

    [Fact]
    public async Task DemoDataHasReleasesTeamsUsersFeaturesWithChildrenAndPipelineRuns()
    {
        using var client = await app.SignedInAsync();
        Assert.True((await client.GetObjectAsync($"{TrellisApplication.Base}/releases"))["total_count"]!.GetValue<int>() >= 2);
        Assert.True((await client.GetObjectAsync($"{TrellisApplication.Base}/sprints"))["total_count"]!.GetValue<int>() >= 2);
        Assert.True((await client.GetObjectAsync($"{TrellisApplication.Base}/teams"))["total_count"]!.GetValue<int>() >= 2);
        Assert.True((await client.GetObjectAsync($"{TrellisApplication.Base}/workspace_users"))["total_count"]!.GetValue<int>() >= 12);
        Assert.True((await client.GetObjectAsync($"{TrellisApplication.Base}/pipeline_runs"))["total_count"]!.GetValue<int>() >= 3);
        Assert.True((await client.GetObjectAsync($"{TrellisApplication.Base}/tests"))["total_count"]!.GetValue<int>() >= 3);
        var defects = await client.GetObjectAsync($"{TrellisApplication.Base}/defects?fields=parent,severity,phase");
        Assert.True(defects["total_count"]!.GetValue<int>() >= 5);
        Assert.True(defects.Data().Select(d => d!["severity"].Text("logical_name")).Distinct().Count() >= 3);
        Assert.True(defects.Data().Select(d => d!["phase"].Text("logical_name")).Distinct().Count() >= 3);
        Assert.All(defects.Data(), d => Assert.Equal("feature", d!["parent"].Text("type")));
    }

    [Fact]
    public async Task ASecondStartKeepsTheDataAndDoesNotBootstrapAgain()
    {
        app.SkipUnlessAvailable();
        var migrator = app.Services.GetService(typeof(Trellis.Data.DatabaseMigrator)) as Trellis.Data.DatabaseMigrator;
        var bootstrapper = app.Services.GetService(typeof(Trellis.Application.Bootstrap.Bootstrapper)) as Trellis.Application.Bootstrap.Bootstrapper;
        var before = await app.WithDbAsync(db => db.Entities.CountAsync());
        await migrator!.MigrateAsync(bootstrapper!.RunAsync, TestContext.Current.CancellationToken);
        Assert.Equal(before, await app.WithDbAsync(db => db.Entities.CountAsync()));
        Assert.Equal(1, await app.WithDbAsync(db => db.SharedSpaces.CountAsync()));
    }
}

public sealed class SqliteStartupTests(SqliteApplication app) : StartupTests(app), IClassFixture<SqliteApplication>;

public sealed class PostgresStartupTests(PostgresApplication app) : StartupTests(app), IClassFixture<PostgresApplication>;

public sealed class GeneratedPasswordTests(GeneratedPasswordApplication app) : IClassFixture<GeneratedPasswordApplication>
{
    [Fact]
    public async Task WithoutAConfiguredPasswordOneIsGeneratedAndLoggedOnce()
    {
        using var client = app.Anonymous();
        var lines = app.Logs.Where(l => l.Contains("Initial admin password:", StringComparison.Ordinal)).ToList();
        var line = Assert.Single(lines);
        Assert.DoesNotContain('\n', line);
        var password = line.Split("Initial admin password: ")[1].Split(' ')[0];
        using var signedIn = await app.SignedInAsync(TrellisApplication.AdminLogin, password);
        using var response = await signedIn.GetAsync("/api/current_user", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}

public sealed class EmptyWorkspaceTests(EmptyWorkspaceApplication app) : IClassFixture<EmptyWorkspaceApplication>
{
    [Fact]
    public async Task WithoutDemoDataTheWorkspaceIsEmptyButADefectWithOnlyANameIsValid()
    {
        using var client = await app.SignedInAsync();
        Assert.Equal(0, (await client.GetObjectAsync($"{TrellisApplication.Base}/work_items"))["total_count"]!.GetValue<int>());
        Assert.Equal(0, (await client.GetObjectAsync($"{TrellisApplication.Base}/releases"))["total_count"]!.GetValue<int>());
        using var created = await client.PostAsync($"{TrellisApplication.Base}/defects",
            new StringContent("""{"data":[{"name":"First defect"}]}"""), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var defect = (await created.ReadObjectAsync()).Data()[0];
        Assert.Equal("phase.defect.new", defect!["phase"].Text("logical_name"));
    }
}
