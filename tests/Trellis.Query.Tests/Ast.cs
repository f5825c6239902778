using Trellis.Query.Parsing;
using Trellis.Query.Syntax;

namespace Trellis.Query.Tests;

// Short builders so a table row reads like the query it stands for.
internal static class Ast
{
    public static ComparisonExpression Eq(string field, QueryValue value) => new(field, ComparisonOperator.Equal, value);

    public static ComparisonExpression Cmp(string field, ComparisonOperator op, QueryValue value) => new(field, op, value);

    public static InExpression In(string field, params QueryValue[] values) => new(field, [.. values]);

    public static BetweenExpression Btw(string field, QueryValue low, QueryValue high) => new(field, low, high);

    public static AndExpression And(params QueryExpression[] operands) => new([.. operands]);

    public static OrExpression Or(params QueryExpression[] operands) => new([.. operands]);

    public static NotExpression Not(QueryExpression operand) => new(operand);

    public static StringValue S(string value) => new(value);

    public static NumberValue N(decimal value) => new(value);

    public static CrossFilterValue X(QueryExpression filter) => new(filter);

    public static QueryExpression ParseOk(string text)
    {
        var result = QueryParser.Parse(text);
        Assert.True(result.IsSuccess, $"'{text}' should parse: {result.Error?.Message}");
        return result.Expression;
    }

    public static QueryExpression ParseParameterOk(string value)
    {
        var result = QueryParser.ParseParameter(value);
        Assert.True(result.IsSuccess, $"'{value}' should parse: {result.Error?.Message}");
        return result.Expression;
    }
}
