using Trellis.Actions.Templates;

namespace Trellis.Actions.Tests.Templates;

public sealed class UrlTemplateFragmentTests
{
    private static TokenValues Values(params string[] ids) => new()
    {
        OctaneUrl = "https://alm.example.com",
        SharedSpace = 1001,
        Workspace = 1002,
        UserLogin = "jane",
        EntityIds = [.. ids],
    };

    [Theory]
    [InlineData("https://p.example/x#ids={entity_ids}", "#ids={entity_ids}")]
    [InlineData("https://p.example/{entity_ids}/x#a#b", "#a#b")]
    [InlineData("https://p.example/x?q={\"a\":1}#ids", "#ids")]
    [InlineData("https://p.example/{unknown}#{workspace}", "#{workspace}")]
    [InlineData("https://p.example/x?q={\"a\":\"#\"}", "#\"}")]
    [InlineData("https://p.example/x", null)]
    public void Compile_Template_SplitsAtTheFirstLiteralHashOutsideAToken(string template, string? fragment)
    {
        var compiled = UrlTemplate.Compile(template);
        Assert.Equal(fragment, compiled.HasFragment ? template[compiled.FragmentOffset..] : null);
    }

    [Fact]
    public void Expand_HashInsideAValue_IsEncodedAndDoesNotStartAFragment()
    {
        var url = UrlTemplate.Compile("https://p.example/x?u={user_login}#ids={entity_ids}").Expand(Values("1") with { UserLogin = "a#b" }).Url;
        Assert.Equal("https://p.example/x?u=a%23b#ids=1", url);
        Assert.Equal(url.IndexOf("#ids", StringComparison.Ordinal), url.IndexOf('#', StringComparison.Ordinal));
    }

    [Fact]
    public void ExpandFragment_Template_ReturnsOnlyTheFragment() =>
        Assert.Equal("#ids=1,2&ws=1002", UrlTemplate.Compile("https://p.example/?u={user_login}#ids={entity_ids}&ws={workspace}").ExpandFragment(Values("1", "2")).Url);

    [Fact]
    public void ExpandFragment_TemplateWithoutFragment_IsEmpty() =>
        Assert.Equal(string.Empty, UrlTemplate.Compile("https://p.example/?ids={entity_ids}").ExpandFragment(Values("1")).Url);

    [Fact]
    public void UpdateFragment_NewSelection_KeepsThePartBeforeTheHashFromOpenTime()
    {
        var template = UrlTemplate.Compile("https://p.example/{entity_ids}?u={user_login}#ids={entity_ids}");
        var opened = template.Expand(Values("1") with { UserLogin = "jane" }).Url;

        var updated = template.UpdateFragment(opened, Values("2", "3") with { UserLogin = "other" }).Url;

        Assert.Equal("https://p.example/1?u=jane#ids=1", opened);
        Assert.Equal("https://p.example/1?u=jane#ids=2,3", updated);
    }

    [Fact]
    public void UpdateFragment_TokenInFragment_MintsANewToken()
    {
        var minted = 0;
        var template = UrlTemplate.Compile("https://p.example/?t={user_identity_token}#t={user_identity_token}&ids={entity_ids}");
        var values = Values("1") with { MintIdentityToken = () => $"t{++minted}" };
        var opened = template.Expand(values).Url;

        var updated = template.UpdateFragment(opened, values with { EntityIds = ["2"] }).Url;

        Assert.Equal(2, minted);
        Assert.Equal("https://p.example/?t=t1#t=t2&ids=2", updated);
    }

    [Fact]
    public void UpdateFragment_TokenOnlyBeforeTheHash_MintsNothing()
    {
        var minted = 0;
        var template = UrlTemplate.Compile("https://p.example/?t={user_identity_token}#ids={entity_ids}");
        var values = Values("1") with { MintIdentityToken = () => $"t{++minted}" };
        var opened = template.Expand(values).Url;

        var updated = template.UpdateFragment(opened, values with { EntityIds = ["2"] }).Url;

        Assert.Equal(1, minted);
        Assert.Equal("https://p.example/?t=t1#ids=2", updated);
    }

    [Fact]
    public void UpdateFragment_TemplateWithoutFragment_ReturnsTheOpenedUrl()
    {
        var template = UrlTemplate.Compile("https://p.example/?ids={entity_ids}");
        var opened = template.Expand(Values("1")).Url;
        Assert.Equal(opened, template.UpdateFragment(opened, Values("2")).Url);
    }
}
