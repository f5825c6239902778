using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.JSInterop;

namespace Trellis.Server.Components.Workspace;

/// <summary>
/// A details page's unsaved edits as the browser tab keeps them (docs/ui.md, "Connection loss"): the version they were
/// made over, the stored values they replace, the edits in Octane's input shape and what each control showed. The page
/// writes it to the tab's session storage on every edit, so the page reopened after its server was lost (the proxy
/// moved the browser to another node, or the node restarted) gets the edits back; saving or discarding forgets it.
/// </summary>
/// <param name="Stamp">The entity's version stamp the edits were made over.</param>
/// <param name="Originals">The stored values of the edited fields at that version, so a save detects a change by someone else.</param>
/// <param name="Edits">The edits by field, in Octane's input shape.</param>
/// <param name="Typed">What text controls showed (a number or date as typed, even when not valid yet).</param>
/// <param name="Chosen">The items reference pickers showed.</param>
internal sealed record EntityDraft(
    long Stamp,
    Dictionary<string, JsonNode?> Originals,
    Dictionary<string, JsonNode?> Edits,
    Dictionary<string, string> Typed,
    Dictionary<string, List<RefItem>> Chosen)
{
    /// <summary>The draft's name in the tab's storage: the user, then the entity, so no one else's page reads it.</summary>
    public static string KeyOf(long user, long sharedSpace, long workspace, string type, long id) =>
        FormattableString.Invariant($"{user}/{sharedSpace}/{workspace}/{type}/{id}");

    /// <summary>Writes the draft; it reaches the browser before the render that says the edits are unsaved.</summary>
    public async Task KeepAsync(IJSRuntime js, string key) =>
        await js.InvokeVoidAsync("trellisHost.keepDraft", key, JsonSerializer.Serialize(this, JsonSerializerOptions.Web));

    /// <summary>The draft kept under <paramref name="key"/>, or <see langword="null"/> when there is none or it is not one.</summary>
    public static async Task<EntityDraft?> ReadAsync(IJSRuntime js, string key)
    {
        var text = await js.InvokeAsync<string?>("trellisHost.readDraft", key);
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<EntityDraft>(text, JsonSerializerOptions.Web);
        }
        catch (JsonException)
        {
            // Written by another version of Trellis, or by hand: the page opens as stored.
            return null;
        }
    }

    /// <summary>Drops the draft (saved, discarded, or left on purpose).</summary>
    public static async Task ForgetAsync(IJSRuntime js, string key) => await js.InvokeVoidAsync("trellisHost.forgetDraft", key);
}
