using System.Collections.Immutable;
using CsCheck;
using Trellis.Query.Syntax;

namespace Trellis.Query.Tests;

// Trees for the property tests: every node and value kind, nested cross filters, and strings full of the
// characters the grammar cares about. AND and OR are generated flat, the shape the parser gives.
internal static class QueryGenerators
{
    public static readonly Gen<string> Field = Gen.OneOf(
        Gen.OneOf("id", "name", "release", "phase", "user_tags", "subtype", "risk_udf", "null", "EQ", "true", "IN", "BTW"),
        Gen.Select(
            Gen.Char["abcxyzABCZ_"],
            Gen.Char["abcz09_XY"].Array[0, 8],
            (first, rest) => first + new string(rest)));

    // Quotes, backslashes, carets, stars, separators, whitespace and non-ASCII text, plus anything at all.
    public static readonly Gen<string> Text = Gen.OneOf(
        Gen.Char["ab'\\^\"*;|,(){}[]!=<> .\u2026\t\n\u00e9\u65e5\ud83d\ude00"].Array[0, 12].Select(chars => new string(chars)),
        Gen.String);

    public static readonly Gen<decimal> Number = Gen.OneOf(
        Gen.Int.Select(i => (decimal)i),
        Gen.Select(Gen.Long, Gen.Int[0, 8], (units, scale) => new decimal(units) / (decimal)Math.Pow(10, scale)),
        Gen.Decimal);

    public static readonly Gen<QueryValue> Scalar = Gen.OneOf<QueryValue>(
        Text.Select(text => (QueryValue)new StringValue(text)),
        Number.Select(number => (QueryValue)new NumberValue(number)),
        Gen.Bool.Select(b => (QueryValue)new BooleanValue(b)),
        Gen.Const<QueryValue>(NullValue.Instance),
        Gen.Const<QueryValue>(NullReferenceValue.Instance),
        Gen.OneOf(QueryMacro.CurrentUser, QueryMacro.CurrentRelease).Select(m => (QueryValue)new MacroValue(m)));

    public static readonly Gen<QueryExpression> Expression = Gen.Recursive<QueryExpression>((depth, self) =>
    {
        var value = depth < 3
            ? Gen.Frequency((4, Scalar), (1, self.Select(filter => (QueryValue)new CrossFilterValue(filter))))
            : Scalar;
        var op = Gen.OneOf(Enum.GetValues<ComparisonOperator>());
        var leaf = Gen.OneOf<QueryExpression>(
            Gen.Select(Field, op, value, (f, o, v) => (QueryExpression)new ComparisonExpression(f, o, v)),
            Gen.Select(Field, value.Array[1, 5], (f, vs) => (QueryExpression)new InExpression(f, [.. vs])),
            Gen.Select(Field, value, value, (f, lo, hi) => (QueryExpression)new BetweenExpression(f, lo, hi)));
        if (depth >= 4)
        {
            return leaf;
        }

        return Gen.Frequency(
            (3, leaf),
            (1, self.Select(e => (QueryExpression)new NotExpression(e))),
            (1, self.Array[2, 4].Select(operands => (QueryExpression)new AndExpression(Flatten<AndExpression>(operands)))),
            (1, self.Array[2, 4].Select(operands => (QueryExpression)new OrExpression(Flatten<OrExpression>(operands)))));
    });

    private static ImmutableArray<QueryExpression> Flatten<T>(QueryExpression[] operands)
        where T : QueryExpression =>
        [.. operands.SelectMany(o => o switch
        {
            AndExpression inner when typeof(T) == typeof(AndExpression) => inner.Operands.AsEnumerable(),
            OrExpression inner when typeof(T) == typeof(OrExpression) => inner.Operands.AsEnumerable(),
            _ => [o],
        })];
}
