using CsCheck;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Tests.Templates;

public sealed class UrlTemplateScanTests
{
    public static TheoryData<string, string> Templates => new()
    {
        { "https://x/?a={entity_ids}#b={entity_type}", "EntityIds@13,EntityType#@28" },
        { "{bundle_url}/p.txt", "BundleUrl@0" },
        { "{entity.release.name}{entity.a.b.c}{entity}", "EntityField@0,Unknown@21,Unknown@35" },
        { "{} {a.} {a..b} {1a} {.a} {a b} {a", "" },
        { "x#{panel_id}#{dialog_id}", "PanelId#@2,DialogId#@13" },
        { "{{query}}", "Query@1" },
        { "{\"json\":1}{_x.y_1}", "Unknown@10" },
    };

    [Theory]
    [MemberData(nameof(Templates))]
    public void ScanTokens_Template_FindsTokensWithKindOffsetAndFragment(string template, string expected)
    {
        var found = new List<string>();
        var tokens = UrlTemplate.ScanTokens(template);
        while (tokens.MoveNext())
        {
            found.Add($"{tokens.Kind}{(tokens.InFragment ? "#" : "")}@{tokens.Offset}");
        }

        Assert.Equal(expected, string.Join(",", found));
    }

    [Fact]
    public void ScanTokens_AnyTemplate_AgreesWithCompile()
    {
        var piece = Gen.OneOf(
            Gen.OneOf("{", "}", "#", ".", "_", "a", "Z", "9", " ", "entity", "{entity.", "{entity_ids}", "{bundle_url}", "{query}", "{x.y}", "é"),
            Gen.String[0, 4]);
        piece.Array[0, 20].Select(parts => string.Concat(parts)).Sample(template =>
        {
            var expected = UrlTemplate.Compile(template).Tokens.Select(t => (t.Kind, t.Name, t.Offset, t.InFragment, t.IsTooDeepEntityField));
            var actual = new List<(TokenKind, string, int, bool, bool)>();
            var tokens = UrlTemplate.ScanTokens(template);
            while (tokens.MoveNext())
            {
                actual.Add((tokens.Kind, tokens.Name.ToString(), tokens.Offset, tokens.InFragment, tokens.IsTooDeepEntityField));
            }

            Assert.Equal(expected, actual);
        }, iter: 5000, print: t => t);
    }
}
