namespace Trellis.Query.Parsing;

/// <summary>
/// The stable codes of <see cref="QuerySyntaxError"/>, declared once. Callers and tests match on codes, never on
/// messages. On the wire every one of them is Octane's <c>400 platform.query_syntax_error</c> (docs/reference/rest.md#query-language).
/// </summary>
public static class QuerySyntaxCodes
{
    /// <summary>QS1001: The query is empty or only whitespace (after one pair of surrounding quotes is removed).</summary>
    public const string Empty = "QS1001";

    /// <summary>QS1002: A <c>^…^</c> or <c>'…'</c> string has no closing quote.</summary>
    public const string UnterminatedString = "QS1002";

    /// <summary>QS1003: A number has too many digits to be represented.</summary>
    public const string NumberOutOfRange = "QS1003";

    /// <summary>QS1004: A bracketed name other than <c>[current_user]</c> or <c>[current_release]</c>.</summary>
    public const string UnknownMacro = "QS1004";

    /// <summary>QS1005: A string holds the NUL character (<c>\u0000</c>, <c>%00</c> in a URL), which no stored text can hold.</summary>
    public const string NulInString = "QS1005";

    /// <summary>
    /// QS1101: A condition must start with a field name, <c>!</c> or <c>(</c>. Like every QS11xx code, it is also
    /// given when a character that starts no token (<c>#</c>, a lone <c>|</c>, <c>..</c>) stands where this was expected.
    /// </summary>
    public const string ExpectedField = "QS1101";

    /// <summary>QS1102: A field name must be followed by an operator.</summary>
    public const string ExpectedOperator = "QS1102";

    /// <summary>QS1103: An operator, <c>,</c> or <c>...</c> must be followed by a value.</summary>
    public const string ExpectedValue = "QS1103";

    /// <summary>QS1104: The bounds of <c>BTW</c> must be separated by <c>...</c> or <c>…</c>.</summary>
    public const string ExpectedRange = "QS1104";

    /// <summary>QS1105: A <c>(</c> or <c>{</c> is not closed.</summary>
    public const string ExpectedClose = "QS1105";

    /// <summary>QS1106: A complete condition must be followed by <c>;</c>, <c>||</c>, a closing bracket or the end.</summary>
    public const string ExpectedEnd = "QS1106";

    /// <summary>QS1107: A comma-separated list of values after an operator other than <c>IN</c>.</summary>
    public const string ListNeedsIn = "QS1107";

    /// <summary>QS1108: A <c>...</c> range after an operator other than <c>BTW</c>.</summary>
    public const string RangeNeedsBtw = "QS1108";

    /// <summary>QS1109: Parentheses and cross filters nest deeper than <see cref="QueryParser.MaxDepth"/>.</summary>
    public const string TooDeep = "QS1109";
}
