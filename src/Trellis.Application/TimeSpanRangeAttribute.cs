using System.ComponentModel.DataAnnotations;
using System.Globalization;

namespace Trellis.Application;

/// <summary>
/// A <see cref="TimeSpan"/> option between two bounds, for <c>ValidateDataAnnotations</c>. Not
/// <c>[Range(typeof(TimeSpan), …)]</c>: that attribute parses its bounds on first use by replacing them in place, so two
/// hosts validating the same options at once (the test suites start several in one process) can read a bound half
/// converted and throw <see cref="InvalidCastException"/>. These bounds are parsed once, when the attribute is made.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class TimeSpanRangeAttribute : ValidationAttribute
{
    /// <summary>Initializes a new instance of the <see cref="TimeSpanRangeAttribute"/> class.</summary>
    /// <param name="minimum">The least value allowed, as <c>[d.]hh:mm:ss</c>.</param>
    /// <param name="maximum">The greatest value allowed, as <c>[d.]hh:mm:ss</c>.</param>
    public TimeSpanRangeAttribute(string minimum, string maximum)
        : base("The field {0} must be between {1} and {2}.")
    {
        Minimum = TimeSpan.Parse(minimum, CultureInfo.InvariantCulture);
        Maximum = TimeSpan.Parse(maximum, CultureInfo.InvariantCulture);
    }

    /// <summary>Gets the least value allowed.</summary>
    public TimeSpan Minimum { get; }

    /// <summary>Gets the greatest value allowed.</summary>
    public TimeSpan Maximum { get; }

    /// <inheritdoc/>
    public override bool IsValid(object? value) => value is not TimeSpan span || (span >= Minimum && span <= Maximum);

    /// <inheritdoc/>
    public override string FormatErrorMessage(string name) =>
        string.Format(CultureInfo.CurrentCulture, ErrorMessageString, name, Minimum, Maximum);
}
