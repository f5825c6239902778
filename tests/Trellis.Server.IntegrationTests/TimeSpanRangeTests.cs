using System.ComponentModel.DataAnnotations;
using Trellis.Application;

namespace Trellis.Server.IntegrationTests;

/// <summary>The bounds of the options' time spans, checked when a host validates its options at start.</summary>
public sealed class TimeSpanRangeTests
{
    [Theory]
    [InlineData("00:00:01", true)]
    [InlineData("1.00:00:00", true)]
    [InlineData("00:15:00", true)]
    [InlineData("00:00:00.999", false)]
    [InlineData("1.00:00:01", false)]
    public void ASpan_IsValidOnlyWithinTheBounds_BothIncluded(string span, bool valid)
    {
        var range = new TimeSpanRangeAttribute("00:00:01", "1.00:00:00");

        Assert.Equal(valid, range.IsValid(TimeSpan.Parse(span, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void ARefusal_NamesTheFieldAndBothBounds()
    {
        var range = new TimeSpanRangeAttribute("00:00:01", "1.00:00:00");

        var result = range.GetValidationResult(TimeSpan.FromDays(2), new ValidationContext(new object()) { DisplayName = "Lockout" });

        Assert.Equal("The field Lockout must be between 00:00:01 and 1.00:00:00.", result?.ErrorMessage);
    }

    [Fact]
    public void ManyHostsValidatingAtOnce_OnTheAttributesFirstUse_NeverThrow()
    {
        // Fresh attributes each round, so every round is a first use; all threads start together. (The framework's own
        // [Range(typeof(TimeSpan), …)] threw in about 1 % of such rounds on 2 cores.)
        for (var round = 0; round < 1000; round++)
        {
            var range = new TimeSpanRangeAttribute("00:00:01", "1.00:00:00");
            using var start = new Barrier(4);
            var results = new bool[4];
            Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
            {
                start.SignalAndWait();
                results[i] = range.IsValid(TimeSpan.FromMinutes(5));
            });
            Assert.All(results, Assert.True);
        }
    }
}
