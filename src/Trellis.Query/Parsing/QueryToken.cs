using Trellis.Query.Syntax;

namespace Trellis.Query.Parsing;

internal enum QueryTokenKind
{
    End,
    Error,
    Identifier,
    String,
    Number,
    Macro,
    LeftParen,
    RightParen,
    LeftBrace,
    RightBrace,
    Comma,
    Semicolon,
    OrOr,
    Bang,
    Range,
    Equal,
    Less,
    Greater,
    LessOrEqual,
    GreaterOrEqual,
}

// One lexeme: its place in the source, and the value the lexer already decoded (string, number, macro or error).
internal readonly record struct QueryToken(QueryTokenKind Kind, int Start, int Length)
{
    public string? Text { get; init; }

    public decimal Number { get; init; }

    public QueryMacro Macro { get; init; }

    public string? ErrorCode { get; init; }

    public int End => Start + Length;
}
