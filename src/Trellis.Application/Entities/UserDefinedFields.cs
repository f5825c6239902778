using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Trellis.Application.Bootstrap;
using Trellis.Application.Errors;
using Trellis.Data.Model;

namespace Trellis.Application.Entities;

/// <summary>One user-defined field a workspace admin asks for.</summary>
/// <param name="Name">The field name, ending in <c>_udf</c>.</param>
/// <param name="EntityName">The type it is defined on.</param>
/// <param name="Label">The label shown in the UI.</param>
/// <param name="FieldType">One of <see cref="FieldTypes"/>.</param>
/// <param name="Multiple">Whether a reference holds several targets.</param>
/// <param name="Targets">The types a reference may point to.</param>
/// <param name="MaxLength">The longest string value.</param>
/// <param name="Required">Whether a create must give it.</param>
internal sealed record UserDefinedField(
    string Name, string EntityName, string Label, string FieldType, bool Multiple, ImmutableArray<string> Targets, int? MaxLength, bool Required);

/// <summary>
/// The rules of user-defined fields (docs/reference/rest.md#metadata: names end in <c>_udf</c>): reading a request, and which types'
/// field lists a field joins. The values live in the entities' JSON <c>fields</c>, like every field without a column.
/// </summary>
internal static partial class UserDefinedFields
{
    public const int MaxNameLength = 64;
    public const int DefaultMaxLength = 255;
    public const int LongestString = 4000;

    private static readonly string[] s_fieldTypes =
        [FieldTypes.String, FieldTypes.Memo, FieldTypes.Integer, FieldTypes.Float, FieldTypes.Boolean, FieldTypes.Date, FieldTypes.DateTime, FieldTypes.Reference];

    // Types whose rows are not written through REST (phases, list nodes, users) or are owned by another entity.
    private static readonly string[] s_closedTypes = ["comment", "attachment"];

    /// <summary>Reads <c>{"data":[…]}</c> (or one object); the first problem is named with its JSON pointer.</summary>
    public static (List<UserDefinedField>? Fields, OctaneError? Error) Read(JsonNode? body, WorkspaceSchema workspace)
    {
        var items = body switch
        {
            JsonObject envelope when envelope["data"] is JsonArray data => data.Select((item, index) => (item, $"/data/{index}")).ToList(),
            JsonObject single when !single.ContainsKey("data") => [(single, "")],
            _ => null,
        };
        if (items is null || items.Count == 0)
        {
            return (null, Invalid("", "The body must be {\"data\":[{\"name\":\"…_udf\",\"entity_name\":\"…\",\"field_type\":\"…\"}]}."));
        }

        var fields = new List<UserDefinedField>();
        foreach (var (item, pointer) in items)
        {
            var (field, error) = ReadOne(item as JsonObject, pointer, workspace);
            if (error is not null)
            {
                return (null, error);
            }

            if (fields.Any(f => f.Name == field!.Name && Overlaps(f.EntityName, field.EntityName)))
            {
                return (null, Invalid(pointer + "/name", $"{field!.Name} is asked for twice on {field.EntityName}."));
            }

            fields.Add(field!);
        }

        return (fields, null);
    }

    /// <summary>
    /// The types whose field lists carry a field defined on <paramref name="type"/>: the type; an aggregate's subtypes
    /// (their rows are its rows); a subtype's aggregate (so <c>work_items</c> can select, filter and sort on it).
    /// </summary>
    public static IReadOnlyList<string> TypesOf(string type)
    {
        var definition = BuiltInSchema.ByName[type];
        return definition.IsAggregate ? [type, .. definition.Subtypes]
            : definition.Subtype is not null ? [type, definition.StorageType]
            : [type];
    }

    /// <summary>The metadata row of a field on one of <see cref="TypesOf"/>: a built-in field's, but removable and marked user-defined.</summary>
    public static FieldMetadata ToMetadata(long workspaceId, string entityName, UserDefinedField field, int position)
    {
        var definition = new FieldDefinition(field.Name, field.Label, field.FieldType)
        {
            Multiple = field.Multiple,
            Targets = field.Targets,
            MaxLength = field.MaxLength,
            // Required only where it was defined: a sibling subtype sharing the aggregate's field does not have to give it.
            Required = field.Required && entityName == field.EntityName,
        };
        var row = WorkspaceSeeder.ToMetadata(workspaceId, entityName, definition, position);
        row.Final = false;
        row.IsUserDefined = true;
        return row;
    }

    private static bool Overlaps(string a, string b) => TypesOf(a).Intersect(TypesOf(b)).Any();

    private static (UserDefinedField? Field, OctaneError? Error) ReadOne(JsonObject? item, string pointer, WorkspaceSchema workspace)
    {
        if (item is null)
        {
            return (null, Invalid(pointer, "Each field must be a JSON object."));
        }

        if (item.Select(p => p.Key).FirstOrDefault(k => k is not ("name" or "entity_name" or "label" or "field_type" or "field_type_data" or "max_length" or "required" or "type")) is { } unknown)
        {
            return (null, Invalid($"{pointer}/{unknown}", $"Unknown property {unknown}; a field takes name, entity_name, label, field_type, field_type_data, max_length and required."));
        }

        if (Text(item, "name") is not { } name || !FieldName().IsMatch(name) || name.Length > MaxNameLength)
        {
            return (null, Invalid($"{pointer}/name", $"The name must be lower-case letters, digits and underscores, start with a letter, end in _udf and have at most {MaxNameLength} characters (risk_udf)."));
        }

        var entityName = Text(item, "entity_name");
        if (entityName is null || !BuiltInSchema.ByName.TryGetValue(entityName, out var type) || workspace.ForType(entityName) is null)
        {
            return (null, Invalid($"{pointer}/entity_name", $"Unknown entity type {entityName ?? "(missing)"}; give the REST type name, such as defect or work_item."));
        }

        if (!type.Writable || type.Storage != EntityStorage.Entities || s_closedTypes.Contains(entityName))
        {
            return (null, Invalid($"{pointer}/entity_name", $"{entityName} cannot have user-defined fields."));
        }

        var fieldType = Text(item, "field_type");
        if (fieldType is null || !s_fieldTypes.Contains(fieldType))
        {
            return (null, Invalid($"{pointer}/field_type", $"The field type must be one of {string.Join(", ", s_fieldTypes)}."));
        }

        var (multiple, targets, targetError) = ReadTargets(item["field_type_data"], fieldType, $"{pointer}/field_type_data", workspace);
        if (targetError is not null)
        {
            return (null, targetError);
        }

        int? maxLength = null;
        if (fieldType == FieldTypes.String)
        {
            maxLength = DefaultMaxLength;
            if (item["max_length"] is { } length)
            {
                if (length is not JsonValue value || !value.TryGetValue<int>(out var given) || given is < 1 or > LongestString)
                {
                    return (null, Invalid($"{pointer}/max_length", $"max_length must be a whole number from 1 to {LongestString}."));
                }

                maxLength = given;
            }
        }
        else if (item["max_length"] is not null)
        {
            return (null, Invalid($"{pointer}/max_length", "max_length applies to string fields only."));
        }

        var required = false;
        if (item["required"] is { } requiredNode && (requiredNode is not JsonValue flag || !flag.TryGetValue(out required)))
        {
            return (null, Invalid($"{pointer}/required", "required must be true or false."));
        }

        var label = Text(item, "label") is { Length: > 0 and <= 255 } given2 ? given2 : LabelOf(name);
        return (new UserDefinedField(name, entityName, label, fieldType, multiple, targets, maxLength, required), null);
    }

    private static (bool Multiple, ImmutableArray<string> Targets, OctaneError? Error) ReadTargets(JsonNode? data, string fieldType, string pointer, WorkspaceSchema workspace)
    {
        if (fieldType != FieldTypes.Reference)
        {
            // Octane sends {"multiple":false} for plain fields too; anything that asks for targets is a mistake.
            var plain = data is null || (data is JsonObject o && o["targets"] is null && o["multiple"]?.GetValueKind() is null or JsonValueKind.False);
            return plain ? (false, [], null) : (false, [], Invalid(pointer, "field_type_data (multiple, targets) applies to reference fields only."));
        }

        if (data is not JsonObject typeData || typeData["targets"] is not JsonArray targetNodes || targetNodes.Count == 0)
        {
            return (false, [], Invalid($"{pointer}/targets", "A reference field needs field_type_data.targets: [{\"type\":\"release\"}]."));
        }

        var multiple = false;
        if (typeData["multiple"] is { } multipleNode && (multipleNode is not JsonValue flag || !flag.TryGetValue(out multiple)))
        {
            return (false, [], Invalid($"{pointer}/multiple", "multiple must be true or false."));
        }

        var targets = ImmutableArray.CreateBuilder<string>();
        for (var index = 0; index < targetNodes.Count; index++)
        {
            var target = targetNodes[index] is JsonObject targetObject ? Text(targetObject, "type") : null;
            if (target is null || workspace.ForType(target) is null)
            {
                return (false, [], Invalid($"{pointer}/targets/{index.ToString(CultureInfo.InvariantCulture)}/type", $"Unknown target type {target ?? "(missing)"}."));
            }

            targets.Add(target);
        }

        return (multiple, targets.ToImmutable(), null);
    }

    private static string? Text(JsonObject item, string property) =>
        item[property] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    // risk_level_udf → Risk level.
    private static string LabelOf(string name)
    {
        var words = name[..^"_udf".Length].Replace('_', ' ');
        return char.ToUpperInvariant(words[0]) + words[1..];
    }

    private static OctaneError Invalid(string pointer, string message) =>
        OctaneError.BadRequest(OctaneErrorCodes.IllegalFieldValue, pointer.Length == 0 ? message : $"{message} (at {pointer})");

    [GeneratedRegex("^[a-z][a-z0-9_]*_udf$", RegexOptions.CultureInvariant)]
    private static partial Regex FieldName();
}
