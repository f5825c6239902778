using System.Buffers.Binary;
using System.Text;

namespace Trellis.Circuits.Load;

/// <summary>
/// What the load tool needs from one binary render batch (the payload of <c>JS.RenderBatch</c>): the strings it carries
/// and the event handlers its new or changed attribute frames name. The layout is Blazor's out-of-process render batch:
/// five little-endian offsets at the end (updated components, reference frames, disposed component ids, disposed event
/// handler ids, string table); reference frames are 20 bytes each; strings are length-prefixed (7-bit) UTF-8.
/// </summary>
internal sealed class RenderBatch
{
    private const int FooterLength = 20;
    private const int FrameLength = 20;
    private const int AttributeFrame = 3;

    private readonly byte[] _data;
    private readonly int _stringTable;

    private RenderBatch(byte[] data, int stringTable)
    {
        _data = data;
        _stringTable = stringTable;
    }

    /// <summary>Reads a batch, or says why the bytes are not one.</summary>
    public static RenderBatch Parse(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        if (data.Length < FooterLength)
        {
            throw new FormatException($"A render batch has at least {FooterLength} bytes; this one has {data.Length}.");
        }

        var stringTable = Int32(data, data.Length - 4);
        if (stringTable < 0 || stringTable > data.Length - FooterLength || (data.Length - FooterLength - stringTable) % 4 != 0)
        {
            throw new FormatException($"The string table offset {stringTable} is outside the batch of {data.Length} bytes.");
        }

        return new RenderBatch(data, stringTable);
    }

    /// <summary>How many bytes the batch has.</summary>
    public int Length => _data.Length;

    /// <summary>Every string of the batch's string table (markup, text, attribute names and values), in table order.</summary>
    public IEnumerable<string> Strings()
    {
        var count = (_data.Length - FooterLength - _stringTable) / 4;
        for (var index = 0; index < count; index++)
        {
            yield return StringAt(index)!;
        }
    }

    /// <summary>The attribute frames that carry an event handler: the attribute's name (<c>onclick</c>) and the handler's id.</summary>
    public IEnumerable<(string Name, ulong HandlerId)> EventHandlers()
    {
        var frames = Int32(_data, _data.Length - 16);
        var count = Int32(_data, frames);
        for (var index = 0; index < count; index++)
        {
            var frame = frames + 4 + (index * FrameLength);
            if (Int32(_data, frame) != AttributeFrame)
            {
                continue;
            }

            var handler = BinaryPrimitives.ReadUInt64LittleEndian(_data.AsSpan(frame + 12, 8));
            if (handler != 0 && StringAt(Int32(_data, frame + 4)) is { } name)
            {
                yield return (name, handler);
            }
        }
    }

    private string? StringAt(int index)
    {
        if (index < 0)
        {
            return null;
        }

        var position = Int32(_data, _stringTable + (index * 4));
        var length = 0;
        var shift = 0;
        byte part;
        do
        {
            part = _data[position++];
            length |= (part & 0x7F) << shift;
            shift += 7;
        }
        while ((part & 0x80) != 0);
        return Encoding.UTF8.GetString(_data, position, length);
    }

    private static int Int32(byte[] data, int offset) => BinaryPrimitives.ReadInt32LittleEndian(data.AsSpan(offset, 4));
}
