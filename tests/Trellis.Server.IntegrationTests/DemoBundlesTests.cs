using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Trellis.Actions.Bundles;
using Trellis.Actions.Configuration;
using Trellis.Actions.Policy;
using Trellis.Application.ExternalActions;

namespace Trellis.Server.IntegrationTests;

/// <summary>The demo bundles (docs/reference/interfaces.md#octane-apps-that-run-unchanged): stored at the first start, served, and the demo configuration points at them.</summary>
public sealed class DemoBundlesTests(SqliteApplication app) : IClassFixture<SqliteApplication>
{
    private const string Bundle = "/api/shared_spaces/1001/external-entity-actions/bundle";

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, string> Files => new()
    {
        { "external-details/external-details.html", "text/html", "octane_entity_was_added" },
        { "whats-new-section.txt", "text/plain", "What's new" },
        { "feature-children/index.html", "text/html", "parent={id IN " },
        { "panel-settings/index.html", "text/html", "octane_read_settings" },
        { "quick-note/index.html", "text/html", "octane_set_dialog_title" },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public async Task TheDemoBundleFilesAreServedAfterBootstrap(string path, string mediaType, string contains)
    {
        using var member = await app.CreateClientAsync("member");
        using var response = await member.GetAsync($"{Bundle}/{path}", Cancel);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(contains, await response.Content.ReadAsStringAsync(Cancel), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheBundleConfigurationFileIsNotServed()
    {
        using var admin = await app.SignedInAsync();
        using var response = await admin.GetAsync($"{Bundle}/action-configuration.json", Cancel);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task TheExternalDetailsBundleIsAttachedToItsDemoActionAndTheOthersOnlySupplyFiles()
    {
        using var admin = await app.SignedInAsync();
        var bundles = (await admin.GetObjectAsync("/api/shared_spaces/1001/external-entity-actions/bundles")).Data();
        var byAction = bundles.ToDictionary(b => string.Join(",", b!["entries"]!.AsArray().Select(e => e!.GetValue<string>())), b => b.Text("action_name"));

        Assert.Equal("external_details", byAction["external-details,whats-new-section.txt"]);
        Assert.Null(byAction["feature-children"]);
        Assert.Null(byAction["panel-settings"]);
        Assert.Null(byAction["quick-note"]);
        var current = await admin.GetObjectAsync(ActionConfigurationTests.Config);
        var external = current.Data().Single(a => a.Text("name") == "external_details")!;
        var guid = bundles.Single(b => b.Text("action_name") == "external_details").Text("guid");
        Assert.Equal(guid, external.Text("bundle_guid"));
    }

    [Fact]
    public async Task TheDemoConfigurationValidatesAndEveryAppUrlIsABundleUrl()
    {
        var demo = DemoActions.Read();
        var parsed = ActionConfigParser.Parse(demo, ConfigFormat.Editor, ActionPolicy.Default);

        Assert.False(parsed.HasErrors, string.Join("; ", parsed.Diagnostics.Select(d => $"{d.Code} {d.Pointer} {d.Message}")));
        Assert.Empty(parsed.Diagnostics);
        Assert.All(parsed.Actions.Where(a => a.Name != "search_web" && a.Url is not null), a => Assert.StartsWith("{bundle_url}/", a.Url, StringComparison.Ordinal));
        Assert.DoesNotContain("example.com", Encoding.UTF8.GetString(demo), StringComparison.Ordinal);

        // The configuration stored after the bundles went in validates against the server too.
        using var admin = await app.SignedInAsync();
        var stored = (await admin.GetObjectAsync(ActionConfigurationTests.Config)).Data().ToJsonString();
        var reparsed = ActionConfigParser.Parse(Encoding.UTF8.GetBytes(stored), ConfigFormat.Editor, ActionPolicy.Default);
        Assert.False(reparsed.HasErrors);
        Assert.Equal(parsed.Actions.Select(a => a.Name), reparsed.Actions.Select(a => a.Name));
    }

    [Fact]
    public void EachDemoBundleSourceFolderIsAValidBundle()
    {
        var zips = DemoBundles.Zips();

        Assert.Equal(["external-details", "feature-children", "panel-settings", "quick-note"], zips.Select(z => z.Name));
        foreach (var (name, zip) in zips)
        {
            var read = BundleArchiveReader.Read(zip);
            Assert.True(read.IsAccepted, name);
            if (read.Archive!.Configuration is { } configuration)
            {
                Assert.False(ActionConfigParser.Parse(configuration, ConfigFormat.Bundle, ActionPolicy.Default).HasErrors, name);
            }
        }

        // The bundle's own configuration and the demo configuration describe the same action.
        var bundled = JsonNode.Parse(BundleArchiveReader.Read(zips[0].Zip).Archive!.Configuration!)!;
        var demo = JsonNode.Parse(DemoActions.Read())!.AsArray().Single(a => a.Text("name") == "external_details")!;
        Assert.True(JsonNode.DeepEquals(bundled, demo));
    }

    [Fact]
    public async Task TheFeatureChildrenPanelsQueryListsTheSelectedFeaturesChildren()
    {
        using var member = await app.CreateClientAsync("member");
        var features = (await member.GetObjectAsync($"{TrellisApplication.Base}/features?fields=name&order_by=id&limit=2")).Data();
        var ids = string.Join(",", features.Select(f => $"'{f.Text("id")}'"));

        // The exact request the panel sends (samples/bundles/feature-children).
        var filter = Uri.EscapeDataString($"\"parent={{id IN {ids}}}\"");
        var children = await member.GetObjectAsync($"{TrellisApplication.Base}/work_items?fields=name,subtype&order_by=id&query={filter}");

        Assert.NotEmpty(children.Data());
        Assert.All(children.Data(), c => Assert.False(string.IsNullOrEmpty(c.Text("subtype"))));
    }
}
