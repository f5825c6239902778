using System.Globalization;
using System.Text;
using Trellis.Query.Syntax;

namespace Trellis.Query.Parsing;

/// <summary>
/// Splits a query into tokens on demand. Never throws: bad input becomes an <see cref="QueryTokenKind.Error"/>
/// token. A lexical error (unterminated string, huge number, unknown macro) carries its code and message; a
/// character that starts no token carries no code and, at most, a hint.
/// </summary>
internal struct QueryLexer(string source, int start, int end)
{
    private const char Ellipsis = '\u2026';

    public readonly string Source { get; } = source;

    public int Position { get; set; } = start;

    public readonly int Limit { get; } = end;

    public QueryToken Next()
    {
        var s = Source;
        var i = Position;
        while (i < Limit && char.IsWhiteSpace(s[i]))
        {
            i++;
        }

        if (i >= Limit)
        {
            Position = Limit;
            return new QueryToken(QueryTokenKind.End, Limit, 0);
        }

        var c = s[i];
        var token = c switch
        {
            '(' => new QueryToken(QueryTokenKind.LeftParen, i, 1),
            ')' => new QueryToken(QueryTokenKind.RightParen, i, 1),
            '{' => new QueryToken(QueryTokenKind.LeftBrace, i, 1),
            '}' => new QueryToken(QueryTokenKind.RightBrace, i, 1),
            ',' => new QueryToken(QueryTokenKind.Comma, i, 1),
            ';' => new QueryToken(QueryTokenKind.Semicolon, i, 1),
            '!' => new QueryToken(QueryTokenKind.Bang, i, 1),
            '=' => new QueryToken(QueryTokenKind.Equal, i, 1),
            Ellipsis => new QueryToken(QueryTokenKind.Range, i, 1),
            '<' => At(i + 1) == '=' ? new QueryToken(QueryTokenKind.LessOrEqual, i, 2) : new QueryToken(QueryTokenKind.Less, i, 1),
            '>' => At(i + 1) == '=' ? new QueryToken(QueryTokenKind.GreaterOrEqual, i, 2) : new QueryToken(QueryTokenKind.Greater, i, 1),
            '|' => At(i + 1) == '|' ? new QueryToken(QueryTokenKind.OrOr, i, 2) : Unexpected(i, "OR is written '||'"),
            '.' => At(i + 1) == '.' && At(i + 2) == '.' ? new QueryToken(QueryTokenKind.Range, i, 3) : Unexpected(i, "a range is written '...'"),
            '^' or '\'' => ReadString(i),
            '[' => ReadMacro(i),
            '-' => char.IsAsciiDigit(At(i + 1)) ? ReadNumber(i) : Unexpected(i, "a negative number is written -5"),
            _ when char.IsAsciiDigit(c) => ReadNumber(i),
            _ when IsNameStart(c) => ReadIdentifier(i),
            _ => Unexpected(i, null),
        };

        Position = token.End;
        return token;
    }

    public static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_';

    private readonly char At(int index) => index < Limit ? Source[index] : '\0';

    private readonly QueryToken ReadIdentifier(int start)
    {
        var i = start + 1;
        while (i < Limit && IsNameChar(Source[i]))
        {
            i++;
        }

        return new QueryToken(QueryTokenKind.Identifier, start, i - start);
    }

    // -?digits(.digits)?; a "." not followed by a digit is left for the "..." of BTW (1...5).
    private readonly QueryToken ReadNumber(int start)
    {
        var i = start;
        if (Source[i] == '-')
        {
            i++;
        }

        while (i < Limit && char.IsAsciiDigit(Source[i]))
        {
            i++;
        }

        if (i + 1 < Limit && Source[i] == '.' && char.IsAsciiDigit(Source[i + 1]))
        {
            i += 2;
            while (i < Limit && char.IsAsciiDigit(Source[i]))
            {
                i++;
            }
        }

        var text = Source.AsSpan(start, i - start);

        // Ids and counts are short integers; skip the general decimal parser for them.
        if (TryReadSmallInteger(text, out var integer))
        {
            return new QueryToken(QueryTokenKind.Number, start, i - start) { Number = integer };
        }

        if (!decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            return Error(start, i - start, QuerySyntaxCodes.NumberOutOfRange, $"the number '{Shorten(text)}' is out of range");
        }

        return new QueryToken(QueryTokenKind.Number, start, i - start) { Number = number };
    }

    private static bool TryReadSmallInteger(ReadOnlySpan<char> text, out long value)
    {
        value = 0;
        var negative = text[0] == '-';
        var digits = negative ? text[1..] : text;
        if (digits.Length > 18)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        value = negative ? -value : value;
        return true;
    }

    // ^…^ or '…'; "\" takes the next character literally, whatever it is.
    private readonly QueryToken ReadString(int start)
    {
        var quote = Source[start];
        var i = start + 1;
        var runStart = i;
        StringBuilder? unescaped = null;
        while (i < Limit)
        {
            // Jump to the next quote or backslash; the characters between are taken as they are.
            var next = Source.AsSpan(i, Limit - i).IndexOfAny(quote, '\\');
            if (next < 0)
            {
                break;
            }

            i += next;
            if (Source[i] == quote)
            {
                // No stored text holds a NUL (PostgreSQL refuses one outright), so a string with one cannot match anything.
                if (Source.AsSpan(start, i - start).IndexOf('\0') is var nul and >= 0)
                {
                    return Error(start + nul, 1, QuerySyntaxCodes.NulInString, "a string may not hold the NUL character (\\u0000)");
                }

                var text = unescaped is null
                    ? Source.Substring(runStart, i - runStart)
                    : unescaped.Append(Source, runStart, i - runStart).ToString();
                return new QueryToken(QueryTokenKind.String, start, i + 1 - start) { Text = text };
            }

            if (i + 1 >= Limit)
            {
                break;
            }

            unescaped ??= new StringBuilder(i - runStart + 16);
            unescaped.Append(Source, runStart, i - runStart).Append(Source[i + 1]);
            i += 2;
            runStart = i;
        }

        return Error(start, 1, QuerySyntaxCodes.UnterminatedString, $"expected a closing {quote} for the string that starts");
    }

    private readonly QueryToken ReadMacro(int start)
    {
        var close = Source.IndexOf(']', start + 1, Limit - start - 1);
        if (close > start)
        {
            var name = Source.AsSpan(start + 1, close - start - 1);
            if (name.Equals("current_user", StringComparison.OrdinalIgnoreCase))
            {
                return new QueryToken(QueryTokenKind.Macro, start, close + 1 - start) { Macro = QueryMacro.CurrentUser };
            }

            if (name.Equals("current_release", StringComparison.OrdinalIgnoreCase))
            {
                return new QueryToken(QueryTokenKind.Macro, start, close + 1 - start) { Macro = QueryMacro.CurrentRelease };
            }
        }

        return Error(start, 1, QuerySyntaxCodes.UnknownMacro, "expected [current_user] or [current_release]");
    }

    // No code: the parser reports what it expected there, and this hint says how to write what was meant.
    private static QueryToken Unexpected(int at, string? hint) =>
        new(QueryTokenKind.Error, at, 1) { Text = hint };

    private static QueryToken Error(int start, int length, string code, string message) =>
        new(QueryTokenKind.Error, start, length) { ErrorCode = code, Text = message };

    internal static string Shorten(ReadOnlySpan<char> text) =>
        text.Length <= 24 ? text.ToString() : string.Concat(text[..23], "\u2026");
}
