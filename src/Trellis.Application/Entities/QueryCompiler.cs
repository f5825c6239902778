using System.Globalization;
using System.Text;
using Trellis.Application.Errors;
using Trellis.Application.Organization;
using Trellis.Data.Sql;
using Trellis.Query.Parsing;
using Trellis.Query.Syntax;

namespace Trellis.Application.Entities;

/// <summary>What a query can refer to beyond its text: the workspace, the caller (<c>[current_user]</c>) and the clock (<c>[current_release]</c>).</summary>
internal sealed record QueryContext(long WorkspaceId, long CurrentUserId, DateTimeOffset Now);

/// <summary>
/// Compiles the <c>query</c> parameter (docs/reference/rest.md#query-language) to an <see cref="EntityFilter"/> over the row aliased <c>e</c>:
/// column-backed fields compare their column, other fields their JSON value, references their stored ids, and a
/// cross filter <c>{…}</c> becomes a sub-select over the targets (any element of a multi-reference). Every value
/// is a parameter; only checked identifiers reach the SQL text.
/// </summary>
/// <remarks>
/// Dates compare at the precision written: <c>EQ '2026-01-15'</c> is that whole UTC day, <c>LT</c> is before it
/// starts, <c>GT</c> after it ends, <c>BTW a…b</c> from the start of <c>a</c> to the end of <c>b</c>; stored dates
/// travel in whole seconds, so a fraction is dropped and a second covers the instants stored within it.
/// </remarks>
internal sealed class QueryCompiler : IQueryExpressionVisitor<string>
{
    /// <summary>How many cross filters <c>{…}</c> may nest: each is a sub-select, and past a few PostgreSQL may plan them for seconds.</summary>
    public const int MaxCrossFilterDepth = 4;

    /// <summary>How many conditions one query may have (an id set such as <c>id IN …</c> is one); SQLite stops at an expression depth of 1000.</summary>
    public const int MaxConditions = 500;

    private readonly WorkspaceSchema _workspace;
    private readonly ISqlDialect _dialect;
    private readonly QueryContext _context;
    private readonly List<object> _parameters = [];
    private Scope _scope;
    private int _aliases;
    private int _conditions;
    private int _crossDepth;
    private OctaneError? _error;

    private QueryCompiler(WorkspaceSchema workspace, EntitySchema schema, ISqlDialect dialect, QueryContext context)
    {
        _workspace = workspace;
        _dialect = dialect;
        _context = context;
        _scope = new Scope("e", [schema], schema.Type.Storage == EntityStorage.Users);
    }

    /// <summary>Parses and compiles a <c>query</c> parameter for a list of <paramref name="schema"/>; blank means no filter.</summary>
    public static (EntityFilter? Filter, OctaneError? Error) Compile(string parameter, WorkspaceSchema workspace, EntitySchema schema, ISqlDialect dialect, QueryContext context)
    {
        if (IsBlank(parameter))
        {
            return (null, null);
        }

        var parsed = QueryParser.ParseParameter(parameter);
        if (!parsed.IsSuccess)
        {
            return (null, OctaneError.BadRequest(OctaneErrorCodes.QuerySyntaxError, parsed.Error.Message));
        }

        var compiler = new QueryCompiler(workspace, schema, dialect, context);
        var sql = parsed.Expression.Accept(compiler);
        return compiler._error is { } error ? (null, error) : (new EntityFilter(sql, compiler._parameters), null);
    }

    /// <summary>Whether a <c>query</c> parameter says nothing: empty, blank or an empty pair of quotes.</summary>
    public static bool IsBlank(string parameter) => parameter.Trim().Trim('"').Trim().Length == 0;

    public string VisitOr(OrExpression node)
    {
        // id=a||id=b… is the set id IN a,b…, so it compiles to the same one-parameter condition.
        var equalities = node.Operands.OfType<ComparisonExpression>().Where(c => c.Operator == ComparisonOperator.Equal).ToList();
        if (equalities.Count == node.Operands.Length && equalities.Count > 1 && equalities.All(c => c.Field == equalities[0].Field)
            && Resolve(equalities[0].Field) is { } field && IdSet(field, [.. equalities.Select(c => c.Value)]) is { } set)
        {
            return set;
        }

        return "(" + string.Join(" OR ", node.Operands.Select(o => o.Accept(this))) + ")";
    }

    public string VisitAnd(AndExpression node) => "(" + string.Join(" AND ", node.Operands.Select(o => o.Accept(this))) + ")";

    // A comparison with a missing value is unknown in SQL; Octane's ! still selects that row.
    public string VisitNot(NotExpression node) => $"(NOT COALESCE({node.Operand.Accept(this)}, FALSE))";

    public string VisitComparison(ComparisonExpression node) =>
        Resolve(node.Field) is { } field ? Compare(field, node.Operator, node.Value) : Nothing;

    public string VisitIn(InExpression node) =>
        Resolve(node.Field) is { } field
            ? IdSet(field, node.Values) ?? "(" + string.Join(" OR ", node.Values.Select(v => Compare(field, ComparisonOperator.Equal, v))) + ")"
            : Nothing;

    public string VisitBetween(BetweenExpression node)
    {
        if (Resolve(node.Field) is not { } field)
        {
            return Nothing;
        }

        if (field.Kind is FieldKind.DateColumn or FieldKind.DateText)
        {
            return Counted() && Date(field, node.Low) is { } low && Date(field, node.High) is { } high
                ? $"({field.Sql} >= {Parameter(DateValue(field, low.Start))} AND {field.Sql} < {Parameter(DateValue(field, high.End))})"
                : Nothing;
        }

        return $"({Compare(field, ComparisonOperator.GreaterOrEqual, node.Low)} AND {Compare(field, ComparisonOperator.LessOrEqual, node.High)})";
    }

    private const string Nothing = "(1 = 0)";

    /// <summary>Counts one condition; past <see cref="MaxConditions"/> the query fails and the rest compiles to nothing.</summary>
    private bool Counted() =>
        ++_conditions <= MaxConditions
        || Fail(OctaneErrorCodes.QueryTooComplex, $"The query has more than {MaxConditions} conditions, the limit; an id list (id IN …) counts as one.") is null;

    private string Fail(string code, string description)
    {
        _error ??= OctaneError.BadRequest(code, description);
        return Nothing;
    }

    private string Parameter(object value)
    {
        _parameters.Add(value);
        return "{" + (_parameters.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
    }

    private string NextAlias() => "q" + (++_aliases).ToString(CultureInfo.InvariantCulture);

    /// <summary>The field in the current scope with the SQL that reads it, or an unknown-field error.</summary>
    private Field? Resolve(string name)
    {
        var alias = _scope.Alias;
        if (_scope.Users)
        {
            string? column = name switch
            {
                "id" => $"{alias}.id",
                "name" => $"{alias}.login",
                "email" => $"{alias}.email",
                "first_name" => $"{alias}.first_name",
                "last_name" => $"{alias}.last_name",
                "full_name" => $"TRIM(COALESCE({alias}.first_name, '') || ' ' || COALESCE({alias}.last_name, ''))",
                _ => null,
            };
            if (column is null)
            {
                Fail(OctaneErrorCodes.UnknownField, name == WorkspaceRoles.UserField
                    ? "workspace_users are not filtered by workspace_roles here; filter …/api/shared_spaces/{id}/users or …/workspace_roles by role instead."
                    : $"The field '{name}' does not exist on workspace_user.");
                return null;
            }

            return new Field(name, name == "id" ? FieldKind.Id : FieldKind.Text, column, null);
        }

        var info = _scope.Schemas.Select(s => s.ByName.GetValueOrDefault(name)).FirstOrDefault(f => f is not null);
        if (info is null)
        {
            Fail(OctaneErrorCodes.UnknownField, $"The field '{name}' does not exist on {_scope.Schemas[0].Name}.");
            return null;
        }

        if (info.Column is { } stored)
        {
            var sql = $"{alias}.{stored}";
            var kind = stored switch
            {
                "id" => FieldKind.Id,
                "version_stamp" => FieldKind.IntegerColumn,
                "creation_time" or "last_modified" => FieldKind.DateColumn,
                _ => FieldKind.Text,
            };
            return new Field(name, kind, sql, info);
        }

        return info.FieldType switch
        {
            FieldTypes.Reference when info.Multiple => new Field(name, FieldKind.MultiReference, "", info),
            FieldTypes.Reference => new Field(name, FieldKind.Reference, _dialect.JsonReferenceId(alias, name), info),
            FieldTypes.Integer or FieldTypes.Float => new Field(name, FieldKind.Number, _dialect.JsonNumber(alias, name), info),
            FieldTypes.Boolean => new Field(name, FieldKind.Boolean, _dialect.JsonBoolean(alias, name), info),
            FieldTypes.Date or FieldTypes.DateTime => new Field(name, FieldKind.DateText, _dialect.JsonText(alias, name), info),
            _ => new Field(name, FieldKind.Text, _dialect.JsonText(alias, name), info),
        };
    }

    private string Compare(Field field, ComparisonOperator op, QueryValue value)
    {
        if (!Counted())
        {
            return Nothing;
        }

        if (value is NullValue or NullReferenceValue)
        {
            return op == ComparisonOperator.Equal
                ? IsEmpty(field)
                : Fail(OctaneErrorCodes.QuerySyntaxError, $"{field.Name} can be compared with null only by EQ.");
        }

        if (field.Kind is FieldKind.Reference or FieldKind.MultiReference)
        {
            return CompareReference(field, op, value);
        }

        if (value is CrossFilterValue)
        {
            return Fail(OctaneErrorCodes.QuerySyntaxError, $"{field.Name} is not a reference, so it takes no {{…}} filter.");
        }

        if (value is MacroValue macro)
        {
            return field.Kind == FieldKind.Id && MacroTarget(macro.Macro) is { } target
                ? $"{field.Sql} {Operator(op)} {target}"
                : Fail(OctaneErrorCodes.QuerySyntaxError, $"{field.Name} cannot be compared with {macro}.");
        }

        return field.Kind switch
        {
            FieldKind.Id => CompareId(field, op, value),
            FieldKind.IntegerColumn or FieldKind.Number => CompareNumber(field, op, value),
            FieldKind.Boolean => CompareBoolean(field, op, value),
            FieldKind.DateColumn or FieldKind.DateText => CompareDate(field, op, value),
            _ => CompareText(field, op, value),
        };
    }

    private string IsEmpty(Field field) => field.Kind switch
    {
        FieldKind.MultiReference => $"NOT EXISTS (SELECT 1 FROM {_dialect.JsonArrayElements(_scope.Alias, field.Name, NextAlias())})",
        // An unset flag reads as false, so only a missing key is null.
        FieldKind.Boolean => $"{_dialect.JsonValue(_scope.Alias, field.Name)} IS NULL",
        FieldKind.Text or FieldKind.DateText => $"({field.Sql} IS NULL OR {field.Sql} = '')",
        _ => $"{field.Sql} IS NULL",
    };

    private string CompareReference(Field field, ComparisonOperator op, QueryValue value)
    {
        string? ids = value switch
        {
            CrossFilterValue cross when op == ComparisonOperator.Equal => CrossFilter(field, cross.Filter),
            MacroValue macro => MacroTarget(macro.Macro),
            _ when IdParameter(value) is { } id => id,
            StringValue text when op == ComparisonOperator.Equal => ByLogicalName(text.Value),
            _ => null,
        };
        if (ids is null)
        {
            return Fail(OctaneErrorCodes.QuerySyntaxError, $"{field.Name} is a reference: compare it with an id, {{null}} or a {{…}} filter on its target.");
        }

        // A sub-select is a set; an id or a macro is one value.
        var test = value is CrossFilterValue || (value is StringValue s && !IsDigits(s.Value))
            ? (Func<string, string>)(id => $"{id} IN ({ids})")
            : id => $"{id} {Operator(op)} {ids}";
        if (field.Kind == FieldKind.Reference)
        {
            return test(field.Sql);
        }

        var element = NextAlias();
        return $"EXISTS (SELECT 1 FROM {_dialect.JsonArrayElements(_scope.Alias, field.Name, element)} WHERE {test(_dialect.JsonElementId(element))})";
    }

    /// <summary>The ids of the targets that pass <paramref name="filter"/>, as a sub-select.</summary>
    private string? CrossFilter(Field field, QueryExpression filter)
    {
        if (_crossDepth >= MaxCrossFilterDepth)
        {
            return Fail(OctaneErrorCodes.QueryTooComplex, $"The query nests cross filters {{…}} more than {MaxCrossFilterDepth} deep, the limit.");
        }

        _crossDepth++;
        var info = field.Info!;
        var alias = NextAlias();
        var outer = _scope;
        string sql;
        if (info.TargetsUsers)
        {
            _scope = new Scope(alias, [], Users: true);
            sql = $"SELECT {alias}.id FROM users AS {alias} WHERE {filter.Accept(this)}";
        }
        else
        {
            var targets = info.Targets.Select(_workspace.ForType).OfType<EntitySchema>().ToList();
            if (targets.Count == 0)
            {
                _crossDepth--;
                return null;
            }

            var types = string.Join(" OR ", targets.Select(t => t.Type.Subtype is { } subtype
                ? $"({alias}.type = {Parameter(t.Type.StorageType)} AND {alias}.subtype = {Parameter(subtype)})"
                : $"{alias}.type = {Parameter(t.Type.StorageType)}"));
            var workspace = Parameter(_context.WorkspaceId);
            _scope = new Scope(alias, targets, Users: false);
            sql = $"SELECT {alias}.id FROM entities AS {alias} WHERE {alias}.workspace_id = {workspace} AND ({types}) AND {filter.Accept(this)}";
        }

        _scope = outer;
        _crossDepth--;
        return sql;
    }

    private string ByLogicalName(string logicalName)
    {
        var alias = NextAlias();
        return $"SELECT {alias}.id FROM entities AS {alias} WHERE {alias}.workspace_id = {Parameter(_context.WorkspaceId)} AND {alias}.logical_name = {Parameter(logicalName)}";
    }

    private string? MacroTarget(QueryMacro macro)
    {
        if (macro == QueryMacro.CurrentUser)
        {
            return Parameter(_context.CurrentUserId);
        }

        // The earliest release whose days include today (docs/reference/rest.md#query-language).
        var today = new DateTimeOffset(_context.Now.UtcDateTime.Date, TimeSpan.Zero);
        var r = NextAlias();
        var start = _dialect.JsonText(r, "start_date");
        var end = _dialect.JsonText(r, "end_date");
        return $"(SELECT {r}.id FROM entities AS {r} WHERE {r}.workspace_id = {Parameter(_context.WorkspaceId)} AND {r}.type = {Parameter("release")}"
            + $" AND {start} < {Parameter(OctaneJson.Date(today.AddDays(1)))} AND {end} >= {Parameter(OctaneJson.Date(today))}"
            + $" ORDER BY {start}, {r}.id LIMIT 1)";
    }

    private string CompareId(Field field, ComparisonOperator op, QueryValue value)
    {
        if (IdParameter(value) is { } id)
        {
            return $"{field.Sql} {Operator(op)} {id}";
        }

        // Phases and list nodes are named by logical name wherever an id is expected (docs/reference/rest.md#urls-and-parameters).
        return value is StringValue text && op == ComparisonOperator.Equal && !_scope.Users
            ? $"{_scope.Alias}.logical_name = {Parameter(text.Value)}"
            : Fail(OctaneErrorCodes.QuerySyntaxError, $"{field.Name} is an id: '{value}' is not one.");
    }

    /// <summary>An id value (<c>1001</c> or <c>'1001'</c>) as a parameter; <see langword="null"/> for anything else.</summary>
    private string? IdParameter(QueryValue value) => IdValue(value) is { } id ? Parameter(id) : null;

    /// <summary>An id value (<c>1001</c> or <c>'1001'</c>); <see langword="null"/> for anything else.</summary>
    private static long? IdValue(QueryValue value) => value switch
    {
        NumberValue number when number.Value == decimal.Truncate(number.Value) && number.Value is > 0 and <= long.MaxValue => (long)number.Value,
        StringValue text when IsDigits(text.Value) && long.TryParse(text.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) => id,
        _ => null,
    };

    /// <summary>
    /// Two or more ids compared by equality with an id or a reference as one set condition with one parameter
    /// (<see cref="ISqlDialect.InIdSet"/>), which SQLite and PostgreSQL answer through the primary key or the
    /// reference's expression index; <see langword="null"/> when any value is not an id (logical names and
    /// errors keep the comparison of each value).
    /// </summary>
    private string? IdSet(Field field, IReadOnlyList<QueryValue> values)
    {
        if (values.Count < 2 || field.Kind is not (FieldKind.Id or FieldKind.Reference or FieldKind.MultiReference))
        {
            return null;
        }

        var ids = new List<long>(values.Count);
        foreach (var value in values)
        {
            if (IdValue(value) is not { } id)
            {
                return null;
            }

            ids.Add(id);
        }

        var set = Parameter(_dialect.IdSetValue(ids));
        if (field.Kind != FieldKind.MultiReference)
        {
            return Counted() ? _dialect.InIdSet(field.Sql, set) : Nothing;
        }

        var element = NextAlias();
        return Counted() ? $"EXISTS (SELECT 1 FROM {_dialect.JsonArrayElements(_scope.Alias, field.Name, element)} WHERE {_dialect.InIdSet(_dialect.JsonElementId(element), set)})" : Nothing;
    }

    private static bool IsDigits(string text) => text.Length > 0 && text.All(char.IsAsciiDigit);

    private string CompareNumber(Field field, ComparisonOperator op, QueryValue value)
    {
        decimal? number = value switch
        {
            NumberValue n => n.Value,
            StringValue s when decimal.TryParse(s.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => null,
        };
        if (number is not { } n2)
        {
            return Fail(OctaneErrorCodes.QuerySyntaxError, $"{field.Name} is a number: '{value}' is not one.");
        }

        // SQLite binds decimal as text, which never equals a number; integers compare as integers.
        object bound = field.Kind == FieldKind.IntegerColumn && n2 == decimal.Truncate(n2) && n2 is >= long.MinValue and <= long.MaxValue
            ? (long)n2
            : (double)n2;
        return $"{field.Sql} {Operator(op)} {Parameter(bound)}";
    }

    private string CompareBoolean(Field field, ComparisonOperator op, QueryValue value)
    {
        bool? flag = value switch
        {
            BooleanValue b => b.Value,
            StringValue s when bool.TryParse(s.Value, out var parsed) => parsed,
            _ => null,
        };
        return flag is { } f && op == ComparisonOperator.Equal
            ? $"{field.Sql} = {Parameter(f)}"
            : Fail(OctaneErrorCodes.QuerySyntaxError, $"{field.Name} is a boolean: compare it by EQ with true or false.");
    }

    private string CompareDate(Field field, ComparisonOperator op, QueryValue value)
    {
        if (Date(field, value) is not { } range)
        {
            return Nothing;
        }

        return op switch
        {
            ComparisonOperator.Equal => $"({field.Sql} >= {Parameter(DateValue(field, range.Start))} AND {field.Sql} < {Parameter(DateValue(field, range.End))})",
            ComparisonOperator.LessThan => $"{field.Sql} < {Parameter(DateValue(field, range.Start))}",
            ComparisonOperator.LessOrEqual => $"{field.Sql} < {Parameter(DateValue(field, range.End))}",
            ComparisonOperator.GreaterThan => $"{field.Sql} >= {Parameter(DateValue(field, range.End))}",
            _ => $"{field.Sql} >= {Parameter(DateValue(field, range.Start))}",
        };
    }

    /// <summary>The instants a date value covers at its written precision: [start, end).</summary>
    private (DateTimeOffset Start, DateTimeOffset End)? Date(Field field, QueryValue value)
    {
        if (value is not StringValue text || !QueryDates.TryRead(text.Value, out var date, out var precision))
        {
            Fail(OctaneErrorCodes.QuerySyntaxError, $"{field.Name} is a date: '{value}' is not yyyy-MM-dd[THH:mm[:ss[.fff]]][Z|±HH:mm].");
            return null;
        }

        var start = EntityRecords.TruncateToSeconds(date);
        var length = precision switch
        {
            QueryDatePrecision.Day => TimeSpan.FromDays(1),
            QueryDatePrecision.Minute => TimeSpan.FromMinutes(1),
            _ => TimeSpan.FromSeconds(1),
        };
        return (start, start + length);
    }

    // JSON dates are text in one fixed UTC format, so they order as text; columns take the instant.
    private static object DateValue(Field field, DateTimeOffset value) =>
        field.Kind == FieldKind.DateText ? OctaneJson.Date(value) : value.ToUniversalTime();

    private string CompareText(Field field, ComparisonOperator op, QueryValue value)
    {
        string? text = value switch
        {
            StringValue s => s.Value,
            NumberValue n => n.Text,
            BooleanValue b => b.Value ? "true" : "false",
            _ => null,
        };
        if (text is null)
        {
            return Fail(OctaneErrorCodes.QuerySyntaxError, $"{field.Name} is text: '{value}' is not.");
        }

        var lowered = text.ToLowerInvariant();
        if (op == ComparisonOperator.Equal && value is StringValue wild && wild.HasWildcard)
        {
            return $"{_dialect.Lower(field.Sql)} LIKE {Parameter(LikePattern(wild))} ESCAPE '\\'";
        }

        return $"{_dialect.Lower(field.Sql)} {Operator(op)} {Parameter(lowered)}";
    }

    private static string LikePattern(StringValue value)
    {
        var pattern = new StringBuilder();
        var parts = value.GetWildcardParts();
        for (var i = 0; i < parts.Length; i++)
        {
            if (i > 0)
            {
                pattern.Append('%');
            }

            foreach (var c in parts[i].ToLowerInvariant())
            {
                // LIKE's own wildcards are literal characters in an Octane string.
                if (c is '%' or '_' or '\\')
                {
                    pattern.Append('\\');
                }

                pattern.Append(c);
            }
        }

        return pattern.ToString();
    }

    private static string Operator(ComparisonOperator op) => op switch
    {
        ComparisonOperator.Equal => "=",
        ComparisonOperator.LessThan => "<",
        ComparisonOperator.GreaterThan => ">",
        ComparisonOperator.LessOrEqual => "<=",
        _ => ">=",
    };

    /// <summary>The rows a (sub-)filter reads: an alias, the types whose fields it may name, and whether they are users.</summary>
    private sealed record Scope(string Alias, IReadOnlyList<EntitySchema> Schemas, bool Users);

    private enum FieldKind
    {
        Id,
        IntegerColumn,
        DateColumn,
        Text,
        Number,
        Boolean,
        DateText,
        Reference,
        MultiReference,
    }

    /// <summary>A resolved field: how to compare it and the SQL expression that reads it.</summary>
    private sealed record Field(string Name, FieldKind Kind, string Sql, FieldInfo? Info);
}
