using System.Text;
using CsCheck;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Tests.Templates;

/// <summary>Apps split on <c>&amp;</c> and <c>=</c>, then decode each part (docs/reference/launches.md#values-and-encoding); values must come back exactly.</summary>
public sealed class UrlTemplateEncodingPropertyTests
{
    private const string Template =
        "https://app.example.com/p/{entity.a}?a={entity.a}&b={entity.b}&login={user_login}&ids={entity_ids}#c={entity.c}&mail={user_email}&b={entity.b}";

    // Every ASCII character often, any Unicode scalar (astral planes included) sometimes.
    private static readonly Gen<string> s_text = Gen.Frequency(
            (3, Gen.Int[0, 127].Select(c => ((char)c).ToString())),
            (1, Gen.Int[0x80, 0x10FFFF].Where(c => c is < 0xD800 or > 0xDFFF).Select(char.ConvertFromUtf32)),
            (1, Gen.Int[0x1F300, 0x1FAFF].Select(char.ConvertFromUtf32)))
        .Array[0, 24]
        .Select(parts => string.Concat(parts));

    [Fact]
    public void Expand_ArbitraryUnicodeValues_DecodeBackExactlyFromQueryAndFragment()
    {
        var template = UrlTemplate.Compile(Template);
        Gen.Select(s_text, s_text, s_text, s_text, s_text, s_text).Sample((a, b, c, login, mail, id) =>
        {
            var values = new TokenValues
            {
                UserLogin = login,
                UserEmail = mail,
                EntityIds = [id, "2"],
                Entity = FieldValue.OfReference("1", [new("a", FieldValue.OfString(a)), new("b", FieldValue.OfString(b)), new("c", FieldValue.OfString(c))]),
            };
            var url = template.Expand(values).Url;

            var hash = url.IndexOf('#', StringComparison.Ordinal);
            var question = url.IndexOf('?', StringComparison.Ordinal);
            Assert.True(question > 0 && hash > question);
            Assert.Equal("/p/" + UrlTemplate.EncodeComponent(a), url[(url.IndexOf("/p/", StringComparison.Ordinal))..question]);

            var query = Parse(url[(question + 1)..hash]);
            Assert.Equal([("a", a), ("b", b), ("login", login), ("ids", id + ",2")], query);

            var fragment = Parse(url[(hash + 1)..]);
            Assert.Equal([("c", c), ("mail", mail), ("b", b)], fragment);
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void EncodeComponent_ArbitraryUnicode_AgreesWithUriEscapeDataStringExceptForTheMarks()
    {
        // RFC 3986 escapes ! * ' ( ), which encodeURIComponent keeps; apart from those the two agree byte for byte.
        s_text.Sample(value =>
        {
            var expected = new StringBuilder(Uri.EscapeDataString(value))
                .Replace("%21", "!").Replace("%2A", "*").Replace("%27", "'").Replace("%28", "(").Replace("%29", ")")
                .ToString();
            Assert.Equal(expected, UrlTemplate.EncodeComponent(value));
        }, iter: 2000, threads: 1);
    }

    [Fact]
    public void Expand_EntityIdsWithCommas_SplitOnRawCommasAndDecodeBack()
    {
        s_text.Array[1, 6].Sample(ids =>
        {
            var url = UrlTemplate.Compile("{entity_ids}").Expand(new TokenValues { EntityIds = [.. ids] }).Url;
            Assert.Equal(ids, url.Split(',').Select(Uri.UnescapeDataString).ToArray());
        }, iter: 1000, threads: 1);
    }

    private static List<(string Name, string Value)> Parse(string part) =>
        [.. part.Split('&').Select(pair => pair.Split('=')).Select(kv => (Uri.UnescapeDataString(kv[0]), Uri.UnescapeDataString(kv[1])))];
}
