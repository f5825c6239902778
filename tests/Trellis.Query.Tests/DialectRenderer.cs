using System.Text;
using Trellis.Query.Syntax;

namespace Trellis.Query.Tests;

// Writes a tree the way some client might: any keyword case or symbol, ^…^ or '…' strings with extra escapes,
// free whitespace, redundant parentheses (Java wraps every condition, C# every OR group) and "…" for ranges.
internal sealed class DialectRenderer(int seed)
{
    private readonly Random _random = new(seed);

    public string Render(QueryExpression expression)
    {
        var builder = new StringBuilder();
        Space(builder);
        Write(builder, expression);
        Space(builder);
        return builder.ToString();
    }

    private void Write(StringBuilder b, QueryExpression expression)
    {
        // Redundant parentheses never change the tree.
        if (Chance(5))
        {
            b.Append('(');
            Space(b);
            WriteBare(b, expression);
            Space(b);
            b.Append(')');
            return;
        }

        WriteBare(b, expression);
    }

    private void WriteBare(StringBuilder b, QueryExpression expression)
    {
        switch (expression)
        {
            case OrExpression disjunction:
                for (var i = 0; i < disjunction.Operands.Length; i++)
                {
                    if (i > 0)
                    {
                        Space(b);
                        b.Append("||");
                        Space(b);
                    }

                    Write(b, disjunction.Operands[i]);
                }

                break;
            case AndExpression conjunction:
                for (var i = 0; i < conjunction.Operands.Length; i++)
                {
                    if (i > 0)
                    {
                        Space(b);
                        b.Append(';');
                        Space(b);
                    }

                    Grouped(b, conjunction.Operands[i], conjunction.Operands[i] is OrExpression);
                }

                break;
            case NotExpression negation:
                b.Append('!');
                Space(b);
                Grouped(b, negation.Operand, negation.Operand is not FieldExpression);
                break;
            case ComparisonExpression comparison:
                b.Append(comparison.Field);
                Operator(b, comparison.Operator);
                WriteValue(b, comparison.Value);
                break;
            case InExpression @in:
                b.Append(@in.Field);
                Keyword(b, "IN");
                for (var i = 0; i < @in.Values.Length; i++)
                {
                    if (i > 0)
                    {
                        Space(b);
                        b.Append(',');
                        Space(b);
                    }

                    WriteValue(b, @in.Values[i]);
                }

                break;
            case BetweenExpression between:
                b.Append(between.Field);
                Keyword(b, "BTW");
                WriteValue(b, between.Low);
                Space(b);
                b.Append(Pick("...", "\u2026"));
                Space(b);
                WriteValue(b, between.High);
                break;
        }
    }

    private void Grouped(StringBuilder b, QueryExpression expression, bool required)
    {
        if (required)
        {
            b.Append('(');
            Space(b);
            WriteBare(b, expression);
            Space(b);
            b.Append(')');
        }
        else
        {
            Write(b, expression);
        }
    }

    private void WriteValue(StringBuilder b, QueryValue value)
    {
        switch (value)
        {
            case StringValue s:
                var quote = Chance(2) ? '^' : '\'';
                b.Append(quote);
                foreach (var c in s.Value)
                {
                    // The quote and "\" must be escaped; escaping anything else is allowed and changes nothing.
                    if (c == quote || c == '\\' || Chance(10))
                    {
                        b.Append('\\');
                    }

                    b.Append(c);
                }

                b.Append(quote);
                break;
            case NumberValue n:
                b.Append(n.Text);
                break;
            case BooleanValue boolean:
                b.Append(Case(boolean.Value ? "true" : "false"));
                break;
            case NullValue:
                b.Append(Case("null"));
                break;
            case NullReferenceValue:
                b.Append('{');
                Space(b);
                b.Append(Case("null"));
                Space(b);
                b.Append('}');
                break;
            case CrossFilterValue cross:
                b.Append('{');
                Space(b);
                Write(b, cross.Filter);
                Space(b);
                b.Append('}');
                break;
            case MacroValue macro:
                b.Append('[').Append(Case(macro.Macro == QueryMacro.CurrentUser ? "current_user" : "current_release")).Append(']');
                break;
        }
    }

    private void Operator(StringBuilder b, ComparisonOperator op)
    {
        var (word, symbol) = op switch
        {
            ComparisonOperator.Equal => ("EQ", "="),
            ComparisonOperator.LessThan => ("LT", "<"),
            ComparisonOperator.GreaterThan => ("GT", ">"),
            ComparisonOperator.LessOrEqual => ("LE", "<="),
            _ => ("GE", ">="),
        };
        if (Chance(2))
        {
            Keyword(b, word);
        }
        else
        {
            Space(b);
            b.Append(symbol);
            Space(b);
        }
    }

    // Words need whitespace on both sides; symbols do not.
    private void Keyword(StringBuilder b, string word)
    {
        b.Append(Pick(" ", "  ", "\t", " \n"));
        b.Append(Case(word));
        b.Append(Pick(" ", "  ", "\t"));
    }

    private string Case(string word) => _random.Next(3) switch
    {
        0 => word.ToLowerInvariant(),
        1 => word.ToUpperInvariant(),
        _ => string.Concat(word[..1].ToUpperInvariant(), word[1..].ToLowerInvariant()),
    };

    private void Space(StringBuilder b)
    {
        if (Chance(3))
        {
            b.Append(Pick(" ", "  ", "\t", "\r\n"));
        }
    }

    private string Pick(params string[] options) => options[_random.Next(options.Length)];

    private bool Chance(int oneIn) => _random.Next(oneIn) == 0;
}
