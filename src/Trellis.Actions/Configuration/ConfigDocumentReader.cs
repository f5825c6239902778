using System.Text.Json;

namespace Trellis.Actions.Configuration;

/// <summary>
/// The single pass over a configuration document with <see cref="Utf8JsonReader"/>: it checks the JSON (the reader
/// refuses comments and trailing commas; duplicate keys are caught here, at every depth), records each action
/// into a reused <see cref="RawAction"/>, and hands it to the <see cref="ConfigValidator"/>.
/// </summary>
internal sealed class ConfigDocumentReader
{
    /// <summary>Strict JSON: no comments, no trailing commas, one value.</summary>
    public static readonly JsonReaderOptions ReaderOptions = new()
    {
        CommentHandling = JsonCommentHandling.Disallow,
        AllowTrailingCommas = false,
        MaxDepth = 64,
    };

    private const int MaxKnownNameBytes = 128;

    private readonly ConfigValidator _validator;
    private readonly RawAction _action = new();
    private readonly HashSet<string> _unknownNames = new(StringComparer.Ordinal);
    private readonly HashSet<string> _modeUnknownNames = new(StringComparer.Ordinal);
    private readonly List<HashSet<string>> _skippedNames = [];

    /// <summary>Initializes a new instance of the <see cref="ConfigDocumentReader"/> class.</summary>
    /// <param name="validator">Receives each action and the container problems.</param>
    public ConfigDocumentReader(ConfigValidator validator) => _validator = validator;

    private enum Property
    {
        Unknown,
        Name,
        Title,
        EntityType,
        Views,
        Icon,
        Url,
        SingleEntity,
        Events,
        Dialog,
        Workspaces,
        ExcludeWorkspaces,
        Tooltip,
        Mode,
        Guid,
        BundleGuid,
    }

    private enum ModeProperty
    {
        Unknown,
        Name,
        Modules,
        Prompt,
    }

    /// <summary>Reads the whole document. Throws <see cref="JsonException"/> or <see cref="InvalidJsonException"/> when it is not valid JSON.</summary>
    /// <param name="json">The document without its BOM, already known to be valid UTF-8.</param>
    /// <param name="format">The container the caller expects.</param>
    public void Read(ReadOnlySpan<byte> json, ConfigFormat format)
    {
        var reader = new Utf8JsonReader(json, ReaderOptions);
        reader.Read();
        var rootOffset = (int)reader.TokenStartIndex;
        if (format == ConfigFormat.Editor)
        {
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                ReadEditorArray(ref reader, json, rootOffset);
            }
            else
            {
                _validator.ReportEditorNeedsArray(rootOffset);
                SkipValue(ref reader, 0);
            }
        }
        else if (reader.TokenType == JsonTokenType.StartObject)
        {
            ReadAction(ref reader, 0);
            _validator.Validate(_action, json);
        }
        else
        {
            _validator.ReportBundleNeedsObject(rootOffset);
            SkipValue(ref reader, 0);
        }

        // The reader throws on anything but whitespace after the one value.
        if (reader.Read())
        {
            throw new InvalidJsonException((int)reader.TokenStartIndex, "Only one JSON value is allowed.");
        }
    }

    private void ReadEditorArray(ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int rootOffset)
    {
        var count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            // Past the limit the document is rejected anyway; the rest is only checked to be JSON.
            if (count >= ActionDefaults.MaxActions)
            {
                SkipValue(ref reader, 1);
            }
            else if (reader.TokenType == JsonTokenType.StartObject)
            {
                ReadAction(ref reader, count);
                _validator.Validate(_action, json);
            }
            else
            {
                _validator.ReportElementNotObject(count, (int)reader.TokenStartIndex);
                SkipValue(ref reader, 1);
            }

            count++;
        }

        if (count > ActionDefaults.MaxActions)
        {
            _validator.ReportTooManyActions(count, rootOffset);
        }
    }

    private void ReadAction(ref Utf8JsonReader reader, int index)
    {
        var action = _action;
        action.Reset(index, (int)reader.TokenStartIndex);
        _unknownNames.Clear();
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameOffset = (int)reader.TokenStartIndex;
            var property = MatchProperty(ref reader);
            if (property == Property.Unknown)
            {
                var name = ReadString(ref reader);
                if (!_unknownNames.Add(name))
                {
                    throw DuplicateKey(nameOffset, name);
                }

                action.Unknown.Add(new UnknownProperty(name, nameOffset));
                reader.Read();
                SkipValue(ref reader, 1);
                continue;
            }

            var bit = 1 << (int)property;
            if ((seen & bit) != 0)
            {
                throw DuplicateKey(nameOffset, ReadString(ref reader));
            }

            seen |= bit;
            reader.Read();
            switch (property)
            {
                case Property.Name: ReadScalar(ref reader, ref action.Name, word: false); break;
                case Property.Title: ReadScalar(ref reader, ref action.Title, word: false); break;
                case Property.Icon: ReadScalar(ref reader, ref action.Icon, word: true); break;
                case Property.Url: ReadScalar(ref reader, ref action.Url, word: false); break;
                case Property.Tooltip: ReadScalar(ref reader, ref action.Tooltip, word: false); break;
                case Property.SingleEntity: ReadScalar(ref reader, ref action.SingleEntity, word: false); break;
                case Property.Events: ReadScalar(ref reader, ref action.Events, word: false); break;
                case Property.Dialog: ReadScalar(ref reader, ref action.Dialog, word: true); break;
                case Property.Guid: ReadScalar(ref reader, ref action.Guid, word: false); break;
                case Property.BundleGuid: ReadScalar(ref reader, ref action.BundleGuid, word: false); break;
                case Property.EntityType: ReadArray(ref reader, action.EntityType, numbers: false); break;
                case Property.Views: ReadArray(ref reader, action.Views, numbers: false); break;
                case Property.Workspaces: ReadArray(ref reader, action.Workspaces, numbers: true); break;
                case Property.ExcludeWorkspaces: ReadArray(ref reader, action.ExcludeWorkspaces, numbers: true); break;
                default: ReadMode(ref reader, action); break;
            }
        }

        action.End = (int)reader.TokenStartIndex + 1;
    }

    private void ReadMode(ref Utf8JsonReader reader, RawAction action)
    {
        action.Mode = new RecordedValue { Present = true, Type = reader.TokenType, Offset = (int)reader.TokenStartIndex };
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            SkipValue(ref reader, 1);
            return;
        }

        _modeUnknownNames.Clear();
        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var nameOffset = (int)reader.TokenStartIndex;
            var property = MatchModeProperty(ref reader);
            if (property == ModeProperty.Unknown)
            {
                var name = ReadString(ref reader);
                if (!_modeUnknownNames.Add(name))
                {
                    throw DuplicateKey(nameOffset, name);
                }

                action.ModeUnknown.Add(new UnknownProperty(name, nameOffset));
                reader.Read();
                SkipValue(ref reader, 2);
                continue;
            }

            var bit = 1 << (int)property;
            if ((seen & bit) != 0)
            {
                throw DuplicateKey(nameOffset, ReadString(ref reader));
            }

            seen |= bit;
            reader.Read();
            switch (property)
            {
                case ModeProperty.Name: ReadScalar(ref reader, ref action.ModeName, word: true); break;
                case ModeProperty.Prompt: ReadScalar(ref reader, ref action.ModePrompt, word: false); break;
                default: ReadArray(ref reader, action.ModeModules, numbers: false); break;
            }
        }
    }

    private void ReadScalar(ref Utf8JsonReader reader, ref RecordedValue value, bool word)
    {
        value.Present = true;
        value.Type = reader.TokenType;
        value.Offset = (int)reader.TokenStartIndex;
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                value.Text = word ? ReadWord(ref reader) : ReadString(ref reader);
                break;
            case JsonTokenType.StartObject or JsonTokenType.StartArray:
                SkipValue(ref reader, 2);
                break;
        }
    }

    private void ReadArray(ref Utf8JsonReader reader, RecordedArray array, bool numbers)
    {
        array.Present = true;
        array.Type = reader.TokenType;
        array.Offset = (int)reader.TokenStartIndex;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            SkipValue(ref reader, 2);
            return;
        }

        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            var item = new RecordedValue { Present = true, Type = reader.TokenType, Offset = (int)reader.TokenStartIndex };
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    item.Text = numbers ? ReadString(ref reader) : ReadWord(ref reader);
                    break;
                case JsonTokenType.Number when numbers:
                    item.IsPositiveInteger = TryReadPositiveInteger(ref reader, out item.Integer);
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    SkipValue(ref reader, 3);
                    break;
            }

            array.Items.Add(item);
        }
    }

    /// <summary>Walks a value the rules do not look into, still refusing duplicate keys inside it.</summary>
    private void SkipValue(ref Utf8JsonReader reader, int depth)
    {
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            while (_skippedNames.Count <= depth)
            {
                _skippedNames.Add(new HashSet<string>(StringComparer.Ordinal));
            }

            var names = _skippedNames[depth];
            names.Clear();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var offset = (int)reader.TokenStartIndex;
                var name = ReadString(ref reader);
                if (!names.Add(name))
                {
                    throw DuplicateKey(offset, name);
                }

                reader.Read();
                SkipValue(ref reader, depth + 1);
            }
        }
        else if (reader.TokenType == JsonTokenType.StartArray)
        {
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                SkipValue(ref reader, depth + 1);
            }
        }
        else if (reader.TokenType == JsonTokenType.String && reader.ValueIsEscaped)
        {
            // Escapes must decode to valid text wherever they are, not only where a rule reads the value.
            ReadString(ref reader);
        }
    }

    private static Property MatchProperty(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return MatchProperty(reader.ValueSpan);
        }

        if (reader.ValueSpan.Length > MaxKnownNameBytes)
        {
            return Property.Unknown;
        }

        Span<byte> buffer = stackalloc byte[MaxKnownNameBytes];
        return MatchProperty(buffer[..CopyName(ref reader, buffer)]);
    }

    private static Property MatchProperty(ReadOnlySpan<byte> name) => name.Length switch
    {
        3 when name.SequenceEqual("url"u8) => Property.Url,
        4 when name.SequenceEqual("name"u8) => Property.Name,
        4 when name.SequenceEqual("icon"u8) => Property.Icon,
        4 when name.SequenceEqual("mode"u8) => Property.Mode,
        4 when name.SequenceEqual("guid"u8) => Property.Guid,
        5 when name.SequenceEqual("title"u8) => Property.Title,
        5 when name.SequenceEqual("views"u8) => Property.Views,
        6 when name.SequenceEqual("events"u8) => Property.Events,
        6 when name.SequenceEqual("dialog"u8) => Property.Dialog,
        7 when name.SequenceEqual("tooltip"u8) => Property.Tooltip,
        10 when name.SequenceEqual("workspaces"u8) => Property.Workspaces,
        11 when name.SequenceEqual("entity_type"u8) => Property.EntityType,
        11 when name.SequenceEqual("bundle_guid"u8) => Property.BundleGuid,
        13 when name.SequenceEqual("single_entity"u8) => Property.SingleEntity,
        18 when name.SequenceEqual("exclude_workspaces"u8) => Property.ExcludeWorkspaces,
        _ => Property.Unknown,
    };

    private static ModeProperty MatchModeProperty(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return MatchModeProperty(reader.ValueSpan);
        }

        if (reader.ValueSpan.Length > MaxKnownNameBytes)
        {
            return ModeProperty.Unknown;
        }

        Span<byte> buffer = stackalloc byte[MaxKnownNameBytes];
        return MatchModeProperty(buffer[..CopyName(ref reader, buffer)]);
    }

    private static ModeProperty MatchModeProperty(ReadOnlySpan<byte> name) => name switch
    {
        _ when name.SequenceEqual("name"u8) => ModeProperty.Name,
        _ when name.SequenceEqual("modules"u8) => ModeProperty.Modules,
        _ when name.SequenceEqual("prompt"u8) => ModeProperty.Prompt,
        _ => ModeProperty.Unknown,
    };

    private static int CopyName(ref Utf8JsonReader reader, scoped Span<byte> buffer)
    {
        try
        {
            return reader.CopyString(buffer);
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidJsonException((int)reader.TokenStartIndex, ex.Message);
        }
    }

    // Fixed words come back as shared instances; anything else is read normally.
    private static string ReadWord(ref Utf8JsonReader reader) =>
        !reader.ValueIsEscaped && Vocabulary.TryGet(reader.ValueSpan, out var word) ? word : ReadString(ref reader);

    private static string ReadString(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException ex)
        {
            // An escaped lone surrogate ("\ud800") is valid JSON syntax but no valid text.
            throw new InvalidJsonException((int)reader.TokenStartIndex, ex.Message);
        }
    }

    // A whole number from 1 to long.MaxValue, written as 5, 5.0 or 5e0 (JSON Schema's "integer" agrees).
    private static bool TryReadPositiveInteger(ref Utf8JsonReader reader, out long value)
    {
        if (reader.TryGetInt64(out value))
        {
            return value > 0;
        }

        if (reader.TryGetDecimal(out var number) && number >= 1 && number <= long.MaxValue && decimal.Truncate(number) == number)
        {
            value = (long)number;
            return true;
        }

        value = 0;
        return false;
    }

    private static InvalidJsonException DuplicateKey(int offset, string name) =>
        new(offset, $"Duplicate key \"{name}\".");
}
