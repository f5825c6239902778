using Trellis.Actions.EntityTypes;
using Trellis.Actions.Launch;
using Trellis.Actions.Policy;
using Trellis.Actions.Tests.TestSupport;
using static Trellis.Actions.Tests.TestSupport.TestContexts;

namespace Trellis.Actions.Tests.Launch;

public sealed class BaseUrlOverrideTests
{
    public static TheoryData<string, string, string> Rebased => new()
    {
        { "{bundle_url}/my-panel/index.html?ws={workspace}#panel_id={panel_id}", "http://localhost:3000", "http://localhost:3000/my-panel/index.html?ws={workspace}#panel_id={panel_id}" },
        { "{octane_url}/ui/report?ids={entity_ids}", "http://localhost:3000/base", "http://localhost:3000/base/ui/report?ids={entity_ids}" },
        { "https://app.example.com:8443/open?ids={entity_ids}", "http://127.0.0.1:5173", "http://127.0.0.1:5173/open?ids={entity_ids}" },
        { "HTTPS://app.example.com?x={workspace}", "http://localhost:3000", "http://localhost:3000?x={workspace}" },
        { "https://app.example.com", "http://localhost:3000", "http://localhost:3000" },
        { "http://app.example.com/#id={entity_id}", "https://dev.example.com", "https://dev.example.com/#id={entity_id}" },
    };

    [Theory]
    [MemberData(nameof(Rebased))]
    public void Rebase_ReplacesWhatComesBeforeThePath(string template, string baseUrl, string expected) =>
        Assert.Equal(expected, BaseUrlOverride.Rebase(template, baseUrl));

    [Theory]
    [InlineData("mailto:{user_email}")]
    [InlineData("https://{entity.host_udf}/open")]
    [InlineData("ftp://files.example.com/x")]
    public void Rebase_UrlWithoutANameableBase_IsNull(string template) =>
        Assert.Null(BaseUrlOverride.Rebase(template, "http://localhost:3000"));

    [Theory]
    [InlineData("http://localhost:3000/", "http://localhost:3000")]
    [InlineData("https://dev.example.com/app", "https://dev.example.com/app")]
    public void Normalize_HttpBase_IsAcceptedWithoutTrailingSlash(string url, string expected)
    {
        var (normalized, problem) = BaseUrlOverride.Normalize(url);
        Assert.Null(problem);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("localhost:3000", "only http and https")]
    [InlineData("/relative/path", "not an absolute URL")]
    [InlineData("javascript:alert(1)", "only http and https")]
    [InlineData("file:///etc/passwd", "only http and https")]
    [InlineData("http://user:secret@localhost:3000", "no user name")]
    [InlineData("http://localhost:3000/?x=1", "base only")]
    [InlineData("http://localhost:3000/{workspace}", "base only")]
    [InlineData("http://local host:3000", "not an absolute URL")]
    public void Normalize_BadBase_SaysWhatIsWrong(string url, string expected)
    {
        var (normalized, problem) = BaseUrlOverride.Normalize(url);
        Assert.Null(normalized);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void WhyNot_AviatorChipOrMailto_IsRefused()
    {
        Assert.Contains("Aviator chip", BaseUrlOverride.WhyNot(TestActions.UrlChip()), StringComparison.Ordinal);
        Assert.NotNull(BaseUrlOverride.WhyNot(TestActions.Button("mailto:{user_email}")));
        Assert.Null(BaseUrlOverride.WhyNot(TestActions.Panel()));
    }

    [Fact]
    public void Plan_RebasedPanel_LaunchesOnTheNewOriginWithTheSameTokens()
    {
        var action = TestActions.Panel() with { EntityTypes = ["defect"] };
        var rebased = action with { Url = BaseUrlOverride.Rebase(action.Url!, "http://localhost:3000") };

        var plan = LaunchPlanner.Plan(rebased, List("work_item", Entity("7")) with { Workspace = 1002 }, ActionPolicy.Default, EntityTypeTree.Default);

        Assert.Equal("http://localhost:3000/p?ws=1002#ids=7", plan.Url);
        Assert.Equal("http://localhost:3000", plan.AppOrigin);
    }
}
