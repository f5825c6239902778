using Trellis.Query.Parsing;
using Trellis.Query.Syntax;
using static Trellis.Query.Tests.Ast;

namespace Trellis.Query.Tests.Parsing;

public sealed class QueryParserTests
{
    public static TheoryData<string, QueryExpression> Operators => new()
    {
        { "a EQ 1", Eq("a", N(1)) },
        { "a = 1", Eq("a", N(1)) },
        { "a=1", Eq("a", N(1)) },
        { "a LT 1", Cmp("a", ComparisonOperator.LessThan, N(1)) },
        { "a<1", Cmp("a", ComparisonOperator.LessThan, N(1)) },
        { "a GT 1", Cmp("a", ComparisonOperator.GreaterThan, N(1)) },
        { "a>1", Cmp("a", ComparisonOperator.GreaterThan, N(1)) },
        { "a LE 1", Cmp("a", ComparisonOperator.LessOrEqual, N(1)) },
        { "a<=1", Cmp("a", ComparisonOperator.LessOrEqual, N(1)) },
        { "a GE 1", Cmp("a", ComparisonOperator.GreaterOrEqual, N(1)) },
        { "a>=1", Cmp("a", ComparisonOperator.GreaterOrEqual, N(1)) },
        { "a IN 1", In("a", N(1)) },
        { "a IN 1,2,3", In("a", N(1), N(2), N(3)) },
        { "a IN 'x' , 'y'", In("a", S("x"), S("y")) },
        { "a BTW 1...5", Btw("a", N(1), N(5)) },
        { "a BTW 1\u20265", Btw("a", N(1), N(5)) },
        { "a BTW 1 ... 5", Btw("a", N(1), N(5)) },
        { "a BTW 1.5...2.5", Btw("a", N(1.5m), N(2.5m)) },
        { "a BTW -5...-1", Btw("a", N(-5), N(-1)) },
        { "a BTW 'a'...'b'", Btw("a", S("a"), S("b")) },
        { "a eq 1", Eq("a", N(1)) },
        { "a Eq 1", Eq("a", N(1)) },
        { "a lt 1", Cmp("a", ComparisonOperator.LessThan, N(1)) },
        { "a in 1,2", In("a", N(1), N(2)) },
        { "a btw 1...2", Btw("a", N(1), N(2)) },
        { "risk_udf GE 3", Cmp("risk_udf", ComparisonOperator.GreaterOrEqual, N(3)) },
        { "_x9 EQ 1", Eq("_x9", N(1)) },
    };

    [Theory]
    [MemberData(nameof(Operators))]
    public void Parse_EachOperatorForm_GivesItsNode(string text, QueryExpression expected) =>
        Assert.Equal(expected, ParseOk(text));

    public static TheoryData<string, QueryValue> Values => new()
    {
        { "^x^", S("x") },
        { "'x'", S("x") },
        { "''", S("") },
        { "^^", S("") },
        { "'a b  c'", S("a b  c") },
        { @"^a\^b^", S("a^b") },
        { @"'a\'b'", S("a'b") },
        { @"'a\\b'", S(@"a\b") },
        { @"'\n'", S("n") },
        { "'a^b'", S("a^b") },
        { "^a'b^", S("a'b") },
        { "'x;y||z(){}[]!,='", S("x;y||z(){}[]!,=") },
        { "'\u65e5\u672c \ud83d\ude00 \u00e9'", S("\u65e5\u672c \ud83d\ude00 \u00e9") },
        { "'*abc*'", S("*abc*") },
        { "1001", N(1001) },
        { "0", N(0) },
        { "007", N(7) },
        { "-5", N(-5) },
        { "2.5", N(2.5m) },
        { "-0.25", N(-0.25m) },
        { "50000000", N(50000000) },
        { "true", new BooleanValue(true) },
        { "TRUE", new BooleanValue(true) },
        { "False", new BooleanValue(false) },
        { "null", NullValue.Instance },
        { "NULL", NullValue.Instance },
        { "{null}", NullReferenceValue.Instance },
        { "{ NULL }", NullReferenceValue.Instance },
        { "{id EQ 1}", X(Eq("id", N(1))) },
        { "{ id = 1 ; name = 'a' }", X(And(Eq("id", N(1)), Eq("name", S("a")))) },
        { "{null EQ 1}", X(Eq("null", N(1))) },
        { "[current_user]", new MacroValue(QueryMacro.CurrentUser) },
        { "[current_release]", new MacroValue(QueryMacro.CurrentRelease) },
        { "[Current_Release]", new MacroValue(QueryMacro.CurrentRelease) },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Parse_EachValueForm_GivesItsValue(string value, QueryValue expected) =>
        Assert.Equal(Eq("f", expected), ParseOk("f EQ " + value));

    public static TheoryData<string, QueryExpression> Precedence => new()
    {
        { "a=1;b=2||c=3", Or(And(Eq("a", N(1)), Eq("b", N(2))), Eq("c", N(3))) },
        { "a=1||b=2;c=3", Or(Eq("a", N(1)), And(Eq("b", N(2)), Eq("c", N(3)))) },
        { "a=1;b=2;c=3", And(Eq("a", N(1)), Eq("b", N(2)), Eq("c", N(3))) },
        { "a=1||b=2||c=3", Or(Eq("a", N(1)), Eq("b", N(2)), Eq("c", N(3))) },
        { "!a=1;b=2", And(Not(Eq("a", N(1))), Eq("b", N(2))) },
        { "!a=1||b=2", Or(Not(Eq("a", N(1))), Eq("b", N(2))) },
        { "!(a=1;b=2)", Not(And(Eq("a", N(1)), Eq("b", N(2)))) },
        { "!(!a=1)", Not(Not(Eq("a", N(1)))) },
        { "(a=1||b=2);c=3", And(Or(Eq("a", N(1)), Eq("b", N(2))), Eq("c", N(3))) },
        { "((a=1))", Eq("a", N(1)) },
        { "(a=1;b=2);c=3", And(Eq("a", N(1)), Eq("b", N(2)), Eq("c", N(3))) },
        { "a=1;(b=2;c=3)", And(Eq("a", N(1)), Eq("b", N(2)), Eq("c", N(3))) },
        { "a=1||(b=2||c=3)", Or(Eq("a", N(1)), Eq("b", N(2)), Eq("c", N(3))) },
        { "(a=1;b=2)||c=3", Or(And(Eq("a", N(1)), Eq("b", N(2))), Eq("c", N(3))) },
        { "! ( a=1 )", Not(Eq("a", N(1))) },
    };

    [Theory]
    [MemberData(nameof(Precedence))]
    public void Parse_Operators_BindParenthesesThenNotThenAndThenOr(string text, QueryExpression expected) =>
        Assert.Equal(expected, ParseOk(text));

    [Fact]
    public void Parse_WhitespaceAnywhereBetweenTokens_IsIgnored()
    {
        var spaced = ParseOk(" \t name \n EQ\r\n'x'  ;  ! ( id   IN  1 ,\t2 )  ||  d BTW 1 \u2026 2 ");
        var tight = ParseOk("name EQ 'x';!(id IN 1,2)||d BTW 1...2");

        Assert.Equal(tight, spaced);
    }

    [Fact]
    public void Parse_NestedCrossFilters_NestValues()
    {
        var parsed = ParseOk("phase={metaphase={name EQ ^Done^}}");

        Assert.Equal(Eq("phase", X(Eq("metaphase", X(Eq("name", S("Done")))))), parsed);
    }

    [Fact]
    public void Parse_InListOfCrossFilters_KeepsEachFilter()
    {
        var parsed = ParseOk("release IN {id EQ 1},{name EQ 'R2'}");

        Assert.Equal(In("release", X(Eq("id", N(1))), X(Eq("name", S("R2")))), parsed);
    }

    [Fact]
    public void Parse_CrossFilterWithOrInside_KeepsTheOrInsideTheValue()
    {
        var parsed = ParseOk("owner={name='a'||name='b'};id=1");

        Assert.Equal(And(Eq("owner", X(Or(Eq("name", S("a")), Eq("name", S("b"))))), Eq("id", N(1))), parsed);
    }

    [Fact]
    public void Parse_InListOf500Ids_KeepsAllInOrder()
    {
        var ids = Enumerable.Range(1000, 500).Select(i => $"'{i}'");

        var parsed = Assert.IsType<InExpression>(ParseOk("id IN " + string.Join(',', ids)));

        Assert.Equal(500, parsed.Values.Length);
        Assert.Equal(S("1000"), parsed.Values[0]);
        Assert.Equal(S("1499"), parsed.Values[^1]);
    }

    [Fact]
    public void Parse_NestingAtTheLimit_Parses()
    {
        var depth = QueryParser.MaxDepth;
        var text = new string('(', depth) + "a=1" + new string(')', depth);

        Assert.Equal(Eq("a", N(1)), ParseOk(text));
    }

    [Fact]
    public void Parse_SameTextTwice_GivesEqualTreesWithEqualHashCodes()
    {
        const string text = "id IN 1,2;(a='x'||!b={c IN 'y','z'})";

        var first = ParseOk(text);
        var second = ParseOk(text);

        Assert.NotSame(first, second);
        Assert.Equal(first, second);
        Assert.Equal(first.GetHashCode(), second.GetHashCode());
    }

    [Theory]
    [InlineData("id IN 1,2", "id IN 2,1")]
    [InlineData("a=1;b=2", "b=2;a=1")]
    [InlineData("a=1;b=2", "a=1||b=2")]
    [InlineData("a='1'", "a=1")]
    [InlineData("a=null", "a={null}")]
    [InlineData("a IN 1", "a EQ 1")]
    public void Parse_DifferentFilters_GiveUnequalTrees(string left, string right) =>
        Assert.NotEqual(ParseOk(left), ParseOk(right));
}
