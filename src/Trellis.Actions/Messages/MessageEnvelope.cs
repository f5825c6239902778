using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace Trellis.Actions.Messages;

/// <summary>
/// An app-to-host message, <c>{"event_name","shared_space","workspace","data":{…}}</c> (docs/reference/messages.md#envelope), read
/// far enough to judge it. Reading never throws: anything that is not an envelope makes <c>TryParse</c> return
/// <see langword="false"/>, which is the shape check of docs/reference/messages.md#judgment-order.
/// </summary>
public sealed record MessageEnvelope
{
    /// <summary>Gets the event name, exactly as sent.</summary>
    public required string EventName { get; init; }

    /// <summary>
    /// Gets <c>shared_space</c> as a string: a string trimmed, an integer as its decimal string, or
    /// <see langword="null"/> when it is missing or of another type (docs/reference/messages.md#judgment-order check 3).
    /// </summary>
    public string? SharedSpace { get; init; }

    /// <summary>Gets <c>workspace</c>, read the way <see cref="SharedSpace"/> is.</summary>
    public string? Workspace { get; init; }

    /// <summary>
    /// Gets the <c>data</c> object. <value>The default is an undefined element: <c>data</c> was missing or
    /// <see langword="null"/>.</value> When read from a <see cref="JsonElement"/>, it lives as long as that element's document.
    /// </summary>
    public JsonElement Data { get; init; }

    /// <summary>Reads a message posted to the host.</summary>
    /// <param name="message">The posted value.</param>
    /// <param name="envelope">The envelope, when the value has its shape.</param>
    /// <returns><see langword="false"/> when the value is not an object, <c>event_name</c> is not a string, or <c>data</c> is present but not an object.</returns>
    public static bool TryParse(JsonElement message, [NotNullWhen(true)] out MessageEnvelope? envelope)
    {
        envelope = Read(message, out _);
        return envelope is not null;
    }

    /// <summary>Reads a message from UTF-8 JSON (a BOM is allowed).</summary>
    /// <param name="utf8">The JSON text.</param>
    /// <param name="envelope">The envelope, when the text is JSON with the envelope's shape.</param>
    /// <returns><see langword="false"/> for invalid JSON or a value without the envelope's shape.</returns>
    public static bool TryParse(ReadOnlySpan<byte> utf8, [NotNullWhen(true)] out MessageEnvelope? envelope)
    {
        envelope = null;
        return TryParseJson(utf8, out var message) && TryParse(message, out envelope);
    }

    /// <summary>Reads a message from JSON text.</summary>
    /// <param name="json">The JSON text.</param>
    /// <param name="envelope">The envelope, when the text is JSON with the envelope's shape.</param>
    /// <returns><see langword="false"/> for <see langword="null"/>, invalid JSON or a value without the envelope's shape.</returns>
    public static bool TryParse(string? json, [NotNullWhen(true)] out MessageEnvelope? envelope)
    {
        envelope = null;
        return json is not null && TryParse(Encoding.UTF8.GetBytes(json), out envelope);
    }

    /// <summary>Reads one JSON value that owns its memory; never throws.</summary>
    internal static bool TryParseJson(ReadOnlySpan<byte> utf8, out JsonElement value)
    {
        value = default;
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        try
        {
            var reader = new Utf8JsonReader(utf8);
            value = JsonElement.ParseValue(ref reader);

            // ParseValue stops after one value; anything but whitespace after it makes the text invalid.
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Reads the envelope, or says what is wrong with its shape.</summary>
    internal static MessageEnvelope? Read(JsonElement message, out string? problem)
    {
        if (message.ValueKind != JsonValueKind.Object)
        {
            problem = "The message is not an object.";
            return null;
        }

        if (!message.TryGetProperty("event_name", out var name) || name.ValueKind != JsonValueKind.String)
        {
            problem = "event_name is missing or not a string.";
            return null;
        }

        var data = message.TryGetProperty("data", out var d) ? d : default;
        if (data.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null or JsonValueKind.Undefined))
        {
            problem = "data is not an object.";
            return null;
        }

        problem = null;
        return new MessageEnvelope
        {
            EventName = name.GetString()!,
            SharedSpace = message.TryGetProperty("shared_space", out var space) ? JsonText.IdOf(space) : null,
            Workspace = message.TryGetProperty("workspace", out var workspace) ? JsonText.IdOf(workspace) : null,
            Data = data.ValueKind == JsonValueKind.Object ? data : default,
        };
    }
}
