using System.Globalization;

namespace Trellis.Actions.Templates;

/// <summary>Renders numbers for URLs: invariant, shortest round-trip, no exponent, no grouping (docs/reference/launches.md#values-and-encoding).</summary>
internal static class NumberText
{
    public static string Format(double value)
    {
        if (!double.IsFinite(value))
        {
            return string.Empty;
        }

        // JavaScript prints -0 as "0"; apps read these values with JavaScript.
        if (value == 0)
        {
            return "0";
        }

        // "R" on .NET Core 3.0+ is the shortest string that round-trips; it may use an exponent.
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var e = shortest.IndexOf('E', StringComparison.Ordinal);
        return e < 0 ? shortest : ExpandExponent(shortest.AsSpan(0, e), int.Parse(shortest.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture));
    }

    public static string Format(decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        if (text.Contains('.', StringComparison.Ordinal))
        {
            text = text.TrimEnd('0').TrimEnd('.');
        }

        return text is "-0" ? "0" : text;
    }

    // mantissa is [-]d[.ddd]; the result places the point exponent places to the right (left when negative).
    private static string ExpandExponent(ReadOnlySpan<char> mantissa, int exponent)
    {
        var negative = mantissa[0] == '-';
        if (negative)
        {
            mantissa = mantissa[1..];
        }

        var point = mantissa.IndexOf('.');
        var integerDigits = point < 0 ? mantissa.Length : point;
        Span<char> digits = stackalloc char[mantissa.Length];
        var count = 0;
        foreach (var c in mantissa)
        {
            if (c != '.')
            {
                digits[count++] = c;
            }
        }

        digits = digits[..count];
        var position = integerDigits + exponent;
        var builder = new ValueStringBuilder(stackalloc char[400]);
        if (negative)
        {
            builder.Append('-');
        }

        if (position <= 0)
        {
            builder.Append("0.");
            for (var i = 0; i < -position; i++)
            {
                builder.Append('0');
            }

            builder.Append(digits);
        }
        else if (position >= digits.Length)
        {
            builder.Append(digits);
            for (var i = digits.Length; i < position; i++)
            {
                builder.Append('0');
            }
        }
        else
        {
            builder.Append(digits[..position]);
            builder.Append('.');
            builder.Append(digits[position..]);
        }

        return builder.ToString();
    }
}
