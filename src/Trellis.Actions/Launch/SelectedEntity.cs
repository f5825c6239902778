using System.Collections.Frozen;
using System.Text.Json;
using Trellis.Actions.Templates;

namespace Trellis.Actions.Launch;

/// <summary>One selected entity as launch planning sees it: its id, concrete type and the fields tokens may read.</summary>
public sealed record SelectedEntity
{
    /// <summary>Gets the entity's id (a decimal string).</summary>
    public required string Id { get; init; }

    /// <summary>
    /// Gets the concrete type (the <c>subtype</c> for a member of an aggregate, such as <c>defect</c>), or
    /// <see langword="null"/> to take the context's entity type.
    /// </summary>
    public string? Type { get; init; }

    /// <summary>Gets the fields that <c>{entity.f}</c> and <c>{entity.f.g}</c> read. <value>The default is none.</value></summary>
    public FrozenDictionary<string, FieldValue> Fields { get; init; } = FrozenDictionary<string, FieldValue>.Empty;

    /// <summary>
    /// Reads an entity as the Octane REST API writes it: <c>id</c> (string or number), the concrete type from
    /// <c>subtype</c> or else <c>type</c>, and every property as a field (see <see cref="FieldValue.FromJson"/>).
    /// </summary>
    /// <param name="json">A JSON object.</param>
    /// <returns>The entity; an element that is not an object gives an entity with an empty id and no fields.</returns>
    public static SelectedEntity FromJson(JsonElement json)
    {
        if (json.ValueKind != JsonValueKind.Object)
        {
            return new SelectedEntity { Id = string.Empty };
        }

        var reference = FieldValue.FromJson(json);
        return new SelectedEntity
        {
            Id = reference.Text,
            Type = TypeName(json, "subtype") ?? TypeName(json, "type"),
            Fields = reference.Fields,
        };
    }

    /// <summary>Gets the entity as a reference value, the shape <see cref="TokenValues.Entity"/> takes.</summary>
    /// <returns>A <see cref="FieldKind.Reference"/> value.</returns>
    public FieldValue ToFieldValue() => FieldValue.OfReference(Id, Fields);

    private static string? TypeName(JsonElement json, string property) =>
        json.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String
            && value.GetString() is { Length: > 0 } name ? name : null;
}
