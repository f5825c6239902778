using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Options;
using Trellis.Actions.Configuration;

namespace Trellis.Application.ExternalActions;

/// <summary>A place a toolbar asks about: everything the applicable answer depends on besides the catalog.</summary>
/// <param name="WorkspaceId">The workspace.</param>
/// <param name="EntityType">The entity type or aggregate, as asked.</param>
/// <param name="View">List or details.</param>
/// <param name="Module">The effective module, if any.</param>
/// <param name="Kind">The kind of control.</param>
internal readonly record struct ToolbarPlace(long WorkspaceId, string EntityType, ActionViews View, string? Module, ActionKind Kind);

/// <summary>
/// The serialized applicable answers of one <see cref="CatalogEntry"/>, one per place, so a toolbar request is a byte
/// copy. The entry is immutable and swapped on every configuration change, so nothing here can be stale. Who may ask
/// is checked before, on every request; the answer itself does not depend on the user.
/// </summary>
internal sealed class ToolbarAnswers(CatalogEntry entry)
{
    /// <summary>Beyond this many places (the module is free text), answers are serialized per request and not kept.</summary>
    public const int Capacity = 1024;

    private readonly ConcurrentDictionary<ToolbarPlace, byte[]> _answers = new();

    /// <summary>Gets the answers' entity tag: the catalog version.</summary>
    public string ETag { get; } = $"\"{entry.Version.ToString(CultureInfo.InvariantCulture)}\"";

    /// <summary>Gets how many places are held.</summary>
    public int Count => _answers.Count;

    /// <summary>The answer of a place as UTF-8 JSON, serialized with the application's JSON options on first use.</summary>
    public byte[] Get(ToolbarPlace place, IServiceProvider services)
    {
        if (_answers.TryGetValue(place, out var held))
        {
            return held;
        }

        var options = services.GetRequiredService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>().Value.SerializerOptions;
        var answer = ApplicableActions.Serialize(entry, place, options);
        return _answers.Count < Capacity ? _answers.GetOrAdd(place, answer) : answer;
    }
}
