using Trellis.Query.Parsing;
using Trellis.Query.Printing;
using Trellis.Query.Syntax;
using static Trellis.Query.Tests.Ast;

namespace Trellis.Query.Tests.Printing;

public sealed class QueryPrinterTests
{
    public static TheoryData<QueryExpression, string> Canonical => new()
    {
        { Eq("name", S("x")), "name EQ 'x'" },
        { Cmp("id", ComparisonOperator.LessThan, N(5)), "id LT 5" },
        { Cmp("id", ComparisonOperator.GreaterThan, N(-2.5m)), "id GT -2.5" },
        { Cmp("id", ComparisonOperator.LessOrEqual, N(1.50m)), "id LE 1.50" },
        { Cmp("id", ComparisonOperator.GreaterOrEqual, N(0)), "id GE 0" },
        { In("id", S("1"), S("2")), "id IN '1','2'" },
        { Btw("id", N(1), N(5)), "id BTW 1...5" },
        { Eq("name", S("it's")), @"name EQ 'it\'s'" },
        { Eq("path", S(@"a\b")), @"path EQ 'a\\b'" },
        { Eq("name", S("^caret^ \"quoted\" *")), "name EQ '^caret^ \"quoted\" *'" },
        { Eq("name", S("\u65e5\u672c")), "name EQ '\u65e5\u672c'" },
        { Eq("flag", new BooleanValue(true)), "flag EQ true" },
        { Eq("flag", new BooleanValue(false)), "flag EQ false" },
        { Eq("name", NullValue.Instance), "name EQ null" },
        { Eq("release", NullReferenceValue.Instance), "release EQ {null}" },
        { Eq("owner", new MacroValue(QueryMacro.CurrentUser)), "owner EQ [current_user]" },
        { Eq("release", new MacroValue(QueryMacro.CurrentRelease)), "release EQ [current_release]" },
        { Eq("release", X(Eq("id", S("1001")))), "release EQ {id EQ '1001'}" },
        { Eq("phase", X(Eq("metaphase", X(Eq("name", S("Done")))))), "phase EQ {metaphase EQ {name EQ 'Done'}}" },
        { And(Eq("a", N(1)), Eq("b", N(2))), "a EQ 1;b EQ 2" },
        { Or(Eq("a", N(1)), Eq("b", N(2))), "a EQ 1||b EQ 2" },
        { Or(And(Eq("a", N(1)), Eq("b", N(2))), Eq("c", N(3))), "a EQ 1;b EQ 2||c EQ 3" },
        { And(Or(Eq("a", N(1)), Eq("b", N(2))), Eq("c", N(3))), "(a EQ 1||b EQ 2);c EQ 3" },
        { Not(Eq("a", N(1))), "!a EQ 1" },
        { Not(In("a", N(1), N(2))), "!a IN 1,2" },
        { Not(And(Eq("a", N(1)), Eq("b", N(2)))), "!(a EQ 1;b EQ 2)" },
        { Not(Or(Eq("a", N(1)), Eq("b", N(2)))), "!(a EQ 1||b EQ 2)" },
        { Not(Not(Eq("a", N(1)))), "!(!a EQ 1)" },
        { Eq("owner", X(Or(Eq("name", S("a")), Eq("name", S("b"))))), "owner EQ {name EQ 'a'||name EQ 'b'}" },
    };

    [Theory]
    [MemberData(nameof(Canonical))]
    public void Print_EachNode_WritesTheCanonicalForm(QueryExpression expression, string expected)
    {
        var printed = QueryPrinter.Print(expression);

        Assert.Equal(expected, printed);
        Assert.Equal(expression, Ast.ParseOk(printed));
    }

    [Theory]
    [InlineData("release={id='1001'}", "release EQ {id EQ '1001'}")]
    [InlineData("(id='1'||id='2')", "id EQ '1'||id EQ '2'")]
    [InlineData("(id IN '1', '2')", "id IN '1','2'")]
    [InlineData("id BTW ^1^...^5^", "id BTW '1'...'5'")]
    [InlineData("(name EQ 'v');(id GT 5)", "name EQ 'v';id GT 5")]
    [InlineData("a btw 1 \u2026 2", "a BTW 1...2")]
    [InlineData("name = ^it's^", @"name EQ 'it\'s'")]
    [InlineData("f EQ { NULL }", "f EQ {null}")]
    [InlineData("f EQ TRUE", "f EQ true")]
    [InlineData("f EQ [CURRENT_USER]", "f EQ [current_user]")]
    public void Print_ClientDialect_NormalisesToEqInDialect(string text, string expected) =>
        Assert.Equal(expected, QueryPrinter.Print(Ast.ParseOk(text)));

    [Fact]
    public void PrintParameter_Filter_WrapsInOnePairOfQuotes()
    {
        var printed = QueryPrinter.PrintParameter(Eq("phase", X(Eq("id", S("phase.defect.new")))));

        Assert.Equal("\"phase EQ {id EQ 'phase.defect.new'}\"", printed);
        Assert.Equal(Eq("phase", X(Eq("id", S("phase.defect.new")))), QueryParser.ParseParameter(printed).Expression);
    }

    [Fact]
    public void ToString_Expression_IsTheCanonicalText() =>
        Assert.Equal("id IN 1,2;name EQ 'x'", And(In("id", N(1), N(2)), Eq("name", S("x"))).ToString());

    [Fact]
    public void ToString_Value_IsTheCanonicalText() =>
        Assert.Equal(@"'a\'b'", S("a'b").ToString());

    [Fact]
    public void Print_LongInList_HasEveryValue()
    {
        var values = Enumerable.Range(1, 500).Select(i => (QueryValue)S(i.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToArray();

        var printed = QueryPrinter.Print(In("id", values));

        Assert.StartsWith("id IN '1','2',", printed, StringComparison.Ordinal);
        Assert.EndsWith(",'500'", printed, StringComparison.Ordinal);
    }
}
