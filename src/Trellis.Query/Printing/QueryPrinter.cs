using System.Text;
using Trellis.Query.Syntax;

namespace Trellis.Query.Printing;

/// <summary>
/// Prints a filter in Trellis's canonical form, the <c>EQ</c>/<c>IN</c> dialect with <c>'…'</c> strings that the
/// <c>{query}</c> URL token carries (docs/reference/launches.md#url-tokens): <c>name EQ 'a\'b';(id IN '1','2'||release EQ {id EQ '1001'})</c>.
/// Parsing the printed text gives an equal tree.
/// </summary>
public static class QueryPrinter
{
    /// <summary>Prints a filter without surrounding quotes.</summary>
    /// <param name="expression">The filter.</param>
    /// <returns>The canonical query text.</returns>
    public static string Print(QueryExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var builder = new StringBuilder();
        Write(builder, expression);
        return builder.ToString();
    }

    /// <summary>Prints one operand as it appears after an operator.</summary>
    /// <param name="value">The operand.</param>
    /// <returns>The canonical text, such as <c>'x'</c>, <c>-2.5</c> or <c>{null}</c>.</returns>
    public static string Print(QueryValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder();
        Write(builder, value);
        return builder.ToString();
    }

    /// <summary>
    /// Prints a filter as the value of the REST <c>query</c> parameter, inside one pair of <c>"</c>, which is the
    /// value of the <c>{query}</c> token before URL encoding.
    /// </summary>
    /// <param name="expression">The filter.</param>
    /// <returns>The quoted canonical query text.</returns>
    public static string PrintParameter(QueryExpression expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var builder = new StringBuilder().Append('"');
        Write(builder, expression);
        return builder.Append('"').ToString();
    }

    /// <summary>Writes a string operand in <c>'…'</c> quotes, escaping <c>'</c> and <c>\</c> with <c>\</c>.</summary>
    /// <param name="builder">Where to write.</param>
    /// <param name="text">The unescaped string.</param>
    /// <returns>The same builder.</returns>
    public static StringBuilder AppendQuoted(StringBuilder builder, string text)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(text);
        builder.Append('\'');
        var run = 0;
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] is '\'' or '\\')
            {
                builder.Append(text, run, i - run).Append('\\').Append(text[i]);
                run = i + 1;
            }
        }

        return builder.Append(text, run, text.Length - run).Append('\'');
    }

    private static void Write(StringBuilder builder, QueryExpression expression)
    {
        switch (expression)
        {
            case OrExpression disjunction:
                for (var i = 0; i < disjunction.Operands.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append("||");
                    }

                    // AND binds tighter than OR, so its operands need no parentheses here.
                    Write(builder, disjunction.Operands[i]);
                }

                break;

            case AndExpression conjunction:
                for (var i = 0; i < conjunction.Operands.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(';');
                    }

                    WriteGrouped(builder, conjunction.Operands[i], conjunction.Operands[i] is OrExpression);
                }

                break;

            case NotExpression negation:
                builder.Append('!');

                // "!" binds tighter than ";" and "||", and the grammar allows only one "!" before a group.
                WriteGrouped(builder, negation.Operand, negation.Operand is not FieldExpression);
                break;

            case ComparisonExpression comparison:
                builder.Append(comparison.Field).Append(' ').Append(Keyword(comparison.Operator)).Append(' ');
                Write(builder, comparison.Value);
                break;

            case InExpression @in:
                builder.Append(@in.Field).Append(" IN ");
                for (var i = 0; i < @in.Values.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    Write(builder, @in.Values[i]);
                }

                break;

            case BetweenExpression between:
                builder.Append(between.Field).Append(" BTW ");
                Write(builder, between.Low);
                builder.Append("...");
                Write(builder, between.High);
                break;

            default:
                throw new ArgumentOutOfRangeException(nameof(expression), expression.GetType().Name, "Unknown query node.");
        }
    }

    private static void WriteGrouped(StringBuilder builder, QueryExpression expression, bool parenthesise)
    {
        if (parenthesise)
        {
            builder.Append('(');
        }

        Write(builder, expression);
        if (parenthesise)
        {
            builder.Append(')');
        }
    }

    private static void Write(StringBuilder builder, QueryValue value)
    {
        switch (value)
        {
            case StringValue s:
                AppendQuoted(builder, s.Value);
                break;
            case NumberValue n:
                builder.Append(n.Text);
                break;
            case BooleanValue b:
                builder.Append(b.Value ? "true" : "false");
                break;
            case NullValue:
                builder.Append("null");
                break;
            case NullReferenceValue:
                builder.Append("{null}");
                break;
            case CrossFilterValue cross:
                builder.Append('{');
                Write(builder, cross.Filter);
                builder.Append('}');
                break;
            case MacroValue macro:
                builder.Append(macro.Macro == QueryMacro.CurrentUser ? "[current_user]" : "[current_release]");
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(value), value.GetType().Name, "Unknown query value.");
        }
    }

    private static string Keyword(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "EQ",
        ComparisonOperator.LessThan => "LT",
        ComparisonOperator.GreaterThan => "GT",
        ComparisonOperator.LessOrEqual => "LE",
        ComparisonOperator.GreaterOrEqual => "GE",
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, "Unknown comparison operator."),
    };
}
