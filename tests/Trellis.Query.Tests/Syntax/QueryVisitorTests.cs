using System.Collections.Immutable;
using Trellis.Query.Syntax;
using static Trellis.Query.Tests.Ast;

namespace Trellis.Query.Tests.Syntax;

public sealed class QueryVisitorTests
{
    [Fact]
    public void Accept_EveryNodeKind_ReachesItsVisitMethod()
    {
        var tree = ParseOk("!(a=1||b IN 'x',{c=[current_user]});d BTW 1...2;e={null};f=null;g=true");

        var trace = tree.Accept(new TracingVisitor());

        Assert.Equal(
            "and(not(or(cmp a:number,in b:string|cross(cmp c:macro))),btw d:number..number,cmp e:nullref,cmp f:null,cmp g:boolean)",
            trace);
    }

    [Fact]
    public void Switch_OnSealedNodes_CollectsEveryField()
    {
        var tree = ParseOk("release={id=1;phase={name='New'}}||!owner IN [current_user]");

        Assert.Equal(["release", "id", "phase", "name", "owner"], Fields(tree));
    }

    private static ImmutableArray<string> Fields(QueryExpression expression) => expression switch
    {
        AndExpression and => [.. and.Operands.SelectMany(o => Fields(o))],
        OrExpression or => [.. or.Operands.SelectMany(o => Fields(o))],
        NotExpression not => Fields(not.Operand),
        ComparisonExpression { Value: CrossFilterValue cross } c => [c.Field, .. Fields(cross.Filter)],
        FieldExpression field => [field.Field],
        _ => [],
    };

    // Prints the node kinds, to prove the dispatch of both visitor interfaces.
    private sealed class TracingVisitor : IQueryExpressionVisitor<string>, IQueryValueVisitor<string>
    {
        public string VisitOr(OrExpression node) => $"or({string.Join(',', node.Operands.Select(o => o.Accept(this)))})";

        public string VisitAnd(AndExpression node) => $"and({string.Join(',', node.Operands.Select(o => o.Accept(this)))})";

        public string VisitNot(NotExpression node) => $"not({node.Operand.Accept(this)})";

        public string VisitComparison(ComparisonExpression node) => $"cmp {node.Field}:{node.Value.Accept(this)}";

        public string VisitIn(InExpression node) => $"in {node.Field}:{string.Join('|', node.Values.Select(v => v.Accept(this)))}";

        public string VisitBetween(BetweenExpression node) => $"btw {node.Field}:{node.Low.Accept(this)}..{node.High.Accept(this)}";

        public string VisitString(StringValue value) => "string";

        public string VisitNumber(NumberValue value) => "number";

        public string VisitBoolean(BooleanValue value) => "boolean";

        public string VisitNull(NullValue value) => "null";

        public string VisitNullReference(NullReferenceValue value) => "nullref";

        public string VisitCrossFilter(CrossFilterValue value) => $"cross({value.Filter.Accept(this)})";

        public string VisitMacro(MacroValue value) => "macro";
    }
}
