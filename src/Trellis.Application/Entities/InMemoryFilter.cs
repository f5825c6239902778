using System.Text.Json.Nodes;
using Trellis.Query.Syntax;

namespace Trellis.Application.Entities;

/// <summary>
/// A query compiled to a predicate over rendered items, for collections small enough to filter in memory: the
/// connectives are the same for all of them, each filter decides what a comparison and its fields mean.
/// </summary>
internal abstract class InMemoryFilter : IQueryExpressionVisitor<Func<JsonObject, bool>>
{
    public Func<JsonObject, bool> VisitOr(OrExpression node)
    {
        var operands = node.Operands.Select(o => o.Accept(this)).ToArray();
        return item => operands.Any(o => o(item));
    }

    public Func<JsonObject, bool> VisitAnd(AndExpression node)
    {
        var operands = node.Operands.Select(o => o.Accept(this)).ToArray();
        return item => operands.All(o => o(item));
    }

    public Func<JsonObject, bool> VisitNot(NotExpression node)
    {
        var operand = node.Operand.Accept(this);
        return item => !operand(item);
    }

    public abstract Func<JsonObject, bool> VisitComparison(ComparisonExpression node);

    public abstract Func<JsonObject, bool> VisitIn(InExpression node);

    public abstract Func<JsonObject, bool> VisitBetween(BetweenExpression node);
}
