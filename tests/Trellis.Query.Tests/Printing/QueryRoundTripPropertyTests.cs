using CsCheck;
using Trellis.Query.Parsing;
using Trellis.Query.Printing;

namespace Trellis.Query.Tests.Printing;

public sealed class QueryRoundTripPropertyTests
{
    [Fact]
    public void Print_AnyTree_ParsesBackToAnEqualTree() =>
        QueryGenerators.Expression.Sample(expression =>
        {
            var printed = QueryPrinter.Print(expression);

            var reparsed = QueryParser.Parse(printed);

            Assert.True(reparsed.IsSuccess, $"'{printed}' should parse: {reparsed.Error?.Message}");
            Assert.Equal(expression, reparsed.Expression);
        }, iter: 5_000, print: e => QueryPrinter.Print(e));

    [Fact]
    public void PrintParameter_AnyTree_ParsesBackThroughTheWireForm() =>
        QueryGenerators.Expression.Sample(expression =>
        {
            var reparsed = QueryParser.ParseParameter(QueryPrinter.PrintParameter(expression));

            Assert.Equal(expression, reparsed.Expression);
        }, iter: 2_000, print: e => QueryPrinter.Print(e));

    [Fact]
    public void Parse_AnyTreeInAnyClientDialect_GivesThatTree() =>
        Gen.Select(QueryGenerators.Expression, Gen.Int).Sample((expression, seed) =>
        {
            var text = new DialectRenderer(seed).Render(expression);

            var parsed = QueryParser.Parse(text);

            Assert.True(parsed.IsSuccess, $"'{text}' should parse: {parsed.Error?.Message}");
            Assert.Equal(expression, parsed.Expression);
            Assert.Equal(QueryPrinter.Print(expression), QueryPrinter.Print(parsed.Expression));
        }, iter: 5_000, print: t => new DialectRenderer(t.Item2).Render(t.Item1));
}
