using System.Net;

namespace Trellis.Server.IntegrationTests;

/// <summary>A configuration saved on one node reaches the other node's live catalog (docs/deployment.md#several-nodes-what-needs-affinity).</summary>
public sealed class CatalogTwoNodeTests(TwoPostgresNodes nodes) : IClassFixture<TwoPostgresNodes>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task APutOnOneNodeIsSeenByTheOtherNodesToolbarWithinASecond()
    {
        if (nodes.First is null || nodes.Second is null)
        {
            Assert.Skip(TrellisApplication.NoPostgres);
        }

        using var one = await nodes.First.SignedInAsync();
        using var two = await nodes.Second.SignedInAsync();
        const string applicable = TrellisApplication.Base + "/external-actions/applicable?entity_type=defect&view=list";

        // The second node has compiled its catalog before the change.
        var before = await two.GetObjectAsync(applicable);
        Assert.DoesNotContain(before.Data(), a => a.Text("name") == "fresh_from_node_one");

        using var put = await ActionConfigurationTests.PutAsync(one, ActionConfigurationTests.Single("fresh_from_node_one", "https://example.com/fresh"), null);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        var seen = await Eventually.HoldsAsync(
            async () => (await two.GetObjectAsync(applicable)).Data().Any(a => a.Text("name") == "fresh_from_node_one"), TimeSpan.FromSeconds(1));
        Assert.True(seen, "The second node did not see the new configuration within a second.");
    }
}
