using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json.Nodes;
using Trellis.Application.Errors;
using Trellis.Query.Parsing;
using Trellis.Query.Syntax;

namespace Trellis.Application.Entities;

/// <summary>
/// The <c>query</c> of <c>…/metadata/fields</c> and <c>…/metadata/entities</c> (docs/reference/rest.md#metadata), evaluated over the
/// rendered items: metadata is small and cached, so it is filtered in memory with the list's own semantics
/// (case-insensitive strings, <c>*</c> wildcards, <c>IN</c>, <c>!</c>, <c>;</c>, <c>||</c>).
/// </summary>
internal sealed class MetadataFilter : InMemoryFilter
{
    private readonly FrozenSet<string> _fields;
    private OctaneError? _error;

    private MetadataFilter(FrozenSet<string> fields) => _fields = fields;

    /// <summary>The fields of <c>…/metadata/fields</c> a query may name.</summary>
    public static FrozenSet<string> FieldMetadataFields { get; } =
        FrozenSet.Create(StringComparer.Ordinal, "entity_name", "name", "label", "field_type", "visible_in_ui", "editable", "is_user_defined", "required", "sortable", "filterable");

    /// <summary>The fields of <c>…/metadata/entities</c> a query may name.</summary>
    public static FrozenSet<string> EntityMetadataFields { get; } = FrozenSet.Create(StringComparer.Ordinal, "name", "label");

    /// <summary>A predicate over rendered items, <see langword="null"/> for a blank query, or the error.</summary>
    public static (Func<JsonObject, bool>? Predicate, OctaneError? Error) Compile(string parameter, FrozenSet<string> fields)
    {
        if (QueryCompiler.IsBlank(parameter))
        {
            return (null, null);
        }

        var parsed = QueryParser.ParseParameter(parameter);
        if (!parsed.IsSuccess)
        {
            return (null, OctaneError.BadRequest(OctaneErrorCodes.QuerySyntaxError, parsed.Error.Message));
        }

        var filter = new MetadataFilter(fields);
        var predicate = parsed.Expression.Accept(filter);
        return filter._error is { } error ? (null, error) : (predicate, null);
    }

    public override Func<JsonObject, bool> VisitComparison(ComparisonExpression node)
    {
        if (!Known(node.Field))
        {
            return _ => false;
        }

        if (node.Operator != ComparisonOperator.Equal)
        {
            Fail($"{node.Field} is compared by EQ or IN here.");
            return _ => false;
        }

        var matches = Matcher(node.Value);
        return item => matches(item[node.Field]);
    }

    public override Func<JsonObject, bool> VisitIn(InExpression node)
    {
        if (!Known(node.Field))
        {
            return _ => false;
        }

        var matchers = node.Values.Select(Matcher).ToArray();
        return item => matchers.Any(m => m(item[node.Field]));
    }

    public override Func<JsonObject, bool> VisitBetween(BetweenExpression node)
    {
        Fail($"{node.Field} is compared by EQ or IN here.");
        return _ => false;
    }

    private bool Known(string field)
    {
        if (_fields.Contains(field))
        {
            return true;
        }

        _error ??= OctaneError.BadRequest(OctaneErrorCodes.UnknownField, $"Metadata cannot be filtered by '{field}'.");
        return false;
    }

    private void Fail(string description) => _error ??= OctaneError.BadRequest(OctaneErrorCodes.QuerySyntaxError, description);

    private Func<JsonNode?, bool> Matcher(QueryValue value)
    {
        switch (value)
        {
            case NullValue or NullReferenceValue:
                return node => node is null || (node is JsonValue v && v.TryGetValue<string>(out var s) && s.Length == 0);
            case BooleanValue flag:
                return node => node is JsonValue v && v.TryGetValue<bool>(out var b) && b == flag.Value;
            case NumberValue number:
                return node => node is JsonValue v && v.TryGetValue<int>(out var n) && n == number.Value;
            case StringValue text when text.HasWildcard:
                var parts = text.GetWildcardParts();
                return node => Text(node) is { } s && Wildcard(s, parts);
            case StringValue text:
                return node => Text(node) is { } s && string.Equals(s, text.Value, StringComparison.OrdinalIgnoreCase);
            default:
                Fail($"{value} cannot filter metadata.");
                return _ => false;
        }
    }

    // Flags are matched by their text too, so visible_in_ui EQ 'true' works like EQ true.
    private static string? Text(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<string>(out var s) ? s
            : v.TryGetValue<bool>(out var b) ? (b ? "true" : "false")
            : v.TryGetValue<int>(out var n) ? n.ToString(CultureInfo.InvariantCulture) : null
        : null;

    private static bool Wildcard(string text, IReadOnlyList<string> parts)
    {
        var position = 0;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            if (i == 0)
            {
                if (!text.StartsWith(part, StringComparison.OrdinalIgnoreCase))
                {
                    return false;
                }

                position = part.Length;
                continue;
            }

            if (i == parts.Count - 1)
            {
                return text.Length - position >= part.Length && text.EndsWith(part, StringComparison.OrdinalIgnoreCase);
            }

            var found = text.IndexOf(part, position, StringComparison.OrdinalIgnoreCase);
            if (found < 0)
            {
                return false;
            }

            position = found + part.Length;
        }

        return position == text.Length;
    }
}
