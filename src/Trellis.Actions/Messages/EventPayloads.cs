using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Trellis.Actions.Messages;

/// <summary>Reads each event's <c>data</c> into its typed event, checking the shapes of docs/reference/messages.md#events.</summary>
/// <remarks>A property whose value is JSON <c>null</c> counts as absent.</remarks>
internal static class EventPayloads
{
    // Non-ASCII text stays as UTF-8, so the 64 KiB limit counts what JavaScript's JSON.stringify would produce.
    private static readonly JsonWriterOptions s_compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads the event, or says what is wrong with its data.</summary>
    /// <param name="name">A known event name.</param>
    /// <param name="data">The <c>data</c> object, or an undefined element when absent.</param>
    /// <param name="instanceId">The launch's instance id; the instance check has proved it for dialog-control and settings events.</param>
    /// <param name="problem">Why the data does not fit, when it does not.</param>
    public static MessageEvent? Read(string name, JsonElement data, string? instanceId, out string? problem)
    {
        problem = null;
        switch (name)
        {
            case MessageEventNames.SetDialogTitle:
                return Title(data, ref problem) is { } title ? new SetDialogTitleEvent(instanceId!, title) : null;
            case MessageEventNames.CloseDialog:
                return Refresh(data, ref problem) is { } refresh ? new CloseDialogEvent(instanceId!, refresh) : null;
            case MessageEventNames.RefreshEntity:
                return EntityType(data, ref problem) is { } refreshType && EntityIds(data, ref problem) is { } refreshIds
                    ? new RefreshEntityEvent(refreshType, refreshIds)
                    : null;
            case MessageEventNames.RefreshList:
                return EntityType(data, ref problem) is { } listType ? new RefreshListEvent(listType) : null;
            case MessageEventNames.DisplayEntity:
                return EntityType(data, ref problem) is { } displayType && EntityId(data, ref problem) is { } displayId
                    ? new DisplayEntityEvent(displayType, displayId)
                    : null;
            case MessageEventNames.SelectEntity:
                return EntityType(data, ref problem) is { } selectType && EntityIds(data, ref problem) is { } selectIds
                    ? new SelectEntityEvent(selectType, selectIds)
                    : null;
            case MessageEventNames.EntityWasAdded:
                return EntityType(data, ref problem) is { } addedType && EntityId(data, ref problem) is { } addedId
                    ? new EntityWasAddedEvent(addedType, addedId)
                    : null;
            case MessageEventNames.UpdateSettings:
                return Context(data, ref problem) is { } updateContext && Settings(data, ref problem) is { } settings
                    ? new UpdateSettingsEvent(updateContext, instanceId!, settings)
                    : null;
            case MessageEventNames.ReadSettings:
                return Context(data, ref problem) is { } readContext ? new ReadSettingsEvent(readContext, instanceId!) : null;
            default:
                problem = "Unknown event name.";
                return null;
        }
    }

    private static bool TryGet(JsonElement data, string property, out JsonElement value)
    {
        if (data.ValueKind == JsonValueKind.Object && data.TryGetProperty(property, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    private static string? Title(JsonElement data, ref string? problem)
    {
        var title = TryGet(data, "title", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        if (string.IsNullOrEmpty(title))
        {
            problem = "data.title must be a non-empty string.";
            return null;
        }

        if (title.Length > MessageDefaults.MaxTitleLength)
        {
            // Never leave half of a surrogate pair at the end.
            var cut = char.IsHighSurrogate(title[MessageDefaults.MaxTitleLength - 1]) ? MessageDefaults.MaxTitleLength - 1 : MessageDefaults.MaxTitleLength;
            title = title[..cut].TrimEnd();
        }

        return title;
    }

    private static bool? Refresh(JsonElement data, ref string? problem)
    {
        if (!TryGet(data, "refresh", out var value))
        {
            return false;
        }

        if (value.ValueKind is JsonValueKind.True or JsonValueKind.False)
        {
            return value.GetBoolean();
        }

        problem = "data.refresh must be a boolean when present.";
        return null;
    }

    private static string? EntityType(JsonElement data, ref string? problem)
    {
        var type = TryGet(data, "entity_type", out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()!.Trim() : null;
        if (string.IsNullOrEmpty(type))
        {
            problem = "data.entity_type must be a non-empty string.";
            return null;
        }

        return type;
    }

    private static string? EntityId(JsonElement data, ref string? problem)
    {
        var id = TryGet(data, "entity_id", out var value) ? IdOf(value) : null;
        if (id is null)
        {
            problem = "data.entity_id must be a non-empty string or an integer.";
        }

        return id;
    }

    private static ImmutableArray<string>? EntityIds(JsonElement data, ref string? problem)
    {
        if (!TryGet(data, "entity_ids", out var value) || value.ValueKind != JsonValueKind.Array)
        {
            problem = "data.entity_ids must be an array.";
            return null;
        }

        var ids = ImmutableArray.CreateBuilder<string>(value.GetArrayLength());
        foreach (var item in value.EnumerateArray())
        {
            if (IdOf(item) is not { } id)
            {
                problem = "Every element of data.entity_ids must be a non-empty string or an integer.";
                return null;
            }

            ids.Add(id);
        }

        return ids.MoveToImmutable();
    }

    private static string? IdOf(JsonElement value) => JsonText.IdOf(value) is { Length: > 0 } id ? id : null;

    private static string? Context(JsonElement data, ref string? problem)
    {
        if (!TryGet(data, "context", out var value))
        {
            return string.Empty;
        }

        if (value.ValueKind == JsonValueKind.String && value.GetString() is { Length: <= MessageDefaults.MaxSettingsContextLength } context)
        {
            return context;
        }

        problem = $"data.context must be a string of at most {MessageDefaults.MaxSettingsContextLength} characters.";
        return null;
    }

    private static string? Settings(JsonElement data, ref string? problem)
    {
        if (!TryGet(data, "settings", out var value) || value.ValueKind != JsonValueKind.Object)
        {
            problem = "data.settings must be an object.";
            return null;
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, s_compact))
        {
            value.WriteTo(writer);
        }

        if (buffer.WrittenCount > MessageDefaults.MaxSettingsBytes)
        {
            problem = $"data.settings is larger than {MessageDefaults.MaxSettingsBytes} bytes.";
            return null;
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
