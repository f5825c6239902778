using System.Text.Json;

namespace Trellis.Actions.Configuration;

/// <summary>One JSON value as written: its token type, where it starts, and what the rules need of it.</summary>
internal struct RecordedValue
{
    /// <summary>Whether the property (or element) exists at all.</summary>
    public bool Present;

    /// <summary>The token type of the value (<see cref="JsonTokenType.StartObject"/> for an object).</summary>
    public JsonTokenType Type;

    /// <summary>The byte offset of the value's first token in the BOM-less document.</summary>
    public int Offset;

    /// <summary>The unescaped text when the value is a string.</summary>
    public string? Text;

    /// <summary>The value when <see cref="IsPositiveInteger"/> is set.</summary>
    public long Integer;

    /// <summary>Whether the value is a JSON number that is a whole number from 1 to <see cref="long.MaxValue"/>.</summary>
    public bool IsPositiveInteger;

    public readonly bool IsString => Type == JsonTokenType.String;

    public readonly bool IsBoolean => Type is JsonTokenType.True or JsonTokenType.False;

    public readonly bool IsTrue => Type == JsonTokenType.True;
}

/// <summary>An array property as written, with its elements (empty when the value is not an array).</summary>
internal sealed class RecordedArray
{
    public bool Present;
    public JsonTokenType Type;
    public int Offset;

    public List<RecordedValue> Items { get; } = [];

    public bool IsArray => Type == JsonTokenType.StartArray;

    public void Reset()
    {
        Present = false;
        Type = JsonTokenType.None;
        Offset = 0;
        Items.Clear();
    }
}

/// <summary>A property name the validator does not know, kept for the XA1006 warning.</summary>
/// <param name="Name">The unescaped name.</param>
/// <param name="Offset">The byte offset of the name token.</param>
internal readonly record struct UnknownProperty(string Name, int Offset);

/// <summary>
/// Everything one action object holds, recorded in one pass so the rules can look across properties
/// (the kind decides what <c>url</c>, <c>dialog</c> and <c>events</c> may be). Reused for every action.
/// </summary>
internal sealed class RawAction
{
    public int Index;
    public int Start;
    public int End;

    public RecordedValue Name;
    public RecordedValue Title;
    public RecordedValue Icon;
    public RecordedValue Url;
    public RecordedValue Tooltip;
    public RecordedValue SingleEntity;
    public RecordedValue Events;
    public RecordedValue Dialog;
    public RecordedValue Guid;
    public RecordedValue BundleGuid;
    public RecordedValue Mode;
    public RecordedValue ModeName;
    public RecordedValue ModePrompt;

    public RecordedArray EntityType { get; } = new();

    public RecordedArray Views { get; } = new();

    public RecordedArray Workspaces { get; } = new();

    public RecordedArray ExcludeWorkspaces { get; } = new();

    public RecordedArray ModeModules { get; } = new();

    public List<UnknownProperty> Unknown { get; } = [];

    public List<UnknownProperty> ModeUnknown { get; } = [];

    public void Reset(int index, int start)
    {
        Index = index;
        Start = start;
        End = start;
        Name = Title = Icon = Url = Tooltip = SingleEntity = Events = Dialog = Guid = BundleGuid = default;
        Mode = ModeName = ModePrompt = default;
        EntityType.Reset();
        Views.Reset();
        Workspaces.Reset();
        ExcludeWorkspaces.Reset();
        ModeModules.Reset();
        Unknown.Clear();
        ModeUnknown.Clear();
    }
}
