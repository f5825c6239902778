using System.Text.Json;
using System.Text.Json.Nodes;
using Trellis.Application.Workspaces;

namespace Trellis.Web.Workspace;

/// <summary>
/// A details page's unsaved edits as the browser keeps them between reloads (docs/ui.md#details, "Unsaved changes"): the
/// version and values they were made over (so a restored save still finds a conflict), the edits in Octane's input
/// shape, the text typed in each box and the items chosen in each picker.
/// </summary>
/// <param name="Stamp">The version the page had read when the edits began.</param>
/// <param name="Edits">The edits by field, as a save writes them.</param>
/// <param name="Originals">Each edited field's value when the edits began.</param>
/// <param name="Typed">The text of each edited box (numbers, dates, text), including text that is not yet valid.</param>
/// <param name="Chosen">The items chosen in each edited picker.</param>
internal sealed record DetailsDraft(
    long Stamp,
    Dictionary<string, JsonNode?> Edits,
    Dictionary<string, JsonNode?> Originals,
    Dictionary<string, string> Typed,
    Dictionary<string, List<RefItem>> Chosen)
{
    /// <summary>The draft as the browser stores it.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>A stored draft with at least one edit, or <see langword="null"/> for none or text that is not one (a browser's storage is anyone's to change).</summary>
    public static DetailsDraft? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            var draft = JsonSerializer.Deserialize<DetailsDraft>(json);
            return draft is { Edits: not null, Originals: not null, Typed: not null, Chosen: not null } && (draft.Edits.Count > 0 || draft.Typed.Count > 0) ? draft : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
