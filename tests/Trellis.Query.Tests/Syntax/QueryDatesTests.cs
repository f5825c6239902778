using Trellis.Query.Syntax;

namespace Trellis.Query.Tests.Syntax;

public sealed class QueryDatesTests
{
    public static TheoryData<string, DateTimeOffset, QueryDatePrecision> Dates => new()
    {
        { "2016-01-01", new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero), QueryDatePrecision.Day },
        { "2020-01-01T10:00Z", new DateTimeOffset(2020, 1, 1, 10, 0, 0, TimeSpan.Zero), QueryDatePrecision.Minute },
        { "2020-01-01T10:00", new DateTimeOffset(2020, 1, 1, 10, 0, 0, TimeSpan.Zero), QueryDatePrecision.Minute },
        { "2020-01-01T10:00:30Z", new DateTimeOffset(2020, 1, 1, 10, 0, 30, TimeSpan.Zero), QueryDatePrecision.Second },
        { "2016-01-01T00:00:00.000Z", new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero), QueryDatePrecision.Fraction },
        { "2016-01-01T00:00:00.5Z", new DateTimeOffset(2016, 1, 1, 0, 0, 0, 500, TimeSpan.Zero), QueryDatePrecision.Fraction },
        { "2016-01-01T00:00:00.123Z", new DateTimeOffset(2016, 1, 1, 0, 0, 0, 123, TimeSpan.Zero), QueryDatePrecision.Fraction },
        { "2016-01-01T00:00:00.1234567Z", new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1234567), QueryDatePrecision.Fraction },
        { "2016-01-01T00:00:00.123456789Z", new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(1234567), QueryDatePrecision.Fraction },
        { "2020-06-30T12:00:00+02:00", new DateTimeOffset(2020, 6, 30, 12, 0, 0, TimeSpan.FromHours(2)), QueryDatePrecision.Second },
        { "2020-06-30T12:00-05:30", new DateTimeOffset(2020, 6, 30, 12, 0, 0, new TimeSpan(-5, -30, 0)), QueryDatePrecision.Minute },
        { "2020-06-30T12:00:00+0200", new DateTimeOffset(2020, 6, 30, 12, 0, 0, TimeSpan.FromHours(2)), QueryDatePrecision.Second },
        { "2020-06-30t12:00:00z", new DateTimeOffset(2020, 6, 30, 12, 0, 0, TimeSpan.Zero), QueryDatePrecision.Second },
        { "2024-02-29", new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero), QueryDatePrecision.Day },
        { "0001-01-01T00:00Z", DateTimeOffset.MinValue, QueryDatePrecision.Minute },
        { "9999-12-31T23:59:59.9999999Z", DateTimeOffset.MaxValue, QueryDatePrecision.Fraction },
    };

    [Theory]
    [MemberData(nameof(Dates))]
    public void TryRead_EachAcceptedForm_GivesInstantAndPrecision(string text, DateTimeOffset expected, QueryDatePrecision precision)
    {
        Assert.True(QueryDates.TryRead(text, out var value, out var actualPrecision));
        Assert.Equal(expected, value);
        Assert.Equal(expected.Offset, value.Offset);
        Assert.Equal(precision, actualPrecision);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1001")]
    [InlineData("phase.defect.new")]
    [InlineData("2020-1-01")]
    [InlineData("20-01-01")]
    [InlineData("2020/01/01")]
    [InlineData("2020-13-01")]
    [InlineData("2020-00-10")]
    [InlineData("2020-02-30")]
    [InlineData("2023-02-29")]
    [InlineData("0000-01-01")]
    [InlineData("2020-01-01T")]
    [InlineData("2020-01-01T10")]
    [InlineData("2020-01-01T10:0")]
    [InlineData("2020-01-01T24:00")]
    [InlineData("2020-01-01T10:60")]
    [InlineData("2020-01-01T10:00:60")]
    [InlineData("2020-01-01T10:00:00.")]
    [InlineData("2020-01-01T10:00:00.1234567890Z")]
    [InlineData("2020-01-01T10:00.5Z")]
    [InlineData("2020-01-01T10:00:00+15:00")]
    [InlineData("2020-01-01T10:00:00+01:60")]
    [InlineData("2020-01-01T10:00:00+1")]
    [InlineData("2020-01-01T10:00:00 Z")]
    [InlineData("2020-01-01Z")]
    [InlineData("2020-01-01 10:00")]
    [InlineData(" 2020-01-01")]
    [InlineData("2020-01-01T10:00:00ZZ")]
    [InlineData("0001-01-01T00:00+01:00")]
    [InlineData("9999-12-31T23:00-01:00")]
    [InlineData("\uff12020-01-01")]
    public void TryRead_NotADate_ReturnsFalse(string text) =>
        Assert.False(QueryDates.TryRead(text, out _, out _));

    [Fact]
    public void ReadDate_DateString_GivesTheInstant() =>
        Assert.Equal(new DateTimeOffset(2016, 1, 1, 0, 0, 0, TimeSpan.Zero), new StringValue("2016-01-01T00:00:00.000Z").ReadDate());

    [Fact]
    public void ReadDate_OtherString_GivesNull() =>
        Assert.Null(new StringValue("Login fails").ReadDate());
}
