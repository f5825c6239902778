namespace Trellis.Query.Syntax;

/// <summary>
/// One method per kind of filter node, so a compiler over the tree (to SQL, for instance) is checked complete at
/// compile time. Call <see cref="QueryExpression.Accept{TResult}"/> to dispatch.
/// </summary>
/// <typeparam name="TResult">What the visitor computes for each node.</typeparam>
public interface IQueryExpressionVisitor<out TResult>
{
    /// <summary>Visits <c>a||b</c>.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The result for the node.</returns>
    TResult VisitOr(OrExpression node);

    /// <summary>Visits <c>a;b</c>.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The result for the node.</returns>
    TResult VisitAnd(AndExpression node);

    /// <summary>Visits <c>!a</c>.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The result for the node.</returns>
    TResult VisitNot(NotExpression node);

    /// <summary>Visits <c>field EQ|LT|GT|LE|GE value</c>.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The result for the node.</returns>
    TResult VisitComparison(ComparisonExpression node);

    /// <summary>Visits <c>field IN a,b</c>.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The result for the node.</returns>
    TResult VisitIn(InExpression node);

    /// <summary>Visits <c>field BTW a...b</c>.</summary>
    /// <param name="node">The node.</param>
    /// <returns>The result for the node.</returns>
    TResult VisitBetween(BetweenExpression node);
}

/// <summary>One method per kind of operand; call <see cref="QueryValue.Accept{TResult}"/> to dispatch.</summary>
/// <typeparam name="TResult">What the visitor computes for each value.</typeparam>
public interface IQueryValueVisitor<out TResult>
{
    /// <summary>Visits a string.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result for the value.</returns>
    TResult VisitString(StringValue value);

    /// <summary>Visits a number.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result for the value.</returns>
    TResult VisitNumber(NumberValue value);

    /// <summary>Visits <c>true</c> or <c>false</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result for the value.</returns>
    TResult VisitBoolean(BooleanValue value);

    /// <summary>Visits <c>null</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result for the value.</returns>
    TResult VisitNull(NullValue value);

    /// <summary>Visits <c>{null}</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result for the value.</returns>
    TResult VisitNullReference(NullReferenceValue value);

    /// <summary>Visits <c>{ statement }</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result for the value.</returns>
    TResult VisitCrossFilter(CrossFilterValue value);

    /// <summary>Visits <c>[current_user]</c> or <c>[current_release]</c>.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The result for the value.</returns>
    TResult VisitMacro(MacroValue value);
}
