using Trellis.Actions.Templates;

namespace Trellis.Actions.Tests.Templates;

public sealed class UrlTemplateExpandTests
{
    private static readonly FieldValue s_release = FieldValue.OfReference("3001", [new("name", FieldValue.OfString("R 1.0"))]);

    private static readonly TokenValues s_values = new()
    {
        OctaneUrl = "https://alm.example.com/octane",
        SharedSpace = 1001,
        Workspace = 1002,
        UserLogin = "jane doe",
        UserEmail = "jane+test@example.com",
        EntityIds = ["2001"],
        Entity = FieldValue.OfReference("2001", [new("name", FieldValue.OfString("Login & logout")), new("release", s_release)]),
        EntityType = "work_item",
        Query = "\"phase EQ {id EQ 'phase.defect.new'}\"",
        AllSelected = false,
        ContextRelease = "3001",
        ContextSprint = "4001",
        ContextMilestone = "5001",
        ContextProgram = "6001",
        ContextPipeline = "7001",
        ContextPipelineRun = "8001",
        InstanceId = "AAECAwQFBgcICQoLDA0ODw",
        XsrfToken = "x/y+z=",
        MintIdentityToken = () => "eyJ.payload.sig",
    };

    public static TheoryData<string, string> EveryToken => new()
    {
        { "{entity_ids}", "2001" },
        { "{entity_id}", "2001" },
        { "{entity_type}", "work_item" },
        { "{entity.name}", "Login%20%26%20logout" },
        { "{entity.release}", "3001" },
        { "{entity.release.name}", "R%201.0" },
        { "{entity.release.id}", "3001" },
        { "{entity.id}", "2001" },
        { "{shared_space}", "1001" },
        { "{workspace}", "1002" },
        { "{user_login}", "jane%20doe" },
        { "{user_email}", "jane%2Btest%40example.com" },
        { "{octane_url}", "https://alm.example.com/octane" },
        { "{bundle_url}", "https://alm.example.com/octane/api/shared_spaces/1001/external-entity-actions/bundle" },
        { "{dialog_id}", "AAECAwQFBgcICQoLDA0ODw" },
        { "{panel_id}", "AAECAwQFBgcICQoLDA0ODw" },
        { "{xsrf_token}", "x%2Fy%2Bz%3D" },
        { "{user_identity_token}", "eyJ.payload.sig" },
        { "{query}", "%22phase%20EQ%20%7Bid%20EQ%20'phase.defect.new'%7D%22" },
        { "{all_selected}", "false" },
        { "{context_release}", "3001" },
        { "{context_sprint}", "4001" },
        { "{context_milestone}", "5001" },
        { "{context_program}", "6001" },
        { "{context_pipeline}", "7001" },
        { "{context_pipeline_run}", "8001" },
    };

    [Theory]
    [MemberData(nameof(EveryToken))]
    public void Expand_EachToken_RendersItsValue(string template, string expected) =>
        Assert.Equal(expected, UrlTemplate.Compile(template).Expand(s_values).Url);

    public static TheoryData<string, string> LiteralText => new()
    {
        { "{unknown}", "{unknown}" },
        { "{Entity_ids}", "{Entity_ids}" },
        { "{entity.a.b.c}", "{entity.a.b.c}" },
        { "{\"a\":1}", "{\"a\":1}" },
        { "{ entity_id }", "{ entity_id }" },
        { "{}", "{}" },
        { "{1abc}", "{1abc}" },
        { "{entity_ids", "{entity_ids" },
        { "{{workspace}}", "{1002}" },
        { "a{b}c{workspace}d", "a{b}c1002d" },
    };

    [Theory]
    [MemberData(nameof(LiteralText))]
    public void Expand_TextThatIsNoKnownToken_StaysLiteral(string template, string expected) =>
        Assert.Equal(expected, UrlTemplate.Compile(template).Expand(s_values).Url);

    public static TheoryData<string, string> Encodings => new()
    {
        // Unreserved: every class stays as it is.
        { "ABCXYZ", "ABCXYZ" },
        { "abcxyz", "abcxyz" },
        { "0123456789", "0123456789" },
        { "-_.!~*'()", "-_.!~*'()" },

        // Reserved and other ASCII: always %XX, upper-case hex.
        { " ", "%20" },
        { "&", "%26" },
        { "#", "%23" },
        { "=", "%3D" },
        { "+", "%2B" },
        { "%", "%25" },
        { "/", "%2F" },
        { "?", "%3F" },
        { ":", "%3A" },
        { "@", "%40" },
        { ",", "%2C" },
        { ";", "%3B" },
        { "$", "%24" },
        { "\"", "%22" },
        { "{}", "%7B%7D" },
        { "[]", "%5B%5D" },
        { "<>", "%3C%3E" },
        { "\\^`|", "%5C%5E%60%7C" },
        { "\t\n\r", "%09%0A%0D" },
        { "\0\u007f", "%00%7F" },

        // Non-ASCII: UTF-8 bytes.
        { "é", "%C3%A9" },
        { "€", "%E2%82%AC" },
        { "漢字", "%E6%BC%A2%E5%AD%97" },
        { "😀", "%F0%9F%98%80" },
        { "\U0001F468\u200D\U0001F469", "%F0%9F%91%A8%E2%80%8D%F0%9F%91%A9" },
        { "\uFFFF", "%EF%BF%BF" },

        // Lone surrogates (encodeURIComponent throws): U+FFFD.
        { "a\uD800b", "a%EF%BF%BDb" },
        { "a\uDC00", "a%EF%BF%BD" },
        { "\uD83D", "%EF%BF%BD" },
        { "\uDE00\uD83D", "%EF%BF%BD%EF%BF%BD" },
    };

    [Theory]
    [MemberData(nameof(Encodings))]
    public void EncodeComponent_Value_MatchesEncodeUriComponent(string value, string expected) =>
        Assert.Equal(expected, UrlTemplate.EncodeComponent(value));

    [Fact]
    public void EncodeComponent_EveryAsciiCharacter_MatchesTheUnreservedSet()
    {
        const string unreserved = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.!~*'()";
        for (var c = (char)0; c < 128; c++)
        {
            var expected = unreserved.Contains(c, StringComparison.Ordinal) ? c.ToString() : $"%{(int)c:X2}";
            Assert.Equal(expected, UrlTemplate.EncodeComponent(c.ToString()));
        }
    }

    [Theory]
    [InlineData("https://app.example.com/{user_login}/x", "https://app.example.com/a%2Fb%3Fc%23d%26e%3Df/x")]
    [InlineData("https://app.example.com/x?u={user_login}", "https://app.example.com/x?u=a%2Fb%3Fc%23d%26e%3Df")]
    [InlineData("https://app.example.com/x#u={user_login}", "https://app.example.com/x#u=a%2Fb%3Fc%23d%26e%3Df")]
    public void Expand_SameValueInPathQueryAndFragment_IsEncodedTheSameWay(string template, string expected) =>
        Assert.Equal(expected, UrlTemplate.Compile(template).Expand(s_values with { UserLogin = "a/b?c#d&e=f" }).Url);

    [Fact]
    public void Expand_OctaneUrlWithTrailingSlash_IsTrimmed()
    {
        var values = s_values with { OctaneUrl = "https://alm.example.com/" };
        Assert.Equal("https://alm.example.com/x", UrlTemplate.Compile("{octane_url}/x").Expand(values).Url);
    }

    [Fact]
    public void Expand_EntityIds_JoinsEncodedIdsWithRawCommas()
    {
        var values = s_values with { EntityIds = ["1", "a,b", "c d"] };
        Assert.Equal("?ids=1,a%2Cb,c%20d", UrlTemplate.Compile("?ids={entity_ids}").Expand(values).Url);
    }

    [Theory]
    [InlineData(new[] { "1", "2,3", "4" }, "1,2%2C3,4")]
    [InlineData(new[] { "1,", "2" }, "1%2C,2")]
    [InlineData(new[] { "", "2", "" }, ",2,")]
    [InlineData(new[] { "12345678901234567890", "123456789012345678 0" }, "12345678901234567890,123456789012345678%200")]
    public void Expand_IdsThatNeedEncoding_AreEncodedOneByOne(string[] ids, string expected) =>
        Assert.Equal(expected, UrlTemplate.Compile("{entity_ids}").Expand(s_values with { EntityIds = [.. ids] }).Url);

    [Fact]
    public void Expand_MoreThan500Ids_KeepsTheFirst500InOrder()
    {
        var ids = Enumerable.Range(1, 750).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var url = UrlTemplate.Compile("{entity_ids}").Expand(s_values with { EntityIds = [.. ids] }).Url;
        var sent = url.Split(',');
        Assert.Equal(TemplateDefaults.MaxEntityIds, sent.Length);
        Assert.Equal(ids[..500], sent);
    }

    [Theory]
    [InlineData(0, "", "")]
    [InlineData(1, "1", "1")]
    [InlineData(2, "1,2", "")]
    public void Expand_EntityId_IsTheIdOnlyWhenExactlyOneIsSelected(int count, string expectedIds, string expectedId)
    {
        var values = s_values with { EntityIds = [.. Enumerable.Range(1, count).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))] };
        Assert.Equal($"{expectedIds}|{expectedId}", UrlTemplate.Compile("{entity_ids}|{entity_id}").Expand(values).Url);
    }

    [Fact]
    public void Expand_AllSelected_RendersTrue() =>
        Assert.Equal("all=true", UrlTemplate.Compile("all={all_selected}").Expand(s_values with { AllSelected = true }).Url);

    [Fact]
    public void Expand_MissingOptionalValues_RenderEmpty()
    {
        var values = new TokenValues { OctaneUrl = "https://alm.example.com", SharedSpace = 1, Workspace = 2 };
        var url = UrlTemplate.Compile("{user_login}|{user_email}|{entity_ids}|{entity_id}|{entity_type}|{entity.name}|{query}|{dialog_id}|{xsrf_token}|{context_release}")
            .Expand(values).Url;
        Assert.Equal("|||||||||", url);
    }

    [Fact]
    public void Expand_IdentityTokenTwice_IsMintedOnce()
    {
        var minted = 0;
        var values = s_values with { MintIdentityToken = () => $"token{++minted}" };
        var url = UrlTemplate.Compile("https://a.example/?t={user_identity_token}#t={user_identity_token}").Expand(values).Url;
        Assert.Equal(1, minted);
        Assert.Equal("https://a.example/?t=token1#t=token1", url);
    }

    [Fact]
    public void Expand_EachExpansion_MintsItsOwnToken()
    {
        var minted = 0;
        var values = s_values with { MintIdentityToken = () => $"token{++minted}" };
        var template = UrlTemplate.Compile("?t={user_identity_token}");
        Assert.Equal("?t=token1", template.Expand(values).Url);
        Assert.Equal("?t=token2", template.Expand(values).Url);
    }

    [Fact]
    public void Expand_IdentityTokensDisabled_LeavesTheTokenLiteral() =>
        Assert.Equal(
            "https://a.example/?t={user_identity_token}",
            UrlTemplate.Compile("https://a.example/?t={user_identity_token}").Expand(s_values with { MintIdentityToken = null }).Url);

    [Fact]
    public void Expand_TemplateWithoutIdentityToken_NeverMints()
    {
        var minted = 0;
        _ = UrlTemplate.Compile("https://a.example/?u={user_login}").Expand(s_values with { MintIdentityToken = () => $"t{++minted}" });
        Assert.Equal(0, minted);
    }

    [Fact]
    public void Expand_IdentityTokenValue_IsEncoded() =>
        Assert.Equal("?t=a%2Bb%2Fc%3D", UrlTemplate.Compile("?t={user_identity_token}").Expand(s_values with { MintIdentityToken = () => "a+b/c=" }).Url);
}
