using Trellis.Query.Syntax;
using static Trellis.Query.Tests.Ast;

namespace Trellis.Query.Tests.Parsing;

// What each real client puts in the query parameter, as the server sees it after form decoding (docs/reference/rest.md#urls-and-parameters).
public sealed class QueryParserDialectTests
{
    // JS SDK lib/query.ts: ^…^ strings, EQ/LT/GT/LE/GE/IN/BTW keywords, no spaces around ";" and "||", value inside "…".
    [Fact]
    public void ParseParameter_JsSdkQuotedCaretString_StripsQuotesAndReadsString() =>
        Assert.Equal(Eq("id", S("1001")), ParseParameterOk("\"id EQ ^1001^\""));

    [Fact]
    public void ParseParameter_JsSdkGroupedOr_DropsTheParentheses() =>
        Assert.Equal(Or(Eq("name", S("a")), Eq("name", S("b"))), ParseParameterOk("\"(name EQ ^a^||name EQ ^b^)\""));

    [Fact]
    public void Parse_JsSdkNotEqual_NegatesOnlyTheCondition() =>
        Assert.Equal(Not(Eq("id", S("5"))), ParseOk("!id EQ ^5^"));

    [Fact]
    public void Parse_JsSdkNegatedAnd_NegatesEachSide() =>
        Assert.Equal(
            And(Not(Cmp("id", ComparisonOperator.GreaterOrEqual, N(5028))), Not(Eq("name", S("test")))),
            ParseOk("!id GE 5028;!name EQ ^test^"));

    [Fact]
    public void Parse_JsSdkNegatedGroups_NegatesEachGroup() =>
        Assert.Equal(
            And(Not(Cmp("id", ComparisonOperator.GreaterOrEqual, N(5028))), Not(Eq("name", S("test")))),
            ParseOk("!(id GE 5028);!(name EQ ^test^)"));

    [Fact]
    public void Parse_JsSdkDateWithMilliseconds_IsAStringThatReadsAsADate()
    {
        var parsed = Assert.IsType<ComparisonExpression>(ParseOk("creation_time GT ^2016-01-01T00:00:00.000Z^"));

        Assert.Equal(ComparisonOperator.GreaterThan, parsed.Operator);
        var value = Assert.IsType<StringValue>(parsed.Value);
        Assert.Equal(new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero), value.ReadDate());
    }

    [Fact]
    public void Parse_JsSdkCrossFilter_IsACrossFilterValue() =>
        Assert.Equal(Eq("release", X(Eq("id", S("1001")))), ParseOk("release EQ {id EQ ^1001^}"));

    [Fact]
    public void Parse_JsSdkCrossFilterWithNumber_KeepsTheNumber() =>
        Assert.Equal(
            And(Eq("user_tags", X(Eq("id", N(1001)))), Eq("user_tags", X(Eq("id", N(50000000))))),
            ParseOk("user_tags EQ {id EQ 1001};user_tags EQ {id EQ 50000000}"));

    [Fact]
    public void Parse_JsSdkInWithCarets_ListsStrings() =>
        Assert.Equal(In("id", S("1"), S("2")), ParseOk("id IN ^1^,^2^"));

    [Fact]
    public void Parse_JsSdkInWithNumbers_ListsNumbers() =>
        Assert.Equal(In("id", N(1), N(2), N(3)), ParseOk("id IN 1,2,3"));

    [Fact]
    public void Parse_JsSdkBetweenWithCarets_IsInclusiveRangeOfStrings() =>
        Assert.Equal(Btw("id", S("1"), S("5")), ParseOk("id BTW ^1^...^5^"));

    [Fact]
    public void Parse_JsSdkBetweenDates_ReadsBothBounds()
    {
        var parsed = Assert.IsType<BetweenExpression>(ParseOk("date BTW ^2024-05-01T10:00:00.000Z^...^2024-05-01T10:16:40.000Z^"));

        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 0, 0, TimeSpan.Zero), Assert.IsType<StringValue>(parsed.Low).ReadDate());
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 10, 16, 40, TimeSpan.Zero), Assert.IsType<StringValue>(parsed.High).ReadDate());
    }

    [Fact]
    public void Parse_JsSdkNullReference_IsNullReferenceValue() =>
        Assert.Equal(Eq("reference", NullReferenceValue.Instance), ParseOk("reference EQ {null}"));

    [Fact]
    public void Parse_JsSdkNull_IsNullValue() =>
        Assert.Equal(Eq("string", NullValue.Instance), ParseOk("string EQ null"));

    [Fact]
    public void Parse_JsSdkNoValueOr_MixesCrossFilterAndNullReference() =>
        Assert.Equal(
            Or(Eq("user_tags", X(Eq("id", N(1001)))), Eq("user_tags", NullReferenceValue.Instance)),
            ParseOk("user_tags EQ {id EQ 1001}||user_tags EQ {null}"));

    // C# SDK QueryBuilder: '…' strings, "=" with no spaces, OR phrases in parentheses, cross filters as field={…}.
    [Fact]
    public void Parse_CSharpSdkEqualsWithoutSpaces_IsTheSameAsEq() =>
        Assert.Equal(ParseOk("name EQ 'x'"), ParseOk("name='x'"));

    [Fact]
    public void Parse_CSharpSdkGroupedOrOfOneField_IsAnOr() =>
        Assert.Equal(Or(Eq("id", S("1")), Eq("id", S("2"))), ParseOk("(id='1'||id='2')"));

    [Fact]
    public void Parse_CSharpSdkSingleGroupedPhrase_DropsTheParentheses() =>
        Assert.Equal(Eq("id", S("1")), ParseOk("(id='1')"));

    [Fact]
    public void ParseParameter_CSharpSdkInAfterFormDecoding_ListsStrings() =>
        Assert.Equal(In("id", S("1"), S("2")), ParseParameterOk("\"(id IN '1','2')\""));

    [Fact]
    public void Parse_CSharpSdkPlusInsideInListDecodedToSpace_IsIgnoredWhitespace() =>
        Assert.Equal(In("id", S("1"), S("2")), ParseOk("id IN '1', '2'"));

    [Fact]
    public void Parse_CSharpSdkCrossFilterWithEquals_IsTheSameAsEq() =>
        Assert.Equal(ParseOk("release EQ {id EQ '1001'}"), ParseOk("release={id='1001'}"));

    [Fact]
    public void Parse_CSharpSdkPhaseInLogicalNames_IsCrossFilterWithIn() =>
        Assert.Equal(
            Eq("phase", X(In("id", S("phase.defect.new"), S("phase.defect.opened")))),
            ParseOk("phase EQ {id IN 'phase.defect.new','phase.defect.opened'}"));

    [Fact]
    public void Parse_CSharpSdkSubtypeIn_ListsSubtypes() =>
        Assert.Equal(In("subtype", S("defect"), S("story")), ParseOk("subtype IN 'defect','story'"));

    [Fact]
    public void Parse_CSharpSdkNullKeyword_IsNullValue() =>
        Assert.Equal(Eq("name", NullValue.Instance), ParseOk("name EQ null"));

    [Fact]
    public void ParseParameter_CSharpSdkCrossFieldNull_IsNullReference() =>
        Assert.Equal(Eq("parent_suite", NullReferenceValue.Instance), ParseParameterOk("\"parent_suite={null}\""));

    [Fact]
    public void Parse_CSharpSdkWildcard_MarksTheString()
    {
        var parsed = Assert.IsType<ComparisonExpression>(ParseOk("name EQ '*abc*'"));

        var value = Assert.IsType<StringValue>(parsed.Value);
        Assert.True(value.HasWildcard);
        Assert.Equal(["", "abc", ""], value.GetWildcardParts());
    }

    [Fact]
    public void Parse_CSharpSdkApostropheSentAsStar_IsAWildcard()
    {
        // The SDK replaces ' with * in values (QueryBuilder.GetExpressionValueString), so O'Brien arrives as O*Brien.
        var value = Assert.IsType<StringValue>(Assert.IsType<ComparisonExpression>(ParseOk("name='O*Brien'")).Value);

        Assert.True(value.HasWildcard);
    }

    [Fact]
    public void Parse_CSharpSdkEscapedDoubleQuote_UnescapesToDoubleQuote() =>
        Assert.Equal(Eq("name", S("say \"hi\"")), ParseOk("name='say \\\"hi\\\"'"));

    [Fact]
    public void Parse_CSharpSdkNestedCrossFilters_NestAndFlattenTheAnds() =>
        Assert.Equal(
            Eq("linked_items1", X(And(
                Eq("subtype", S("defect")),
                Eq("defect_type", X(Eq("name", S("Clone")))),
                Eq("target_release_list_udf", X(Eq("id", N(1))))))),
            ParseOk("linked_items1={subtype='defect';defect_type={name='Clone'};target_release_list_udf={id=1}}"));

    [Fact]
    public void ParseParameter_CSharpSdkPhrasesJoinedBySemicolon_IsAnAnd() =>
        Assert.Equal(
            And(Cmp("id", ComparisonOperator.GreaterThan, N(100)), Eq("status", S("open")), Or(Cmp("rank", ComparisonOperator.GreaterThan, N(10)), Cmp("rank", ComparisonOperator.LessThan, N(20)))),
            ParseParameterOk("\"id>100;status='open';(rank>10||rank<20)\""));

    [Fact]
    public void Parse_CSharpSdkNegatedCrossFilter_NegatesTheCondition() =>
        Assert.Equal(Not(Eq("release", X(Eq("id", S("5002"))))), ParseOk("!release={id='5002'}"));

    // Java SDK QueryMethod: every condition in parentheses, '…' strings, dates without zero seconds, " ..." in BTW.
    [Fact]
    public void Parse_JavaSdkParenthesisedCondition_DropsTheParentheses() =>
        Assert.Equal(Eq("name", S("v")), ParseOk("(name EQ 'v')"));

    [Fact]
    public void Parse_JavaSdkDateWithoutSeconds_ReadsAsADate()
    {
        var parsed = Assert.IsType<ComparisonExpression>(ParseOk("(creation_time GT '2020-01-01T10:00Z')"));

        Assert.Equal(new DateTimeOffset(2020, 1, 1, 10, 0, 0, TimeSpan.Zero), Assert.IsType<StringValue>(parsed.Value).ReadDate());
    }

    [Fact]
    public void Parse_JavaSdkDateWithNanoseconds_ReadsToTheTick()
    {
        var parsed = Assert.IsType<ComparisonExpression>(ParseOk("(creation_time LT '2020-01-01T10:00:05.123456789Z')"));

        var date = Assert.IsType<StringValue>(parsed.Value).ReadDate();
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 10, 0, 5, TimeSpan.Zero).AddTicks(1234567), date);
    }

    [Fact]
    public void Parse_JavaSdkAndOfGroups_IsAnAnd() =>
        Assert.Equal(
            And(Eq("name", S("v")), Cmp("id", ComparisonOperator.GreaterThan, N(5))),
            ParseOk("(name EQ 'v');(id GT 5)"));

    [Fact]
    public void Parse_JavaSdkBetweenWithSpaceBeforeRange_IsARange() =>
        Assert.Equal(Btw("id", N(1), N(5)), ParseOk("(id BTW 1 ...5)"));

    [Fact]
    public void Parse_JavaSdkNegatedCondition_IsANot() =>
        Assert.Equal(Not(Eq("name", S("v"))), ParseOk("!(name EQ 'v')"));

    [Fact]
    public void Parse_JavaSdkNegatedBuilderPrefix_NegatesOnlyTheFirstCondition() =>
        Assert.Equal(And(Not(Eq("a", S("1"))), Eq("b", S("2"))), ParseOk("!(a EQ '1');(b EQ '2')"));

    [Fact]
    public void Parse_JavaSdkNullReferenceAndNull_AreDistinct() =>
        Assert.Equal(
            Or(Eq("release", NullReferenceValue.Instance), Eq("name", NullValue.Instance)),
            ParseOk("(release EQ {null})||(name EQ null)"));

    [Fact]
    public void Parse_JavaSdkCrossFilterInIn_ListsFilters() =>
        Assert.Equal(In("release", X(Eq("id", S("1"))), X(Eq("id", S("2")))), ParseOk("(release IN {(id EQ '1')},{(id EQ '2')})"));

    // Browser apps (PANEL sample): raw query="…" with cross filters written field={…}.
    [Fact]
    public void ParseParameter_PanelChildrenOfFeatures_IsParentCrossFilterWithIn() =>
        Assert.Equal(Eq("parent", X(In("id", S("1001"), S("1002")))), ParseParameterOk("\"parent={id IN '1001','1002'}\""));

    [Fact]
    public void ParseParameter_PanelEmptySelection_IsAnInOfTheEmptyString() =>
        Assert.Equal(Eq("parent", X(In("id", S("")))), ParseParameterOk("\"parent={id IN ''}\""));

    [Fact]
    public void ParseParameter_QueryTokenPhaseFilter_IsPhaseCrossFilter() =>
        Assert.Equal(Eq("phase", X(Eq("id", S("phase.defect.new")))), ParseParameterOk("\"phase EQ {id EQ 'phase.defect.new'}\""));

    public static TheoryData<string> SameFilterInEveryDialect => new()
    {
        "name EQ ^Login fails^;release EQ {id EQ ^1001^};id IN ^1^,^2^",
        "\"name EQ ^Login fails^;release EQ {id EQ ^1001^};id IN ^1^,^2^\"",
        "name='Login fails';release={id='1001'};(id IN '1','2')",
        "\"name='Login fails';release={id='1001'};(id IN '1', '2')\"",
        "(name EQ 'Login fails');(release EQ {(id EQ '1001')});(id IN '1','2')",
        "  \"  name eq 'Login fails' ; release = { id eq '1001' } ; id in '1' , '2'  \"  ",
    };

    [Theory]
    [MemberData(nameof(SameFilterInEveryDialect))]
    public void ParseParameter_SameFilterInEachDialect_GivesTheSameTree(string value)
    {
        var expected = And(Eq("name", S("Login fails")), Eq("release", X(Eq("id", S("1001")))), In("id", S("1"), S("2")));
        Assert.Equal(expected, ParseParameterOk(value));
    }
}
