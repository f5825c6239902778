namespace Trellis.Query.Syntax;

/// <summary>The single-value comparisons; <c>IN</c> and <c>BTW</c> have their own nodes.</summary>
public enum ComparisonOperator
{
    /// <summary><c>EQ</c> or <c>=</c>; <c>*</c> in a string operand is a wildcard.</summary>
    Equal,

    /// <summary><c>LT</c> or <c>&lt;</c>.</summary>
    LessThan,

    /// <summary><c>GT</c> or <c>&gt;</c>.</summary>
    GreaterThan,

    /// <summary><c>LE</c> or <c>&lt;=</c>.</summary>
    LessOrEqual,

    /// <summary><c>GE</c> or <c>&gt;=</c>.</summary>
    GreaterOrEqual,
}
