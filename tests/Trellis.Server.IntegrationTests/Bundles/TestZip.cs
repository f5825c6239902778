using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Trellis.Server.IntegrationTests.Bundles;

/// <summary>
/// Writes zip archives byte by byte, so tests can put anything in the headers: raw name bytes, flags, methods,
/// external attributes and sizes that lie.
/// </summary>
internal sealed class TestZip
{
    private readonly List<Entry> _entries = [];

    public static TestZip Create() => new();

    public TestZip File(string name, string content, bool deflate = true) => File(name, Encoding.UTF8.GetBytes(content), deflate);

    public TestZip File(string name, byte[] content, bool deflate = true) => Raw(Encoding.UTF8.GetBytes(name), content, deflate);

    public TestZip Folder(string name) => Raw(Encoding.UTF8.GetBytes(name), [], deflate: false);

    public TestZip Raw(byte[] name, byte[] content, bool deflate = true, ushort flags = 0x0800, ushort? methodField = null,
        uint externalAttributes = 0, long? declaredSize = null)
    {
        _entries.Add(new Entry(name, content, deflate, flags, methodField, externalAttributes, declaredSize));
        return this;
    }

    public byte[] Build()
    {
        using var output = new MemoryStream();
        var central = new MemoryStream();
        foreach (var entry in _entries)
        {
            var data = entry.Deflate ? DeflateBytes(entry.Content) : entry.Content;
            var method = entry.MethodField ?? (ushort)(entry.Deflate ? 8 : 0);
            var size = (uint)(entry.DeclaredSize ?? entry.Content.Length);
            var offset = (uint)output.Position;
            Write(output, 0x04034b50u, 20, entry.Flags, method, 0, 0, 0u, (uint)data.Length, size, (ushort)entry.Name.Length, 0);
            output.Write(entry.Name);
            output.Write(data);
            Write(central, 0x02014b50u, (ushort)0x031E, 20, entry.Flags, method, 0, 0, 0u, (uint)data.Length, size,
                (ushort)entry.Name.Length, 0, 0, 0, 0, entry.ExternalAttributes, offset);
            central.Write(entry.Name);
        }

        var directoryOffset = (uint)output.Position;
        central.Position = 0;
        central.CopyTo(output);
        Write(output, 0x06054b50u, 0, 0, (ushort)_entries.Count, (ushort)_entries.Count, (uint)central.Length, directoryOffset, 0);
        return output.ToArray();
    }

    public static byte[] DeflateBytes(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var deflate = new DeflateStream(buffer, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(content);
        }

        return buffer.ToArray();
    }

    /// <summary>Writes little-endian fields: <see cref="ushort"/> and <see cref="uint"/> values as 2 and 4 bytes.</summary>
    private static void Write(Stream stream, params object[] fields)
    {
        Span<byte> bytes = stackalloc byte[4];
        foreach (var field in fields)
        {
            switch (field)
            {
                case uint value:
                    BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
                    stream.Write(bytes[..4]);
                    break;
                case int value:
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes, (ushort)value);
                    stream.Write(bytes[..2]);
                    break;
                case ushort value:
                    BinaryPrimitives.WriteUInt16LittleEndian(bytes, value);
                    stream.Write(bytes[..2]);
                    break;
                default:
                    throw new ArgumentException($"Unsupported field {field}.", nameof(fields));
            }
        }
    }

    private sealed record Entry(byte[] Name, byte[] Content, bool Deflate, ushort Flags, ushort? MethodField, uint ExternalAttributes, long? DeclaredSize);
}
