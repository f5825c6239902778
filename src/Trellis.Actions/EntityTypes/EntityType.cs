namespace Trellis.Actions.EntityTypes;

/// <summary>
/// One entity type of docs/reference/configuration-rules.md#entity-types: an aggregate (such as <c>work_item</c>), one of its subtypes
/// (such as <c>defect</c>), or a standalone type (such as <c>release</c>).
/// </summary>
/// <param name="Name">The REST entity name, as written in <c>entity_type</c>.</param>
/// <param name="Collection">The REST collection that lists it.</param>
/// <param name="Aggregate">The aggregate it belongs to, or <see langword="null"/> for an aggregate or a standalone type.</param>
/// <param name="HomeModule">The module whose grid lists it and where its details pages open; <see langword="null"/> when not rendered.</param>
public sealed record EntityType(string Name, string Collection, string? Aggregate, string? HomeModule)
{
    /// <summary>Gets a value indicating whether this type has subtypes.</summary>
    public bool IsAggregate { get; init; }

    /// <summary>
    /// The type that <c>{entity_type}</c> carries: the aggregate for a subtype, otherwise the type itself.
    /// </summary>
    public string AggregateOrSelf => Aggregate ?? Name;
}
