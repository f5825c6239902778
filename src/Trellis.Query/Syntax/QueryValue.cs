using System.Collections.Immutable;
using System.Globalization;
using Trellis.Query.Printing;

namespace Trellis.Query.Syntax;

/// <summary>
/// An operand of the Octane query language: a string, number, boolean, <c>null</c>, <c>{null}</c>, a
/// <c>{ … }</c> cross filter or a <c>[…]</c> macro. <c>^…^</c> and <c>'…'</c> strings give equal values.
/// </summary>
public abstract record QueryValue
{
    private protected QueryValue()
    {
    }

    /// <summary>Calls the visitor method for this value's type.</summary>
    /// <typeparam name="TResult">What the visitor computes.</typeparam>
    /// <param name="visitor">The visitor.</param>
    /// <returns>The visitor's result.</returns>
    public abstract TResult Accept<TResult>(IQueryValueVisitor<TResult> visitor);

    /// <summary>Gets the value in canonical query syntax, such as <c>'a\'b'</c> or <c>{null}</c>.</summary>
    /// <returns>The printed value.</returns>
    public sealed override string ToString() => QueryPrinter.Print(this);
}

/// <summary>A <c>^…^</c> or <c>'…'</c> string, with its <c>\</c> escapes resolved.</summary>
/// <param name="Value">The characters between the quotes, unescaped.</param>
public sealed record StringValue(string Value) : QueryValue
{
    /// <summary>
    /// Gets a value indicating whether the string holds a <c>*</c>, which is a wildcard (any run of characters)
    /// when the operator is <c>EQ</c>, <c>=</c> or <c>IN</c>. <c>\*</c> is also a wildcard: the language has no
    /// literal star, and a wildcard star matches a star anyway.
    /// </summary>
    public bool HasWildcard => Value.Contains('*', StringComparison.Ordinal);

    /// <summary>
    /// Splits the string at each <c>*</c>, so a matcher can build its own pattern: <c>*abc*</c> gives
    /// <c>["", "abc", ""]</c>, and a string without a star gives one part.
    /// </summary>
    /// <returns>The literal runs between the wildcards, in order.</returns>
    public ImmutableArray<string> GetWildcardParts() => [.. Value.Split('*')];

    /// <summary>
    /// Reads the string as a date (docs/reference/rest.md#query-language): <c>yyyy-MM-dd</c>, optionally <c>THH:mm</c>, then <c>:ss</c>,
    /// then a fraction of 1 to 9 digits, then <c>Z</c> or an offset such as <c>+02:00</c>. A missing zone means UTC.
    /// </summary>
    /// <returns>The instant, or <see langword="null"/> when the string is not such a date.</returns>
    public DateTimeOffset? ReadDate() => QueryDates.TryRead(Value, out var date, out _) ? date : null;

    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryValueVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitString(this);
    }
}

/// <summary>A number: digits with an optional leading <c>-</c> and an optional fraction (no exponent).</summary>
/// <param name="Value">The number; <c>1.50</c> equals <c>1.5</c>.</param>
public sealed record NumberValue(decimal Value) : QueryValue
{
    /// <summary>Gets the number in invariant culture, as it is printed (<c>1001</c>, <c>-2.5</c>).</summary>
    public string Text => Value.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryValueVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitNumber(this);
    }
}

/// <summary><c>true</c> or <c>false</c> (any case).</summary>
/// <param name="Value">The boolean.</param>
public sealed record BooleanValue(bool Value) : QueryValue
{
    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryValueVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitBoolean(this);
    }
}

/// <summary>The bare keyword <c>null</c>: with <c>EQ</c> it matches a null or empty value.</summary>
public sealed record NullValue : QueryValue
{
    /// <summary>Gets the one instance (every instance is equal anyway).</summary>
    public static NullValue Instance { get; } = new();

    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryValueVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitNull(this);
    }
}

/// <summary><c>{null}</c>: with <c>EQ</c> it matches an empty reference.</summary>
public sealed record NullReferenceValue : QueryValue
{
    /// <summary>Gets the one instance (every instance is equal anyway).</summary>
    public static NullReferenceValue Instance { get; } = new();

    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryValueVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitNullReference(this);
    }
}

/// <summary>
/// <c>{ statement }</c>: a filter over the entities a reference points to, as in
/// <c>release EQ {id EQ '1001'}</c>. On a multi-reference it matches when any target matches.
/// </summary>
/// <param name="Filter">The filter the referenced entity must pass.</param>
public sealed record CrossFilterValue(QueryExpression Filter) : QueryValue
{
    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryValueVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitCrossFilter(this);
    }
}

/// <summary>A value the server fills in at run time: <c>[current_user]</c> or <c>[current_release]</c> (any case).</summary>
/// <param name="Macro">Which value.</param>
public sealed record MacroValue(QueryMacro Macro) : QueryValue
{
    /// <inheritdoc />
    public override TResult Accept<TResult>(IQueryValueVisitor<TResult> visitor)
    {
        ArgumentNullException.ThrowIfNull(visitor);
        return visitor.VisitMacro(this);
    }
}

/// <summary>The run-time values a query can name in brackets.</summary>
public enum QueryMacro
{
    /// <summary><c>[current_user]</c>: the signed-in user.</summary>
    CurrentUser,

    /// <summary><c>[current_release]</c>: the earliest release whose dates contain today.</summary>
    CurrentRelease,
}
