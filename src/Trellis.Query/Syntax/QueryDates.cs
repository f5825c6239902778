namespace Trellis.Query.Syntax;

/// <summary>How much of a date a query string spelled out.</summary>
public enum QueryDatePrecision
{
    /// <summary><c>yyyy-MM-dd</c>.</summary>
    Day,

    /// <summary><c>yyyy-MM-ddTHH:mm</c> (the Java SDK drops zero seconds).</summary>
    Minute,

    /// <summary><c>yyyy-MM-ddTHH:mm:ss</c>.</summary>
    Second,

    /// <summary><c>yyyy-MM-ddTHH:mm:ss.f…</c> (the JS SDK sends milliseconds).</summary>
    Fraction,
}

/// <summary>Reads the date strings of docs/reference/rest.md#query-language. Never throws; an invalid calendar date is not a date.</summary>
public static class QueryDates
{
    private const int MaxFractionDigits = 9;

    /// <summary>
    /// Reads <c>yyyy-MM-dd</c>, optionally followed by <c>THH:mm</c>, then <c>:ss</c>, then a fraction of 1 to 9
    /// digits (beyond 100 ns truncated), then <c>Z</c> or an offset <c>±HH:mm</c> (or <c>±HHmm</c>).
    /// A missing zone means UTC.
    /// </summary>
    /// <param name="text">The unescaped string operand.</param>
    /// <param name="value">The instant, with the offset as written.</param>
    /// <param name="precision">How much was written, so <c>EQ ^2016-01-01^</c> can mean the whole day.</param>
    /// <returns><see langword="true"/> when the whole text is such a date.</returns>
    public static bool TryRead(ReadOnlySpan<char> text, out DateTimeOffset value, out QueryDatePrecision precision)
    {
        value = default;
        precision = QueryDatePrecision.Day;
        var pos = 0;
        if (!TryDigits(text, ref pos, 4, out var year) || !TryChar(text, ref pos, '-')
            || !TryDigits(text, ref pos, 2, out var month) || !TryChar(text, ref pos, '-')
            || !TryDigits(text, ref pos, 2, out var day))
        {
            return false;
        }

        int hour = 0, minute = 0, second = 0;
        long fractionTicks = 0;
        var offsetMinutes = 0;
        if (pos < text.Length && text[pos] is 'T' or 't')
        {
            pos++;
            if (!TryDigits(text, ref pos, 2, out hour) || !TryChar(text, ref pos, ':') || !TryDigits(text, ref pos, 2, out minute))
            {
                return false;
            }

            precision = QueryDatePrecision.Minute;
            if (pos < text.Length && text[pos] == ':')
            {
                pos++;
                if (!TryDigits(text, ref pos, 2, out second))
                {
                    return false;
                }

                precision = QueryDatePrecision.Second;
                if (pos < text.Length && text[pos] == '.')
                {
                    pos++;
                    if (!TryFraction(text, ref pos, out fractionTicks))
                    {
                        return false;
                    }

                    precision = QueryDatePrecision.Fraction;
                }
            }

            if (!TryZone(text, ref pos, out offsetMinutes))
            {
                return false;
            }
        }

        if (pos != text.Length
            || year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var localTicks = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).Ticks + fractionTicks;
        var offset = TimeSpan.FromMinutes(offsetMinutes);
        var utcTicks = localTicks - offset.Ticks;

        // An offset can push the first or last day of the calendar out of DateTimeOffset's range.
        if (utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        value = new DateTimeOffset(localTicks, offset);
        return true;
    }

    private static bool TryZone(ReadOnlySpan<char> text, ref int pos, out int offsetMinutes)
    {
        offsetMinutes = 0;
        if (pos == text.Length)
        {
            return true;
        }

        if (text[pos] is 'Z' or 'z')
        {
            pos++;
            return true;
        }

        if (text[pos] is not ('+' or '-'))
        {
            return false;
        }

        var sign = text[pos] == '-' ? -1 : 1;
        pos++;
        if (!TryDigits(text, ref pos, 2, out var hours))
        {
            return false;
        }

        if (pos < text.Length && text[pos] == ':')
        {
            pos++;
        }

        if (!TryDigits(text, ref pos, 2, out var minutes) || minutes > 59 || (hours * 60) + minutes > 14 * 60)
        {
            return false;
        }

        offsetMinutes = sign * ((hours * 60) + minutes);
        return true;
    }

    private static bool TryFraction(ReadOnlySpan<char> text, ref int pos, out long ticks)
    {
        ticks = 0;
        var digits = 0;
        while (pos < text.Length && char.IsAsciiDigit(text[pos]))
        {
            // 7 digits are 100 ns ticks; further digits are below DateTimeOffset's resolution.
            if (digits < 7)
            {
                ticks = (ticks * 10) + (text[pos] - '0');
            }

            digits++;
            pos++;
        }

        if (digits is 0 or > MaxFractionDigits)
        {
            return false;
        }

        for (var i = digits; i < 7; i++)
        {
            ticks *= 10;
        }

        return true;
    }

    private static bool TryDigits(ReadOnlySpan<char> text, ref int pos, int count, out int value)
    {
        value = 0;
        if (pos + count > text.Length)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            var c = text[pos + i];
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        pos += count;
        return true;
    }

    private static bool TryChar(ReadOnlySpan<char> text, ref int pos, char expected)
    {
        if (pos < text.Length && text[pos] == expected)
        {
            pos++;
            return true;
        }

        return false;
    }
}
