using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Trellis.Application.Entities;
using Trellis.Application.Errors;
using Trellis.Query.Parsing;
using Trellis.Query.Syntax;

namespace Trellis.Application.Organization;

/// <summary>
/// The fields a query may name on a rendered item: a plain value (<see langword="null"/>) or a reference whose own fields
/// a cross filter (<c>role={logical_name='…'}</c>) may name in turn; <paramref name="aliases"/> are other names a query
/// may use for a field.
/// </summary>
internal sealed class FilterFields(IReadOnlyDictionary<string, FilterFields?> fields, IReadOnlyDictionary<string, string>? aliases = null)
{
    public IReadOnlyDictionary<string, FilterFields?> Fields => fields;

    /// <summary>The field a query's name stands for.</summary>
    public string Resolve(string name) => aliases?.GetValueOrDefault(name) ?? name;
}

/// <summary>
/// The <c>query</c> of the small site and space collections (<c>workspace_roles</c>, <c>users</c>), evaluated over the
/// rendered items with the list's own semantics (docs/reference/rest.md#query-language): strings ignore case, <c>*</c>
/// is a wildcard, ids compare as text (<c>id=1002</c> is <c>id='1002'</c>), <c>{…}</c> filters through a reference and,
/// on a multi-reference (<c>{"total_count","data"}</c>), matches when any target does; <c>{null}</c> is an empty reference.
/// </summary>
internal sealed class RenderedFilter : InMemoryFilter
{
    private static readonly TimeSpan s_wildcardTimeout = TimeSpan.FromMilliseconds(100);
    private readonly FilterFields _schema;
    private readonly string _type;
    private readonly List<OctaneError> _errors;

    private RenderedFilter(FilterFields schema, string type, List<OctaneError> errors) => (_schema, _type, _errors) = (schema, type, errors);

    /// <summary>A predicate over rendered items of <paramref name="type"/>, <see langword="null"/> for a blank query, or the error.</summary>
    public static (Func<JsonObject, bool>? Predicate, OctaneError? Error) Compile(string parameter, string type, FilterFields schema)
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

        var errors = new List<OctaneError>();
        var predicate = parsed.Expression.Accept(new RenderedFilter(schema, type, errors));
        return errors.Count > 0 ? (null, errors[0]) : (predicate, null);
    }

    public override Func<JsonObject, bool> VisitComparison(ComparisonExpression node)
    {
        if (node.Operator != ComparisonOperator.Equal)
        {
            return Fail(OctaneErrorCodes.QuerySyntaxError, $"{node.Field} is compared by EQ or IN on {_type}.");
        }

        var field = _schema.Resolve(node.Field);
        return Field(field, node.Value) is { } matches ? item => matches(item[field]) : Failed;
    }

    public override Func<JsonObject, bool> VisitIn(InExpression node)
    {
        var field = _schema.Resolve(node.Field);
        var matchers = node.Values.Select(v => Field(field, v)).ToArray();
        if (matchers.Any(m => m is null))
        {
            return Failed;
        }

        return item => matchers.Any(m => m!(item[field]));
    }

    public override Func<JsonObject, bool> VisitBetween(BetweenExpression node) =>
        Fail(OctaneErrorCodes.QuerySyntaxError, $"{node.Field} is compared by EQ or IN on {_type}.");

    private static bool Failed(JsonObject item) => false;

    private Func<JsonObject, bool> Fail(string code, string description)
    {
        _errors.Add(new OctaneError(StatusCodes.Status400BadRequest, code, description));
        return Failed;
    }

    /// <summary>How a value of the named field is matched against the operand; <see langword="null"/> after an error.</summary>
    private Func<JsonNode?, bool>? Field(string name, QueryValue value)
    {
        if (!_schema.Fields.TryGetValue(name, out var target))
        {
            Fail(OctaneErrorCodes.UnknownField, $"The field '{name}' does not exist on {_type} or cannot be filtered.");
            return null;
        }

        if (target is null)
        {
            return Plain(name, value);
        }

        switch (value)
        {
            case NullReferenceValue or NullValue:
                return node => Targets(node).Count == 0;
            case CrossFilterValue cross:
                var inner = cross.Filter.Accept(new RenderedFilter(target, name, _errors));
                return node => Targets(node).Any(inner);
            default:
                Fail(OctaneErrorCodes.QuerySyntaxError, $"The reference '{name}' is compared with {{…}} or {{null}}.");
                return null;
        }
    }

    private Func<JsonNode?, bool>? Plain(string name, QueryValue value)
    {
        switch (value)
        {
            case NullValue or NullReferenceValue:
                return node => Text(node) is null or "";
            case BooleanValue flag:
                return node => node is JsonValue v && v.TryGetValue<bool>(out var b) && b == flag.Value;
            case NumberValue number:
                return node => Text(node) == number.Text;
            case StringValue text when text.HasWildcard:
                var pattern = new Regex("^" + string.Join(".*", text.GetWildcardParts().Select(Regex.Escape)) + "$",
                    RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, s_wildcardTimeout);
                return node => Text(node) is { } s && pattern.IsMatch(s);
            case StringValue text:
                return node => string.Equals(Text(node), text.Value, StringComparison.OrdinalIgnoreCase);
            default:
                Fail(OctaneErrorCodes.QuerySyntaxError, $"'{name}' is not a reference; compare it with a string, number or null.");
                return null;
        }
    }

    /// <summary>The targets of a reference: none, the one object, or each item of a multi-reference.</summary>
    private static List<JsonObject> Targets(JsonNode? node) => node switch
    {
        JsonObject multi when multi["data"] is JsonArray data => [.. data.OfType<JsonObject>()],
        JsonObject single => [single],
        _ => [],
    };

    private static string? Text(JsonNode? node) => node is JsonValue v
        ? v.TryGetValue<string>(out var s) ? s
            : v.TryGetValue<long>(out var n) ? OctaneJson.Id(n)
            : null
        : null;
}
