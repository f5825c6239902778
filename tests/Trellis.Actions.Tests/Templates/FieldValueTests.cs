using System.Text.Json;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Tests.Templates;

public sealed class FieldValueTests
{
    public static TheoryData<double, string> Doubles => new()
    {
        { 0.1, "0.1" },
        { -0.0, "0" },
        { 0.0, "0" },
        { 1e21, "1000000000000000000000" },
        { 1234567.5, "1234567.5" },
        { -1234567.5, "-1234567.5" },
        { 1e15, "1000000000000000" },
        { 1.2345678901234568E+20, "123456789012345680000" },
        { 1e-5, "0.00001" },
        { 1.5e-7, "0.00000015" },
        { -1.2345e25, "-12345000000000000000000000" },
        { 0.30000000000000004, "0.30000000000000004" },
        { 5e-324, "0." + "".PadLeft(323, '0') + "5" },
        { double.NaN, "" },
        { double.PositiveInfinity, "" },
    };

    [Theory]
    [MemberData(nameof(Doubles))]
    public void OfNumber_Double_RendersShortestDigitsWithoutExponent(double value, string expected) =>
        Assert.Equal(expected, FieldValue.OfNumber(value).Text);

    [Fact]
    public void OfNumber_DoubleMaxValue_RoundTripsWithoutExponent()
    {
        var text = FieldValue.OfNumber(double.MaxValue).Text;
        Assert.DoesNotContain('E', text);
        Assert.Equal(309, text.Length);
        Assert.Equal(double.MaxValue, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(9007199254740993L, "9007199254740993")]
    [InlineData(long.MaxValue, "9223372036854775807")]
    [InlineData(long.MinValue, "-9223372036854775808")]
    [InlineData(1234567L, "1234567")]
    public void OfNumber_Long_RendersEveryDigitWithoutGrouping(long value, string expected) =>
        Assert.Equal(expected, FieldValue.OfNumber(value).Text);

    [Fact]
    public void OfNumber_Decimal_DropsTrailingZeros()
    {
        Assert.Equal("1234567.5", FieldValue.OfNumber(1234567.50m).Text);
        Assert.Equal("100", FieldValue.OfNumber(100m).Text);
        Assert.Equal("0", FieldValue.OfNumber(-0.00m).Text);
    }

    [Theory]
    [InlineData(true, "true")]
    [InlineData(false, "false")]
    public void OfBoolean_Value_RendersLowerCase(bool value, string expected) =>
        Assert.Equal(expected, FieldValue.OfBoolean(value).Text);

    [Fact]
    public void OfDate_OffsetTime_RendersUtcWithZ()
    {
        Assert.Equal("2024-01-02T01:04:05Z", FieldValue.OfDate(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.FromHours(2))).Text);
        Assert.Equal("2023-12-31T23:30:00Z", FieldValue.OfDate(new DateTimeOffset(2024, 1, 1, 1, 0, 0, TimeSpan.FromHours(1.5))).Text);
        Assert.Equal("2024-06-30T12:00:00Z", FieldValue.OfDate(new DateTimeOffset(2024, 6, 30, 12, 0, 0, 999, TimeSpan.Zero)).Text);
    }

    public static TheoryData<string, string> Memos => new()
    {
        { "<p>Hello <b>world</b></p>", "Hello world" },
        { "Tom &amp; Jerry &lt;3 &quot;x&quot; &#39;y&#39; &#x263A;", "Tom & Jerry <3 \"x\" 'y' \u263A" },
        { "a<script>alert('<p>x</p>')</script>b", "ab" },
        { "a<SCRIPT type=\"text/javascript\">var x = 1 < 2;</SCRIPT>b", "ab" },
        { "a<style>p { color: red }</style>b", "ab" },
        { "<p>one</p><p>two</p>", "one\ntwo" },
        { "line<br>break<br/>again", "line\nbreak\nagain" },
        { "<ul><li>a</li><li>b</li></ul>", "a\nb" },
        { "  lots   of\n\n spaces\t ", "lots of spaces" },
        { "x&nbsp;&nbsp;y", "x y" },
        { "a<!-- hidden <p> -->b", "ab" },
        { "<a href=\"x>y\" title='>'>link</a>", "link" },
        { "1 < 2 and 3 > 2", "1 < 2 and 3 > 2" },
        { "AT&T", "AT&T" },
        { "&lt;b&gt;not a tag&lt;/b&gt;", "<b>not a tag</b>" },
        { "", "" },
    };

    [Theory]
    [MemberData(nameof(Memos))]
    public void OfMemo_Html_BecomesPlainText(string html, string expected) =>
        Assert.Equal(expected, FieldValue.OfMemo(html).Text);

    [Fact]
    public void OfMemo_LongText_IsCutTo2000Characters()
    {
        var text = FieldValue.OfMemo("<p>" + new string('x', 5000) + "</p>").Text;
        Assert.Equal(TemplateDefaults.MaxMemoLength, text.Length);
    }

    [Fact]
    public void OfMemo_CutInsideASurrogatePair_DropsTheHalf()
    {
        var text = FieldValue.OfMemo(new string('x', 1999) + "😀😀").Text;
        Assert.Equal(1999, text.Length);
        Assert.False(char.IsHighSurrogate(text[^1]));
    }

    [Fact]
    public void FromJson_OctaneEntity_ReadsEveryFieldType()
    {
        using var json = JsonDocument.Parse("""
            {"id":"2001","name":"Login","story_points":3,"ratio":0.25,"big":1e21,"blocked":true,"owner":null,
             "release":{"type":"release","id":"3001","name":"R 1.0"},
             "owners":{"total_count":2,"data":[{"type":"workspace_user","id":"11","name":"a"},{"type":"workspace_user","id":12,"name":"b"}]},
             "tags":["x","y"]}
            """);
        var entity = FieldValue.FromJson(json.RootElement);

        Assert.Equal(FieldKind.Reference, entity.Kind);
        Assert.Equal("2001", entity.Text);
        Assert.Equal("Login", entity.Fields["name"].Text);
        Assert.Equal("3", entity.Fields["story_points"].Text);
        Assert.Equal("0.25", entity.Fields["ratio"].Text);
        Assert.Equal("1000000000000000000000", entity.Fields["big"].Text);
        Assert.Equal("true", entity.Fields["blocked"].Text);
        Assert.Equal(FieldKind.Null, entity.Fields["owner"].Kind);
        Assert.Equal("3001", entity.Fields["release"].Text);
        Assert.Equal(FieldKind.MultiReference, entity.Fields["owners"].Kind);
        Assert.Equal(2, entity.Fields["owners"].TotalCount);
        Assert.Equal("11,12", entity.Fields["owners"].ToString());
        Assert.Equal("x,y", entity.Fields["tags"].ToString());
    }

    private static readonly FieldValue s_entity = FieldValue.OfReference("2001",
    [
        new("name", FieldValue.OfString("Login, logout")),
        new("description", FieldValue.OfMemo("<p>Steps &amp; notes</p>")),
        new("story_points", FieldValue.OfNumber(3.5)),
        new("blocked", FieldValue.OfBoolean(false)),
        new("creation_time", FieldValue.OfDate(new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero))),
        new("owner", FieldValue.Null),
        new("release", FieldValue.OfReference("3001", [new("name", FieldValue.OfString("R 1.0")), new("owner", FieldValue.OfReference("11"))])),
        new("owners", FieldValue.OfMultiReference(
            [FieldValue.OfReference("11", [new("name", FieldValue.OfString("a,b"))]), FieldValue.OfReference("12", [new("name", FieldValue.OfString("c d"))])], 2)),
        new("empty_refs", FieldValue.OfMultiReference([], 0)),
    ]);

    public static TheoryData<string, string> FieldTokens => new()
    {
        { "{entity.name}", "Login%2C%20logout" },
        { "{entity.description}", "Steps%20%26%20notes" },
        { "{entity.story_points}", "3.5" },
        { "{entity.blocked}", "false" },
        { "{entity.creation_time}", "2024-03-01T08%3A00%3A00Z" },
        { "{entity.owner}", "" },
        { "{entity.owner.name}", "" },
        { "{entity.release}", "3001" },
        { "{entity.release.name}", "R%201.0" },
        { "{entity.release.owner}", "11" },
        { "{entity.owners}", "11,12" },
        { "{entity.owners.name}", "a%2Cb,c%20d" },
        { "{entity.owners.id}", "11,12" },
        { "{entity.empty_refs}", "" },
        { "{entity.id}", "2001" },
        { "{entity.release.owner.name}", "{entity.release.owner.name}" },
    };

    [Theory]
    [MemberData(nameof(FieldTokens))]
    public void Expand_EntityFieldToken_RendersTheFieldByType(string template, string expected)
    {
        var expansion = UrlTemplate.Compile(template).Expand(new TokenValues { Entity = s_entity });
        Assert.Equal(expected, expansion.Url);
        Assert.True(expansion.AllFieldsResolved);
    }

    [Theory]
    [InlineData("{entity.nope}")]
    [InlineData("{entity.release.nope}")]
    [InlineData("{entity.name.length}")]
    public void Expand_UnknownField_RendersEmptyAndIsReported(string template)
    {
        var expansion = UrlTemplate.Compile("x" + template + "y").Expand(new TokenValues { Entity = s_entity });
        Assert.Equal("xy", expansion.Url);
        Assert.Equal([template[1..^1]], expansion.UnresolvedFields);
    }

    [Fact]
    public void Expand_FieldTokenWithoutASingleEntity_RendersEmpty()
    {
        var expansion = UrlTemplate.Compile("x{entity.name}y").Expand(new TokenValues { EntityIds = ["1", "2"] });
        Assert.Equal("xy", expansion.Url);
        Assert.True(expansion.AllFieldsResolved);
    }
}
