using System.Collections.Frozen;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Trellis.Actions.Configuration;
using Trellis.Actions.Templates;
using Trellis.Application.Errors;

namespace Trellis.Application.ExternalActions;

/// <summary>The toolbar's answer (<c>…/external-actions/applicable</c>): which actions a place shows, in their wire form.</summary>
internal static class ApplicableActions
{
    // Definitions live as long as their catalog, so each one's wire form is built once.
    private static readonly ConditionalWeakTable<ActionDefinition, ApplicableAction> s_applicable = new();

    /// <summary>The applicable answer of one place under one catalog, serialized as the endpoint always wrote it.</summary>
    public static byte[] Serialize(CatalogEntry entry, ToolbarPlace place, JsonSerializerOptions options)
    {
        var actions = entry.Catalog.Lookup(place.WorkspaceId, place.EntityType, place.View, place.Module, place.Kind);
        var data = actions.Select(a => s_applicable.GetValue(a, ApplicableAction.From)).ToList();
        return JsonSerializer.SerializeToUtf8Bytes(new ApplicableResponse(entry.Version, data.Count, data), options);
    }

    /// <summary>The kind's name on the wire.</summary>
    public static string KindName(ActionKind kind) => kind switch
    {
        ActionKind.SidePanel => "side_panel",
        ActionKind.AviatorChip => "aviator_chat",
        _ => "button",
    };

    /// <summary>An action name the space's catalog does not know (also used by the settings endpoints).</summary>
    public static OctaneError UnknownAction(string name) =>
        new(StatusCodes.Status404NotFound, OctaneErrorCodes.EntityNotFound, $"No external action is named '{name}'.",
            FrozenDictionary.Create(StringComparer.Ordinal, KeyValuePair.Create("entity_type", "external_action"), KeyValuePair.Create("entity_id", name)));
}

/// <summary>The answer of the applicable endpoint.</summary>
internal sealed record ApplicableResponse(
    [property: JsonPropertyName("version")] int Version,
    [property: JsonPropertyName("total_count")] int TotalCount,
    [property: JsonPropertyName("data")] IReadOnlyList<ApplicableAction> Data);

/// <summary>What the host needs to draw one control.</summary>
internal sealed record ApplicableAction(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("icon")] string Icon,
    [property: JsonPropertyName("tooltip")] string Tooltip,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("dialog")] string? Dialog,
    [property: JsonPropertyName("single_entity")] bool SingleEntity,
    [property: JsonPropertyName("events")] bool Events,
    [property: JsonPropertyName("modules")] IReadOnlyList<string> Modules)
{
    public static ApplicableAction From(ActionDefinition action) => new(
        action.Name, action.Title, action.Icon, action.HoverText, ApplicableActions.KindName(action.Kind),
        action.Dialog is { } size ? size.ToString().ToLowerInvariant() : null,
        action.SingleEntity || (action.Url is not null && UrlTemplate.Compile(action.Url).IsSingleEntity), action.Events, action.Modules);
}
