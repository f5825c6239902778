namespace Trellis.Query.Parsing;

/// <summary>Why a query does not parse, located exactly. The parser stops at the first error.</summary>
/// <param name="Code">A stable code from <see cref="QuerySyntaxCodes"/>.</param>
/// <param name="Message">A sentence for a person naming what was expected and where, such as
/// <c>expected an operator after 'name' at column 6, found '^x^'</c>.</param>
/// <param name="Offset">0-based UTF-16 index in the text given to the parser (for
/// <see cref="QueryParser.ParseParameter"/>, the raw parameter with its quotes).</param>
/// <param name="Line">1-based line; queries are usually one line.</param>
/// <param name="Column">1-based column (UTF-16 code units) within <paramref name="Line"/>.</param>
public sealed record QuerySyntaxError(string Code, string Message, int Offset, int Line, int Column);
