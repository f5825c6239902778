using Trellis.Query.Parsing;

namespace Trellis.Query.Tests.Parsing;

public sealed class QueryParserErrorTests
{
    public static TheoryData<string, string, int> Errors => new()
    {
        { "", QuerySyntaxCodes.Empty, 0 },
        { "   ", QuerySyntaxCodes.Empty, 0 },
        { "name ^x^", QuerySyntaxCodes.ExpectedOperator, 5 },
        { "name", QuerySyntaxCodes.ExpectedOperator, 4 },
        { "id # 1", QuerySyntaxCodes.ExpectedOperator, 3 },
        { "id NE 1", QuerySyntaxCodes.ExpectedOperator, 3 },
        { "id == 1", QuerySyntaxCodes.ExpectedValue, 4 },
        { "name EQ", QuerySyntaxCodes.ExpectedValue, 7 },
        { "name EQ abc", QuerySyntaxCodes.ExpectedValue, 8 },
        { "name EQ -x", QuerySyntaxCodes.ExpectedValue, 8 },
        { "name EQ ;", QuerySyntaxCodes.ExpectedValue, 8 },
        { "id IN 1,", QuerySyntaxCodes.ExpectedValue, 8 },
        { "id IN 1,,2", QuerySyntaxCodes.ExpectedValue, 8 },
        { "id BTW 1...", QuerySyntaxCodes.ExpectedValue, 11 },
        { "name EQ 'x", QuerySyntaxCodes.UnterminatedString, 8 },
        { "name EQ ^x", QuerySyntaxCodes.UnterminatedString, 8 },
        { "name EQ ^x\\^", QuerySyntaxCodes.UnterminatedString, 8 },
        { "name EQ 'x\\", QuerySyntaxCodes.UnterminatedString, 8 },
        { "id EQ 99999999999999999999999999999999", QuerySyntaxCodes.NumberOutOfRange, 6 },
        { "id EQ [me]", QuerySyntaxCodes.UnknownMacro, 6 },
        { "name EQ ^a\0b^", QuerySyntaxCodes.NulInString, 10 },
        { "name EQ 'x\\\0'", QuerySyntaxCodes.NulInString, 11 },
        { "id EQ [current_user", QuerySyntaxCodes.UnknownMacro, 6 },
        { ";name EQ 'x'", QuerySyntaxCodes.ExpectedField, 0 },
        { "name EQ 'x';", QuerySyntaxCodes.ExpectedField, 12 },
        { "name EQ 'x'||", QuerySyntaxCodes.ExpectedField, 13 },
        { "!!id EQ 1", QuerySyntaxCodes.ExpectedField, 1 },
        { "()", QuerySyntaxCodes.ExpectedField, 1 },
        { "\"id EQ 1\"", QuerySyntaxCodes.ExpectedField, 0 },
        { "1 EQ 1", QuerySyntaxCodes.ExpectedField, 0 },
        { "release.name EQ 'x'", QuerySyntaxCodes.ExpectedOperator, 7 },
        { "id BTW 1..5", QuerySyntaxCodes.ExpectedRange, 8 },
        { "id BTW 1;", QuerySyntaxCodes.ExpectedRange, 8 },
        { "id BTW 1,2", QuerySyntaxCodes.ExpectedRange, 8 },
        { "(name EQ 'x'", QuerySyntaxCodes.ExpectedClose, 12 },
        { "(name EQ 'x'}", QuerySyntaxCodes.ExpectedClose, 12 },
        { "name EQ {id EQ 1", QuerySyntaxCodes.ExpectedClose, 16 },
        { "name EQ {id EQ 1)", QuerySyntaxCodes.ExpectedClose, 16 },
        { "name EQ {}", QuerySyntaxCodes.ExpectedField, 9 },
        { "name EQ 'x')", QuerySyntaxCodes.ExpectedEnd, 11 },
        { "name EQ 'x'}", QuerySyntaxCodes.ExpectedEnd, 11 },
        { "name EQ 'x' name EQ 'y'", QuerySyntaxCodes.ExpectedEnd, 12 },
        { "name EQ 'x' | id EQ 1", QuerySyntaxCodes.ExpectedEnd, 12 },
        { "name EQ 'x' & id EQ 1", QuerySyntaxCodes.ExpectedEnd, 12 },
        { "id EQ 1.", QuerySyntaxCodes.ExpectedEnd, 7 },
        { "id EQ 1,2", QuerySyntaxCodes.ListNeedsIn, 7 },
        { "id GT 1,2", QuerySyntaxCodes.ListNeedsIn, 7 },
        { "id EQ 1...2", QuerySyntaxCodes.RangeNeedsBtw, 7 },
        { "id IN 1...2", QuerySyntaxCodes.RangeNeedsBtw, 7 },
        { "id IN 1,2\u20263", QuerySyntaxCodes.RangeNeedsBtw, 9 },
    };

    [Theory]
    [MemberData(nameof(Errors))]
    public void Parse_InvalidQuery_ReportsCodeAndOffset(string text, string code, int offset)
    {
        var result = QueryParser.Parse(text);

        Assert.False(result.IsSuccess);
        Assert.Null(result.Expression);
        Assert.Equal(code, result.Error.Code);
        Assert.Equal(offset, result.Error.Offset);
        Assert.Equal(1, result.Error.Line);
        Assert.Equal(offset + 1, result.Error.Column);
        Assert.Contains($"at column {offset + 1}", result.Error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingOperator_NamesTheFieldAndTheColumn()
    {
        var error = QueryParser.Parse("name ^x^").Error!;

        Assert.StartsWith("expected an operator", error.Message, StringComparison.Ordinal);
        Assert.Contains("after 'name' at column 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnclosedParenthesis_NamesWhereItOpened()
    {
        var error = QueryParser.Parse("a=1;(b=2").Error!;

        Assert.Contains("'(' at column 5", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnterminatedString_PointsAtTheOpeningQuote()
    {
        var error = QueryParser.Parse("name EQ ^abc").Error!;

        Assert.Equal(9, error.Column);
        Assert.Contains("closing ^", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SinglePipe_HintsAtDoublePipe()
    {
        var error = QueryParser.Parse("a=1|b=2").Error!;

        Assert.Contains("'||'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ListAfterEq_SaysListsNeedIn()
    {
        var error = QueryParser.Parse("id EQ '1','2'").Error!;

        Assert.Contains("needs IN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ErrorOnSecondLine_ReportsLineAndColumn()
    {
        var error = QueryParser.Parse("name EQ 'x';\n  id ^1^").Error!;

        Assert.Equal(QuerySyntaxCodes.ExpectedOperator, error.Code);
        Assert.Equal(18, error.Offset);
        Assert.Equal(2, error.Line);
        Assert.Equal(6, error.Column);
        Assert.Contains("line 2, column 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NestingBeyondTheLimit_IsTooDeep()
    {
        var depth = QueryParser.MaxDepth + 1;
        var text = new string('(', depth) + "a=1" + new string(')', depth);

        var error = QueryParser.Parse(text).Error!;

        Assert.Equal(QuerySyntaxCodes.TooDeep, error.Code);
        Assert.Equal(QueryParser.MaxDepth, error.Offset);
    }

    [Fact]
    public void Parse_CrossFiltersBeyondTheLimit_AreTooDeep()
    {
        var text = string.Concat(Enumerable.Repeat("a={", QueryParser.MaxDepth + 1)) + "b=1" + new string('}', QueryParser.MaxDepth + 1);

        Assert.Equal(QuerySyntaxCodes.TooDeep, QueryParser.Parse(text).Error!.Code);
    }

    [Fact]
    public void Parse_HugelyNestedInput_ReturnsAnErrorInsteadOfOverflowingTheStack()
    {
        var text = new string('(', 200_000);

        Assert.Equal(QuerySyntaxCodes.TooDeep, QueryParser.Parse(text).Error!.Code);
    }

    public static TheoryData<string, string, int> ParameterErrors => new()
    {
        { "\"name ^x^\"", QuerySyntaxCodes.ExpectedOperator, 6 },
        { "  \"name ^x^\"  ", QuerySyntaxCodes.ExpectedOperator, 8 },
        { "\"\"", QuerySyntaxCodes.Empty, 1 },
        { "\"  \"", QuerySyntaxCodes.Empty, 1 },
        { "", QuerySyntaxCodes.Empty, 0 },
        { "\"", QuerySyntaxCodes.ExpectedField, 0 },
        { "\"name EQ 'x'", QuerySyntaxCodes.ExpectedField, 0 },
        { "name EQ 'x'\"", QuerySyntaxCodes.ExpectedEnd, 11 },
        { "\"\"name EQ 'x'\"\"", QuerySyntaxCodes.ExpectedField, 1 },
    };

    [Theory]
    [MemberData(nameof(ParameterErrors))]
    public void ParseParameter_InvalidValue_ReportsOffsetInTheRawValue(string value, string code, int offset)
    {
        var error = QueryParser.ParseParameter(value).Error!;

        Assert.Equal(code, error.Code);
        Assert.Equal(offset, error.Offset);
        Assert.Equal(offset + 1, error.Column);
    }

    [Fact]
    public void Parse_Null_IsACallerBug() =>
        Assert.Throws<ArgumentNullException>(() => QueryParser.Parse(null!));
}
