using Trellis.Query.Syntax;
using static Trellis.Query.Tests.Ast;

namespace Trellis.Query.Tests.Syntax;

public sealed class QueryValueTests
{
    public static TheoryData<string, bool, string[]> Wildcards => new()
    {
        { "abc", false, ["abc"] },
        { "", false, [""] },
        { "*abc*", true, ["", "abc", ""] },
        { "ab*", true, ["ab", ""] },
        { "a*b*c", true, ["a", "b", "c"] },
        { "**", true, ["", "", ""] },
    };

    [Theory]
    [MemberData(nameof(Wildcards))]
    public void GetWildcardParts_String_SplitsAtEachStar(string text, bool hasWildcard, string[] parts)
    {
        var value = new StringValue(text);

        Assert.Equal(hasWildcard, value.HasWildcard);
        Assert.Equal(parts, value.GetWildcardParts());
    }

    [Fact]
    public void Parse_EscapedStar_IsStillAWildcard() =>
        Assert.True(Assert.IsType<StringValue>(Assert.IsType<ComparisonExpression>(ParseOk(@"name EQ 'a\*'")).Value).HasWildcard);

    [Fact]
    public void Equals_NumbersWithDifferentScale_AreEqual() =>
        Assert.Equal(N(1.5m), N(1.50m));

    [Fact]
    public void Text_Number_IsInvariant() =>
        Assert.Equal("-1234.5", N(-1234.5m).Text);

    [Fact]
    public void Equals_SingletonsAndNewInstances_AreEqual()
    {
        Assert.Equal(NullValue.Instance, new NullValue());
        Assert.Equal(NullReferenceValue.Instance, new NullReferenceValue());
        Assert.NotEqual<QueryValue>(NullValue.Instance, NullReferenceValue.Instance);
    }

    [Fact]
    public void Equals_CaretAndApostropheStrings_AreEqual() =>
        Assert.Equal(ParseOk("a EQ ^x^"), ParseOk("a EQ 'x'"));
}
