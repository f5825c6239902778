using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Actions.Policy;
using Trellis.Actions.Tests.TestSupport;
using static Trellis.Actions.Tests.TestSupport.TestContexts;

namespace Trellis.Actions.Tests.Launch;

public sealed class LaunchPlannerIdentityTokenTests
{
    private readonly List<string> _audiences = [];

    private LaunchContext Context(params SelectedEntity[] entities) => List("work_item", entities) with
    {
        MintIdentityToken = audience =>
        {
            _audiences.Add(audience);
            return $"jwt{_audiences.Count}";
        },
    };

    [Fact]
    public void Plan_TokenUsedTwice_IsMintedOnceForTheAction()
    {
        var action = TestActions.Button("https://app.example.com/?a={user_identity_token}&b={user_identity_token}");

        var plan = LaunchPlanner.Plan(action, Context(), ActionPolicy.Default, EntityTypeTree.Default);

        Assert.Equal("https://app.example.com/?a=jwt1&b=jwt1", plan.Url);
        Assert.Equal(["open_app"], _audiences);
    }

    [Fact]
    public void Plan_EachLaunch_MintsAFreshToken()
    {
        var action = TestActions.Button("https://app.example.com/?t={user_identity_token}");
        Assert.EndsWith("jwt1", LaunchPlanner.Plan(action, Context(), ActionPolicy.Default, EntityTypeTree.Default).Url, StringComparison.Ordinal);
        Assert.EndsWith("jwt2", LaunchPlanner.Plan(action, Context(), ActionPolicy.Default, EntityTypeTree.Default).Url, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_TokensDisabled_LeavesTheTokenLiteralAndMintsNothing()
    {
        var policy = ActionPolicy.Default with { IdentityTokensEnabled = false };
        var plan = LaunchPlanner.Plan(TestActions.Button("https://app.example.com/?t={user_identity_token}"), Context(), policy, EntityTypeTree.Default);

        Assert.Equal("https://app.example.com/?t={user_identity_token}", plan.Url);
        Assert.Empty(_audiences);
    }

    [Fact]
    public void Plan_NoMinter_LeavesTheTokenLiteral()
    {
        var plan = LaunchPlanner.Plan(TestActions.Button("https://app.example.com/?t={user_identity_token}"), List("work_item"), ActionPolicy.Default, EntityTypeTree.Default);
        Assert.Equal("https://app.example.com/?t={user_identity_token}", plan.Url);
    }

    [Theory]
    [InlineData("ftp://app.example.com/?t={user_identity_token}")]
    [InlineData("{bundle_url}/x?t={user_identity_token}")]
    public void Plan_RefusedLaunch_MintsNothing(string url)
    {
        var policy = ActionPolicy.Default with { BundlesEnabled = false };
        var plan = LaunchPlanner.Plan(TestActions.Button(url), Context(), policy, EntityTypeTree.Default);
        Assert.False(plan.IsEnabled);
        Assert.Empty(_audiences);
    }

    [Fact]
    public void Plan_DisabledBySelection_MintsNothing()
    {
        var action = TestActions.Button("https://app.example.com/?t={user_identity_token}") with { SingleEntity = true };
        Assert.False(LaunchPlanner.Plan(action, Context(), ActionPolicy.Default, EntityTypeTree.Default).IsEnabled);
        Assert.Empty(_audiences);
    }

    [Fact]
    public void UpdateFragment_TokenInFragment_MintsAgainForEachUpdate()
    {
        var panel = TestActions.Panel("https://panel.example.com/?t={user_identity_token}#t={user_identity_token}&ids={entity_ids}");
        var opened = LaunchPlanner.Plan(panel, Context(Entity("1")) with { PanelId = "p-1" }, ActionPolicy.Default, EntityTypeTree.Default);

        var updated = LaunchPlanner.UpdateFragment(opened, Context(Entity("2"), Entity("3")), ActionPolicy.Default, EntityTypeTree.Default);

        Assert.Equal("https://panel.example.com/?t=jwt1#t=jwt1&ids=1", opened.Url);
        Assert.Equal("https://panel.example.com/?t=jwt1#t=jwt2&ids=2,3", updated.Url);
        Assert.Equal(["side_panel", "side_panel"], _audiences);
        Assert.Equal("p-1", updated.PanelId);
    }

    [Fact]
    public void UpdateFragment_TokenOnlyBeforeTheHash_MintsNothing()
    {
        var panel = TestActions.Panel("https://panel.example.com/?t={user_identity_token}#ids={entity_ids}");
        var opened = LaunchPlanner.Plan(panel, Context(Entity("1")), ActionPolicy.Default, EntityTypeTree.Default);

        var updated = LaunchPlanner.UpdateFragment(opened, Context(Entity("2")), ActionPolicy.Default, EntityTypeTree.Default);

        Assert.Equal("https://panel.example.com/?t=jwt1#ids=2", updated.Url);
        Assert.Single(_audiences);
    }
}
