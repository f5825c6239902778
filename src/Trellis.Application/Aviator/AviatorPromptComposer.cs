using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Trellis.Actions.Templates;
using Trellis.Application.ExternalActions.Bundles;

namespace Trellis.Application.Aviator;

/// <summary>One selected entity as the assistant sees it (docs/reference/launches.md#modes): plain text only.</summary>
/// <param name="Type">The aggregate type (<c>work_item</c>), or the type itself when it has none (<c>release</c>).</param>
/// <param name="Subtype">The concrete type of an aggregate's member (<c>defect</c>), or <see langword="null"/>.</param>
/// <param name="Id">The id.</param>
/// <param name="Name">The name, or <see langword="null"/>.</param>
/// <param name="Description">The description as plain text (HTML stripped), or <see langword="null"/>.</param>
/// <param name="Fields">The type's default fields other than the ones above, as display text, in metadata order.</param>
internal sealed record AviatorEntity(string Type, string? Subtype, string Id, string? Name, string? Description, ImmutableArray<KeyValuePair<string, string>> Fields);

/// <summary>The exact request a chip sends: a system message and a user message (the prompt, then the context).</summary>
/// <param name="System">The system message.</param>
/// <param name="User">The user message.</param>
internal sealed record AviatorRequest(string System, string User)
{
    /// <summary>The request as chat messages.</summary>
    public IList<ChatMessage> ToMessages() => [new(ChatRole.System, System), new(ChatRole.User, User)];
}

/// <summary>A chip's prompt file read from a bundle: its text, or why it cannot be used.</summary>
/// <param name="Text">The prompt, or <see langword="null"/>.</param>
/// <param name="Error">Why there is no prompt, or <see langword="null"/>.</param>
internal sealed record PromptFile(string? Text, string? Error);

/// <summary>
/// Composes what a chip sends (docs/reference/launches.md#modes): the chip's prompt, <c>mode.prompt</c> or the bundle text file its
/// <c>url</c> names (UTF-8, at most 64 KiB, no token substitution), then the context of up to 20 selected entities.
/// Pure: the caller reads the entities and the file.
/// </summary>
internal static class AviatorPromptComposer
{
    /// <summary>At most this many selected entities go into the context.</summary>
    public const int MaxEntities = 20;

    /// <summary>The largest prompt file, in bytes.</summary>
    public const int MaxPromptFileBytes = 64 * 1024;

    /// <summary>The longest field value in the context, in UTF-16 code units.</summary>
    public const int MaxFieldLength = 2000;

    private const string BundlePrefix = "{bundle_url}/";

    /// <summary>The system message: answer from the context, never invent.</summary>
    public const string SystemPrompt =
        "You are Aviator, the assistant of Trellis, a work-tracking tool. Answer the user's request from the entity context " +
        "that follows it. If the context does not hold the answer, say so instead of guessing. Be concise and use plain text.";

    /// <summary>Composes the request.</summary>
    /// <param name="prompt">The chip's prompt.</param>
    /// <param name="entities">The selected entities, in selection order; only the first <see cref="MaxEntities"/> are used.</param>
    /// <param name="selectedCount">How many entities were selected in all (at least <paramref name="entities"/>' count).</param>
    public static AviatorRequest Compose(string prompt, IReadOnlyList<AviatorEntity> entities, int selectedCount)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(entities);
        var shown = entities.Take(MaxEntities).ToList();
        selectedCount = Math.Max(selectedCount, entities.Count);
        var text = new StringBuilder(prompt.Trim()).Append("\n\n");
        if (shown.Count == 0)
        {
            text.Append("Context: no entity is selected.");
            return new AviatorRequest(SystemPrompt, text.ToString());
        }

        text.Append(CultureInfo.InvariantCulture, $"Context: {selectedCount} selected {(selectedCount == 1 ? "entity" : "entities")}");
        text.Append(shown.Count < selectedCount ? string.Create(CultureInfo.InvariantCulture, $" (the first {shown.Count} are shown).") : ".");
        for (var i = 0; i < shown.Count; i++)
        {
            var entity = shown[i];
            text.Append(CultureInfo.InvariantCulture, $"\n\nEntity {i + 1}\n");
            Line(text, "type", entity.Type);
            Line(text, "subtype", entity.Subtype);
            Line(text, "id", entity.Id);
            Line(text, "name", entity.Name);
            Line(text, "description", entity.Description);
            foreach (var (field, value) in entity.Fields)
            {
                Line(text, field, value);
            }
        }

        return new AviatorRequest(SystemPrompt, text.ToString().TrimEnd('\n'));
    }

    /// <summary>
    /// The stored bundle path a chip's <c>url</c> names (<c>{bundle_url}/whats-new-section.txt</c> →
    /// <c>whats-new-section.txt</c>), percent-decoded as the bundle server decodes it; <see langword="null"/> when the
    /// url does not start with <c>{bundle_url}/</c> or names no file. Query and fragment are dropped.
    /// </summary>
    public static string? PromptFilePath(string? url)
    {
        if (url is null || !url.StartsWith(BundlePrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = url[BundlePrefix.Length..];
        var end = rest.IndexOfAny(['?', '#']);
        return BundlePaths.FilePath(end >= 0 ? rest[..end] : rest);
    }

    /// <summary>Reads a prompt file's bytes: strict UTF-8 (a BOM is dropped), at most <see cref="MaxPromptFileBytes"/>.</summary>
    /// <param name="path">The file's bundle path, for messages.</param>
    /// <param name="content">The bytes, or <see langword="null"/> when no bundle holds the file.</param>
    public static PromptFile ReadPromptFile(string path, byte[]? content)
    {
        if (content is null)
        {
            return new PromptFile(null, $"The prompt file '{path}' is not in any bundle of this shared space.");
        }

        if (content.Length > MaxPromptFileBytes)
        {
            return new PromptFile(null, $"The prompt file '{path}' is larger than 64 KiB.");
        }

        var span = content.AsSpan();
        if (span.StartsWith((byte[])[0xEF, 0xBB, 0xBF]))
        {
            span = span[3..];
        }

        try
        {
            var text = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(span);
            return string.IsNullOrWhiteSpace(text) ? new PromptFile(null, $"The prompt file '{path}' is empty.") : new PromptFile(text, null);
        }
        catch (DecoderFallbackException)
        {
            return new PromptFile(null, $"The prompt file '{path}' is not valid UTF-8.");
        }
    }

    /// <summary>
    /// A field value as the context shows it: strings as they are (memo HTML reduced to plain text), numbers and
    /// booleans invariantly, references by name (else id), multi-references joined by <c>, </c>; <see langword="null"/>
    /// for an empty value. Values are cut to <see cref="MaxFieldLength"/>.
    /// </summary>
    public static string? FieldText(JsonNode? value, bool memo)
    {
        var text = value switch
        {
            null => null,
            JsonValue v when v.GetValueKind() == JsonValueKind.String => memo ? FieldValue.OfMemo(v.GetValue<string>()).Text : v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            JsonObject o when o["data"] is JsonArray items => Join(items),
            JsonObject o => ReferenceText(o),
            JsonArray items => Join(items),
            _ => null,
        };
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return text.Length <= MaxFieldLength ? text : text[..(char.IsHighSurrogate(text[MaxFieldLength - 1]) ? MaxFieldLength - 1 : MaxFieldLength)];
    }

    private static string? Join(JsonArray items)
    {
        var parts = items.Select(i => FieldText(i, memo: false)).Where(p => p is not null).ToList();
        return parts.Count == 0 ? null : string.Join(", ", parts);
    }

    private static string? ReferenceText(JsonObject reference) =>
        FieldText(reference["name"], memo: false) ?? FieldText(reference["id"], memo: false);

    private static void Line(StringBuilder text, string label, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value))
        {
            // One line per field: line breaks inside a value are kept but indented, so fields stay recognisable.
            text.Append(label).Append(": ").Append(value.Trim().ReplaceLineEndings("\n  ")).Append('\n');
        }
    }
}
