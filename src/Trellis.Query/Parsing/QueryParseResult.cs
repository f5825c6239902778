using System.Diagnostics.CodeAnalysis;
using Trellis.Query.Syntax;

namespace Trellis.Query.Parsing;

/// <summary>What <see cref="QueryParser"/> found: the filter, or the first syntax error.</summary>
public sealed class QueryParseResult
{
    private QueryParseResult(QueryExpression? expression, QuerySyntaxError? error)
    {
        Expression = expression;
        Error = error;
    }

    /// <summary>Gets the parsed filter; <see langword="null"/> exactly when <see cref="Error"/> is set.</summary>
    public QueryExpression? Expression { get; }

    /// <summary>Gets the syntax error; <see langword="null"/> exactly when <see cref="Expression"/> is set.</summary>
    public QuerySyntaxError? Error { get; }

    /// <summary>Gets a value indicating whether the query parsed.</summary>
    [MemberNotNullWhen(true, nameof(Expression))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    /// <inheritdoc />
    public override string ToString() => IsSuccess ? Expression.ToString() : $"{Error.Code}: {Error.Message}";

    internal static QueryParseResult Success(QueryExpression expression) => new(expression, null);

    internal static QueryParseResult Failure(QuerySyntaxError error) => new(null, error);
}
