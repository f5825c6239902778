using CsCheck;
using Trellis.Query.Parsing;

namespace Trellis.Query.Tests.Parsing;

public sealed class QueryParserPropertyTests
{
    private static readonly Gen<string> s_anyText = Gen.String;

    // Characters the grammar cares about, so that random text often gets deep into the parser.
    private static readonly Gen<string> s_queryishText =
        Gen.Char["abinEQINBTWLGTnul_ 0123456789()'^{}[]!;|,.\u2026=<>-\\\"*\n"].Array[0, 60].Select(chars => new string(chars));

    // Whole tokens in random order: many of these parse, so the round trip below is exercised.
    private static readonly Gen<string> s_tokenSoup = Gen.OneOf(
            "name", "id", " EQ ", "=", " IN ", " BTW ", "<", ">=", "'a'", "^b^", "'it\\'s'", "1", "-2.5", ",", "...", ";",
            "||", "!", "(", ")", "{", "}", "{null}", "null", "true", "[current_user]", " ", "release={id=1}")
        .Array[1, 25]
        .Select(parts => string.Concat(parts));

    [Fact]
    public void Parse_AnyText_NeverThrowsAndLocatesErrorsInsideTheText() =>
        Gen.OneOf(s_anyText, s_queryishText, s_tokenSoup).Sample(text =>
        {
            var result = QueryParser.Parse(text);
            if (!result.IsSuccess)
            {
                Assert.InRange(result.Error.Offset, 0, text.Length);
                Assert.True(result.Error.Line >= 1);
                Assert.InRange(result.Error.Column, 1, text.Length + 1);
                Assert.False(string.IsNullOrEmpty(result.Error.Code));
            }
        }, iter: 20_000);

    [Fact]
    public void ParseParameter_AnyText_NeverThrowsAndLocatesErrorsInsideTheText() =>
        Gen.OneOf(s_anyText, s_queryishText, s_tokenSoup.Select(t => "\"" + t + "\"")).Sample(text =>
        {
            var result = QueryParser.ParseParameter(text);
            if (!result.IsSuccess)
            {
                Assert.InRange(result.Error.Offset, 0, text.Length);
                Assert.InRange(result.Error.Column, 1, text.Length + 1);
            }
        }, iter: 20_000);

    [Fact]
    public void Parse_ValidQueryWithOneCharacterChanged_NeverThrows() =>
        Gen.Select(QueryGenerators.Expression, Gen.Int, Gen.Int[0, 1000], Gen.Char["'^\\(){};|,.!=\" a1"])
            .Sample((expression, seed, at, inserted) =>
            {
                var text = new DialectRenderer(seed).Render(expression);
                var position = at % (text.Length + 1);
                var dropped = position < text.Length ? text.Remove(position, 1) : text;
                var added = text.Insert(position, inserted.ToString());

                foreach (var mutant in new[] { dropped, added })
                {
                    var result = QueryParser.Parse(mutant);
                    Assert.True(result.IsSuccess || result.Error.Offset <= mutant.Length);
                }
            }, iter: 5_000);
}
