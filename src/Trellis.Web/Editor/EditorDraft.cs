using System.Text.Json;

namespace Trellis.Web.Editor;

/// <summary>
/// The External Action Editor's unsaved text as the browser keeps it between reloads (docs/ui.md#the-external-action-editor):
/// the text and the version it was written on, so a save of the restored text still meets the save-conflict check.
/// </summary>
/// <param name="Version">The version the editor had loaded.</param>
/// <param name="Text">The unsaved text.</param>
internal sealed record EditorDraft(int Version, string Text)
{
    /// <summary>The draft as the browser stores it.</summary>
    public string ToJson() => JsonSerializer.Serialize(this);

    /// <summary>A stored draft, or <see langword="null"/> for none or text that is not one.</summary>
    public static EditorDraft? Parse(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<EditorDraft>(json) is { Text: not null } draft ? draft : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
