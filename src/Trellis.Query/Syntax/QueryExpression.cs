using System.Collections.Immutable;
using Trellis.Query.Printing;

namespace Trellis.Query.Syntax;

/// <summary>
/// A boolean filter of the Octane query language (docs/reference/rest.md#query-language): a field condition, or <c>!</c>, <c>;</c> (AND)
/// or <c>||</c> (OR) over filters. Grouping parentheses leave no trace, so every client form of one filter gives
/// equal trees. Switch on the sealed subtypes, or call <see cref="Accept{TResult}"/> for a compile-time complete walk.
/// </summary>
public abstract record QueryExpression
{
    private protected QueryExpression()
    {
    }

    /// <summary>Calls the visitor method for this node's type.</summary>
    /// <typeparam name="TResult">What the visitor computes.</typeparam>
    /// <param name="visitor">The visitor.</param>
    /// <returns>The visitor's result.</returns>
    public abstract TResult Accept<TResult>(IQueryExpressionVisitor<TResult> visitor);

    /// <summary>Gets the filter in the canonical form of <see cref="QueryPrinter.Print(QueryExpression)"/>.</summary>
    /// <returns>The canonical query text, without surrounding quotes.</returns>
    public sealed override string ToString() => QueryPrinter.Print(this);
}

/// <summary>Filters joined by <c>||</c>: true when any operand is. Nested ORs are flattened into one node.</summary>
/// <param name="Operands">Two or more operands, none of them an <see cref="OrExpression"/>.</param>
public sealed record OrExpression(ImmutableArray<QueryExpression> Operands) : QueryExpression
{
    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitOr(this);
    }

    /// <summary>Compares the operands element by element, so equal text gives equal trees.</summary>
    /// <param name="other">The node to compare with.</param>
    /// <returns><see langword="true"/> when both have equal operands in the same order.</returns>
    public bool Equals(OrExpression? other) => other is not null && SequenceEquality.Equal(Operands, other.Operands);

    /// <inheritdoc />
    public override int GetHashCode() => SequenceEquality.Hash(Operands, 17);
}

/// <summary>Filters joined by <c>;</c>: true when every operand is. Nested ANDs are flattened into one node.</summary>
/// <param name="Operands">Two or more operands, none of them an <see cref="AndExpression"/>.</param>
public sealed record AndExpression(ImmutableArray<QueryExpression> Operands) : QueryExpression
{
    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitAnd(this);
    }

    /// <summary>Compares the operands element by element, so equal text gives equal trees.</summary>
    /// <param name="other">The node to compare with.</param>
    /// <returns><see langword="true"/> when both have equal operands in the same order.</returns>
    public bool Equals(AndExpression? other) => other is not null && SequenceEquality.Equal(Operands, other.Operands);

    /// <inheritdoc />
    public override int GetHashCode() => SequenceEquality.Hash(Operands, 31);
}

/// <summary>A filter prefixed with <c>!</c>: true when the operand is false.</summary>
/// <param name="Operand">The negated filter.</param>
public sealed record NotExpression(QueryExpression Operand) : QueryExpression
{
    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitNot(this);
    }
}

/// <summary>A condition on one field: the leaves of the tree.</summary>
/// <param name="Field">The field name as written (an identifier such as <c>release</c> or <c>risk_udf</c>).</param>
public abstract record FieldExpression(string Field) : QueryExpression;

/// <summary><c>field op value</c> with one of <c>EQ LT GT LE GE</c> (or <c>= &lt; &gt; &lt;= &gt;=</c>).</summary>
/// <param name="Field">The field name.</param>
/// <param name="Operator">The comparison; <c>=</c> and <c>EQ</c> are the same operator.</param>
/// <param name="Value">The operand; a <see cref="CrossFilterValue"/> filters a reference by its target's fields.</param>
public sealed record ComparisonExpression(string Field, ComparisonOperator Operator, QueryValue Value) : FieldExpression(Field)
{
    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitComparison(this);
    }
}

/// <summary><c>field IN a,b,c</c>: true when the field equals any value. <c>*</c> in a string is a wildcard.</summary>
/// <param name="Field">The field name.</param>
/// <param name="Values">One or more values, in the order written.</param>
public sealed record InExpression(string Field, ImmutableArray<QueryValue> Values) : FieldExpression(Field)
{
    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitIn(this);
    }

    /// <summary>Compares the values element by element, so equal text gives equal trees.</summary>
    /// <param name="other">The node to compare with.</param>
    /// <returns><see langword="true"/> when both name the same field and equal values in the same order.</returns>
    public bool Equals(InExpression? other) =>
        other is not null && string.Equals(Field, other.Field, StringComparison.Ordinal) && SequenceEquality.Equal(Values, other.Values);

    /// <inheritdoc />
    public override int GetHashCode() => SequenceEquality.Hash(Values, StringComparer.Ordinal.GetHashCode(Field));
}

/// <summary><c>field BTW low...high</c>: true when <c>low &lt;= field &lt;= high</c> (both ends inclusive).</summary>
/// <param name="Field">The field name.</param>
/// <param name="Low">The lower bound.</param>
/// <param name="High">The upper bound.</param>
public sealed record BetweenExpression(string Field, QueryValue Low, QueryValue High) : FieldExpression(Field)
{
    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryExpressionVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitBetween(this);
    }
}
