namespace Trellis.Query.Parsing;

/// <summary>
/// Parses the Octane query language (docs/reference/rest.md#query-language) into a <see cref="Syntax.QueryExpression"/> tree. Every client
/// dialect (JS <c>^…^</c>, C# <c>name='x'</c>, Java <c>(f EQ 'v')</c>, browser <c>parent={id IN '1','2'}</c>) gives the
/// same tree for the same filter. Never throws on any text: a bad query yields a <see cref="QuerySyntaxError"/>.
/// </summary>
public static class QueryParser
{
    /// <summary>How deep parentheses and <c>{ … }</c> cross filters may nest; real clients stay far below it.</summary>
    public const int MaxDepth = 64;

    /// <summary>Parses one statement, such as <c>name EQ 'x';release EQ {id EQ '1001'}</c>.</summary>
    /// <param name="text">The query text, without surrounding quotes.</param>
    /// <returns>The filter, or the first syntax error with its offset and column in <paramref name="text"/>.</returns>
    public static QueryParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new QueryReader(text, 0, text.Length).Read();
    }

    /// <summary>
    /// Parses the REST <c>query</c> parameter as the server receives it, after form decoding (so <c>+</c> is
    /// already a space): one surrounding pair of <c>"</c> is removed when present (docs/reference/rest.md#urls-and-parameters), then the rest
    /// is parsed. <c>"id EQ ^1001^"</c> and <c>id EQ ^1001^</c> give the same tree.
    /// </summary>
    /// <param name="value">The form-decoded parameter value.</param>
    /// <returns>The filter, or the first syntax error with its offset and column in <paramref name="value"/> as given.</returns>
    public static QueryParseResult ParseParameter(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var first = 0;
        var last = value.Length - 1;
        while (first <= last && char.IsWhiteSpace(value[first]))
        {
            first++;
        }

        while (last >= first && char.IsWhiteSpace(value[last]))
        {
            last--;
        }

        // Clients wrap the statement in one pair of quotes (JS, C#, browser apps); the quotes are not part of it.
        if (last > first && value[first] == '"' && value[last] == '"')
        {
            return new QueryReader(value, first + 1, last).Read();
        }

        return new QueryReader(value, 0, value.Length).Read();
    }
}
