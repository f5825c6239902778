using System.Collections.Immutable;
using Trellis.Query.Syntax;

namespace Trellis.Query.Parsing;

/// <summary>
/// Recursive descent over <see cref="QueryLexer"/> tokens, one token of look-ahead:
/// <c>statement = and { "||" and }</c>, <c>and = unary { ";" unary }</c>,
/// <c>unary = [ "!" ] ( "(" statement ")" | field op operand )</c>.
/// Each method returns <see langword="null"/> once <see cref="_error"/> is set, and the caller returns at once.
/// </summary>
internal sealed class QueryReader
{
    // A mutable struct, advanced in place: one allocation fewer per parse.
    private QueryLexer _lexer;
    private readonly int _start;
    private QueryToken _current;

    // Only where the previous token was, for messages; copying whole tokens costs write barriers on every step.
    private int _previousStart = -1;
    private int _previousLength;
    private QuerySyntaxError? _error;

    public QueryReader(string source, int start, int end)
    {
        _lexer = new QueryLexer(source, start, end);
        _start = start;
        _current = _lexer.Next();
    }

    private string Source => _lexer.Source;

    public QueryParseResult Read()
    {
        if (_current.Kind == QueryTokenKind.End)
        {
            return QueryParseResult.Failure(MakeError(QuerySyntaxCodes.Empty, $"expected a condition such as name EQ 'x' {Where(_start)}, but the query is empty", _start));
        }

        var expression = ReadStatement(0);
        if (expression is not null && _current.Kind != QueryTokenKind.End)
        {
            Fail(QuerySyntaxCodes.ExpectedEnd, _current.Kind switch
            {
                QueryTokenKind.RightParen => "';', '||' or the end of the query (this ')' closes no '(')",
                QueryTokenKind.RightBrace => "';', '||' or the end of the query (this '}' closes no '{')",
                _ => "';', '||' or the end of the query",
            });
        }

        return _error is null ? QueryParseResult.Success(expression!) : QueryParseResult.Failure(_error);
    }

    private QueryExpression? ReadStatement(int depth)
    {
        var first = ReadAnd(depth);
        if (first is null || _current.Kind != QueryTokenKind.OrOr)
        {
            return first;
        }

        var operands = ImmutableArray.CreateBuilder<QueryExpression>();
        AddFlattened<OrExpression>(operands, first);
        while (_current.Kind == QueryTokenKind.OrOr)
        {
            Advance();
            var next = ReadAnd(depth);
            if (next is null)
            {
                return null;
            }

            AddFlattened<OrExpression>(operands, next);
        }

        return new OrExpression(operands.ToImmutable());
    }

    private QueryExpression? ReadAnd(int depth)
    {
        var first = ReadUnary(depth);
        if (first is null || _current.Kind != QueryTokenKind.Semicolon)
        {
            return first;
        }

        var operands = ImmutableArray.CreateBuilder<QueryExpression>();
        AddFlattened<AndExpression>(operands, first);
        while (_current.Kind == QueryTokenKind.Semicolon)
        {
            Advance();
            var next = ReadUnary(depth);
            if (next is null)
            {
                return null;
            }

            AddFlattened<AndExpression>(operands, next);
        }

        return new AndExpression(operands.ToImmutable());
    }

    // (a;b);c means a;b;c: grouping leaves no trace, so the C# and Java parentheses give the JS tree.
    private static void AddFlattened<T>(ImmutableArray<QueryExpression>.Builder operands, QueryExpression operand)
        where T : QueryExpression
    {
        switch (operand)
        {
            case AndExpression conjunction when typeof(T) == typeof(AndExpression):
                operands.AddRange(conjunction.Operands);
                break;
            case OrExpression disjunction when typeof(T) == typeof(OrExpression):
                operands.AddRange(disjunction.Operands);
                break;
            default:
                operands.Add(operand);
                break;
        }
    }

    private QueryExpression? ReadUnary(int depth)
    {
        if (_current.Kind != QueryTokenKind.Bang)
        {
            return ReadPrimary(depth);
        }

        Advance();
        var operand = ReadPrimary(depth);
        return operand is null ? null : new NotExpression(operand);
    }

    private QueryExpression? ReadPrimary(int depth)
    {
        switch (_current.Kind)
        {
            case QueryTokenKind.LeftParen:
                if (depth >= QueryParser.MaxDepth)
                {
                    return Fail(QuerySyntaxCodes.TooDeep, $"at most {QueryParser.MaxDepth} nested parentheses and cross filters");
                }

                var open = _current;
                Advance();
                var inner = ReadStatement(depth + 1);
                if (inner is null)
                {
                    return null;
                }

                if (_current.Kind != QueryTokenKind.RightParen)
                {
                    return Fail(QuerySyntaxCodes.ExpectedClose, $"')' to close the '(' at column {ColumnOf(open.Start)}, or ';' or '||'");
                }

                Advance();
                return inner;

            case QueryTokenKind.Identifier:
                var field = Source.Substring(_current.Start, _current.Length);
                Advance();
                return ReadCondition(field, depth);

            default:
                return Fail(QuerySyntaxCodes.ExpectedField, "a field name, '!' or '('");
        }
    }

    private QueryExpression? ReadCondition(string field, int depth)
    {
        var op = _current;
        ComparisonOperator comparison;
        switch (op.Kind)
        {
            case QueryTokenKind.Equal:
                comparison = ComparisonOperator.Equal;
                break;
            case QueryTokenKind.Less:
                comparison = ComparisonOperator.LessThan;
                break;
            case QueryTokenKind.Greater:
                comparison = ComparisonOperator.GreaterThan;
                break;
            case QueryTokenKind.LessOrEqual:
                comparison = ComparisonOperator.LessOrEqual;
                break;
            case QueryTokenKind.GreaterOrEqual:
                comparison = ComparisonOperator.GreaterOrEqual;
                break;
            case QueryTokenKind.Identifier when IsWord(op, "IN"):
                Advance();
                return ReadIn(field, depth);
            case QueryTokenKind.Identifier when IsWord(op, "BTW"):
                Advance();
                return ReadBetween(field, depth);
            case QueryTokenKind.Identifier when TryKeywordOperator(op, out var keyword):
                comparison = keyword;
                break;
            default:
                return Fail(QuerySyntaxCodes.ExpectedOperator, "an operator (EQ, LT, GT, LE, GE, IN, BTW, =, <, >, <=, >=)");
        }

        Advance();
        var value = ReadValue(depth);
        if (value is null)
        {
            return null;
        }

        // Say which operator a list or a range needs, rather than only that ';' was expected.
        return _current.Kind switch
        {
            QueryTokenKind.Comma => Fail(QuerySyntaxCodes.ListNeedsIn, $"';', '||' or the end of the condition (a list of values needs IN, not {OperatorText(op)})"),
            QueryTokenKind.Range => Fail(QuerySyntaxCodes.RangeNeedsBtw, $"';', '||' or the end of the condition (a range needs BTW, not {OperatorText(op)})"),
            _ => new ComparisonExpression(field, comparison, value),
        };
    }

    private InExpression? ReadIn(string field, int depth)
    {
        var values = ImmutableArray.CreateBuilder<QueryValue>();
        while (true)
        {
            var value = ReadValue(depth);
            if (value is null)
            {
                return null;
            }

            values.Add(value);
            if (_current.Kind != QueryTokenKind.Comma)
            {
                break;
            }

            Advance();
        }

        if (_current.Kind == QueryTokenKind.Range)
        {
            Fail(QuerySyntaxCodes.RangeNeedsBtw, "',', ';', '||' or the end of the condition (a range needs BTW, not IN)");
            return null;
        }

        return new InExpression(field, values.ToImmutable());
    }

    private BetweenExpression? ReadBetween(string field, int depth)
    {
        var low = ReadValue(depth);
        if (low is null)
        {
            return null;
        }

        if (_current.Kind != QueryTokenKind.Range)
        {
            Fail(QuerySyntaxCodes.ExpectedRange, "'...' between the two bounds of BTW");
            return null;
        }

        Advance();
        var high = ReadValue(depth);
        return high is null ? null : new BetweenExpression(field, low, high);
    }

    private QueryValue? ReadValue(int depth)
    {
        var token = _current;
        switch (token.Kind)
        {
            case QueryTokenKind.String:
                Advance();
                return new StringValue(token.Text!);
            case QueryTokenKind.Number:
                Advance();
                return new NumberValue(token.Number);
            case QueryTokenKind.Macro:
                Advance();
                return new MacroValue(token.Macro);
            case QueryTokenKind.Identifier when IsWord(token, "true"):
                Advance();
                return new BooleanValue(true);
            case QueryTokenKind.Identifier when IsWord(token, "false"):
                Advance();
                return new BooleanValue(false);
            case QueryTokenKind.Identifier when IsWord(token, "null"):
                Advance();
                return NullValue.Instance;
            case QueryTokenKind.LeftBrace:
                return ReadBraced(depth);
            default:
                Fail(QuerySyntaxCodes.ExpectedValue, "a value (a '…' or ^…^ string, a number, true, false, null, {null}, { condition }, [current_user] or [current_release])");
                return null;
        }
    }

    // "{null}" is the empty reference; any other "{ … }" is a cross filter over the referenced entity.
    private QueryValue? ReadBraced(int depth)
    {
        if (depth >= QueryParser.MaxDepth)
        {
            Fail(QuerySyntaxCodes.TooDeep, $"at most {QueryParser.MaxDepth} nested parentheses and cross filters");
            return null;
        }

        var open = _current;
        Advance();
        if (_current.Kind == QueryTokenKind.Identifier && IsWord(_current, "null"))
        {
            var saved = (_current, _previousStart, _previousLength, _lexer.Position);
            Advance();
            if (_current.Kind == QueryTokenKind.RightBrace)
            {
                Advance();
                return NullReferenceValue.Instance;
            }

            // A field that happens to be named "null": rewind and read a statement.
            (_current, _previousStart, _previousLength, _lexer.Position) = saved;
        }

        var filter = ReadStatement(depth + 1);
        if (filter is null)
        {
            return null;
        }

        if (_current.Kind != QueryTokenKind.RightBrace)
        {
            Fail(QuerySyntaxCodes.ExpectedClose, $"'}}' to close the '{{' at column {ColumnOf(open.Start)}, or ';' or '||'");
            return null;
        }

        Advance();
        return new CrossFilterValue(filter);
    }

    private static readonly (string Word, ComparisonOperator Operator)[] s_keywordOperators =
    [
        ("EQ", ComparisonOperator.Equal),
        ("LT", ComparisonOperator.LessThan),
        ("GT", ComparisonOperator.GreaterThan),
        ("LE", ComparisonOperator.LessOrEqual),
        ("GE", ComparisonOperator.GreaterOrEqual),
    ];

    private bool TryKeywordOperator(QueryToken token, out ComparisonOperator comparison)
    {
        foreach (var (word, op) in s_keywordOperators)
        {
            if (IsWord(token, word))
            {
                comparison = op;
                return true;
            }
        }

        comparison = default;
        return false;
    }

    // Keywords are case-insensitive (docs/reference/rest.md#query-language).
    private bool IsWord(QueryToken token, string word) =>
        token.Length == word.Length && Source.AsSpan(token.Start, token.Length).Equals(word, StringComparison.OrdinalIgnoreCase);

    private string OperatorText(QueryToken op) => Source.Substring(op.Start, op.Length);

    private void Advance()
    {
        _previousStart = _current.Start;
        _previousLength = _current.Length;
        _current = _lexer.Next();
    }

    private QueryExpression? Fail(string code, string expected)
    {
        // A malformed string, number or macro is the real problem, whatever the parser expected there.
        if (_current.Kind == QueryTokenKind.Error && _current.ErrorCode is not null)
        {
            return FailLexical();
        }

        var after = _previousStart >= 0 ? $" after '{QueryLexer.Shorten(Source.AsSpan(_previousStart, _previousLength))}'" : string.Empty;
        var message = $"expected {expected}{after} {Where(_current.Start)}, found {Describe(_current)}";
        _error ??= MakeError(code, message, _current.Start);
        return null;
    }

    private QueryExpression? FailLexical()
    {
        // The lexer's message says what was expected; the location is added here, where the line is known.
        _error ??= MakeError(_current.ErrorCode!, $"{_current.Text} {Where(_current.Start)}", _current.Start);
        return null;
    }

    private string Describe(QueryToken token) => token.Kind switch
    {
        QueryTokenKind.End => "the end of the query",
        QueryTokenKind.Error when token.Text is not null => $"'{Source[token.Start]}' ({token.Text})",
        _ => $"'{QueryLexer.Shorten(Source.AsSpan(token.Start, token.Length))}'",
    };

    private string Where(int offset)
    {
        var (line, column) = LineAndColumn(offset);
        return line == 1 ? $"at column {column}" : $"at line {line}, column {column}";
    }

    private int ColumnOf(int offset) => LineAndColumn(offset).Column;

    private (int Line, int Column) LineAndColumn(int offset)
    {
        var before = Source.AsSpan(0, offset);
        var line = before.Count('\n') + 1;
        var lineStart = before.LastIndexOf('\n') + 1;
        return (line, offset - lineStart + 1);
    }

    private QuerySyntaxError MakeError(string code, string message, int offset)
    {
        var (line, column) = LineAndColumn(offset);
        return new QuerySyntaxError(code, message, offset, line, column);
    }
}
