using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using System.Text.Unicode;

namespace Trellis.Actions.Bundles;

/// <summary>
/// Reads a bundle zip under the rules listed in docs/cli.md (Bundle rules), all or nothing; the server's uploads and
/// <c>trellis bundle validate</c> both call it, so they refuse exactly the same archives. The central directory is parsed here
/// (raw name bytes, flags, method, external attributes) and each entry is inflated with a hard cap, so header
/// sizes are never trusted and hostile input yields reasons, never an exception.
/// </summary>
public static partial class BundleArchiveReader
{
    private const uint EndOfCentralDirectorySignature = 0x06054b50;
    private const uint CentralHeaderSignature = 0x02014b50;
    private const uint LocalHeaderSignature = 0x04034b50;
    private const int EndOfCentralDirectoryLength = 22;
    private const int CentralHeaderLength = 46;
    private const int LocalHeaderLength = 30;
    private const ushort MethodStored = 0;
    private const ushort MethodDeflate = 8;
    private const ushort MethodAes = 99;
    private const int UnixFileTypeMask = 0xF000;
    private const int UnixSymlink = 0xA000;

    /// <summary>Reads a whole zip from memory; never throws on hostile bytes.</summary>
    /// <param name="zip">The archive's bytes.</param>
    /// <returns>The accepted archive, or every reason it was refused.</returns>
    public static BundleReadResult Read(ReadOnlyMemory<byte> zip)
    {
        if (zip.Length > BundleLimits.MaxCompressedBytes)
        {
            return BundleReadResult.Reject([new("", BundleReasonCodes.TooLarge, "The upload is larger than 20 MiB.")], tooLarge: true);
        }

        try
        {
            return ReadChecked(zip);
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentOutOfRangeException or IndexOutOfRangeException or OverflowException)
        {
            // Hostile bytes that slipped past the bounds checks are still a clear refusal, never a 500.
            return Corrupt("The archive is corrupt.");
        }
    }

    private static BundleReadResult ReadChecked(ReadOnlyMemory<byte> zip)
    {
        var data = zip.Span;
        var end = FindEndOfCentralDirectory(data);
        if (end < 0)
        {
            return Corrupt("The upload is not a zip archive.");
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(data[(end + 10)..]);
        var directorySize = BinaryPrimitives.ReadUInt32LittleEndian(data[(end + 12)..]);
        var directoryOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[(end + 16)..]);
        if (count == 0xFFFF || directoryOffset == 0xFFFFFFFF || directorySize == 0xFFFFFFFF)
        {
            return Corrupt("ZIP64 archives are not accepted.");
        }

        if (count > BundleLimits.MaxEntries)
        {
            return BundleReadResult.Reject([new("", BundleReasonCodes.TooManyEntries, $"The archive has {count} entries; at most {BundleLimits.MaxEntries} are allowed.")]);
        }

        if (directoryOffset + (long)directorySize > end)
        {
            return Corrupt("The central directory lies outside the archive.");
        }

        var reasons = new List<BundleReason>();
        var files = new List<BundleFileContent>();
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var folders = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var entries = new SortedSet<string>(StringComparer.Ordinal);
        byte[]? configuration = null;
        long total = 0;
        var position = (int)directoryOffset;
        for (var i = 0; i < count; i++)
        {
            if (position + CentralHeaderLength > end || BinaryPrimitives.ReadUInt32LittleEndian(data[position..]) != CentralHeaderSignature)
            {
                return Corrupt("The central directory is truncated.");
            }

            var header = data.Slice(position, CentralHeaderLength);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[8..]);
            var method = BinaryPrimitives.ReadUInt16LittleEndian(header[10..]);
            var compressedSize = BinaryPrimitives.ReadUInt32LittleEndian(header[20..]);
            var declaredSize = BinaryPrimitives.ReadUInt32LittleEndian(header[24..]);
            int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[28..]);
            int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(header[30..]);
            int commentLength = BinaryPrimitives.ReadUInt16LittleEndian(header[32..]);
            var externalAttributes = BinaryPrimitives.ReadUInt32LittleEndian(header[38..]);
            var localOffset = BinaryPrimitives.ReadUInt32LittleEndian(header[42..]);
            var recordEnd = (long)position + CentralHeaderLength + nameLength + extraLength + commentLength;
            if (recordEnd > end)
            {
                return Corrupt("The central directory is truncated.");
            }

            var rawName = data.Slice(position + CentralHeaderLength, nameLength);
            position = (int)recordEnd;

            var (name, nameProblem) = CheckName(rawName);
            if (nameProblem is not null)
            {
                reasons.Add(new(name, BundleReasonCodes.InvalidName, nameProblem));
                continue;
            }

            if (((externalAttributes >> 16) & UnixFileTypeMask) == UnixSymlink)
            {
                reasons.Add(new(name, BundleReasonCodes.Symlink, "Symbolic links are not accepted."));
                continue;
            }

            if ((flags & 0x1) != 0 || method == MethodAes)
            {
                reasons.Add(new(name, BundleReasonCodes.Encrypted, "Encrypted entries are not accepted."));
                continue;
            }

            if (method is not (MethodStored or MethodDeflate))
            {
                reasons.Add(new(name, BundleReasonCodes.UnsupportedMethod, $"Compression method {method} is not accepted; use stored or deflate."));
                continue;
            }

            var isFolder = name.EndsWith('/');
            var path = isFolder ? name[..^1] : name;
            var segments = path.Split('/');
            if (segments[0] == "__MACOSX" || (!isFolder && segments[^1] == ".DS_Store"))
            {
                continue;
            }

            var isConfiguration = !isFolder && path == BundleLimits.ConfigurationFileName;
            if (!isConfiguration && !TopLevelName().IsMatch(segments[0]))
            {
                reasons.Add(new(name, BundleReasonCodes.TopLevelName, "A top-level name must match ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$."));
                continue;
            }

            if (isFolder)
            {
                continue;
            }

            if (!seen.Add(path) || folders.Contains(path))
            {
                reasons.Add(new(name, BundleReasonCodes.Duplicate, "Another entry has the same name (letter case ignored)."));
                continue;
            }

            var prefixIsFile = false;
            for (var s = 1; s < segments.Length; s++)
            {
                var prefix = string.Join('/', segments[..s]);
                prefixIsFile |= seen.Contains(prefix);
                folders.Add(prefix);
            }

            if (prefixIsFile)
            {
                reasons.Add(new(name, BundleReasonCodes.Duplicate, "A file of the same name is also used as a folder."));
                continue;
            }

            var budget = BundleLimits.MaxUncompressedBytes - total;
            var (content, problem) = Inflate(zip, localOffset, compressedSize, method, budget, end);
            if (problem is not null)
            {
                if (problem.Code == BundleReasonCodes.UncompressedTooLarge)
                {
                    return BundleReadResult.Reject([problem with { Entry = name }], tooLarge: true);
                }

                reasons.Add(problem with { Entry = name });
                continue;
            }

            if (content!.LongLength != declaredSize)
            {
                reasons.Add(new(name, BundleReasonCodes.Corrupt, "The entry's size does not match its header."));
                continue;
            }

            total += content.LongLength;
            if (isConfiguration)
            {
                configuration = content;
                continue;
            }

            files.Add(new BundleFileContent(path, content));
            entries.Add(segments[0]);
        }

        if (reasons.Count > 0)
        {
            return BundleReadResult.Reject(reasons);
        }

        if (files.Count == 0 && configuration is null)
        {
            return BundleReadResult.Reject([new("", BundleReasonCodes.Empty, "The archive holds no files.")]);
        }

        var served = files.Sum(f => f.Content.LongLength);
        return BundleReadResult.Accept(new BundleArchive([.. files], [.. entries], configuration, served));
    }

    /// <summary>Decodes and checks an entry name; returns a readable name and the problem, if any.</summary>
    internal static (string Name, string? Problem) CheckName(ReadOnlySpan<byte> raw)
    {
        // The UTF-8 flag (bit 11) is ignored: names must be valid UTF-8 whatever it says.
        if (!Utf8.IsValid(raw))
        {
            return (Encoding.UTF8.GetString(raw), "The name is not valid UTF-8.");
        }

        var name = Encoding.UTF8.GetString(raw);
        if (name.Length == 0)
        {
            return (name, "The name is empty.");
        }

        foreach (var c in name)
        {
            if (char.IsControl(c))
            {
                return (name, "The name contains a control character.");
            }

            if (c is '\\' or ':')
            {
                return (name, $"The name contains '{c}'.");
            }
        }

        if (name[0] == '/')
        {
            return (name, "The name is an absolute path.");
        }

        var path = name.EndsWith('/') ? name[..^1] : name;
        foreach (var segment in path.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return (name, $"The name has a '{segment}' segment.");
            }
        }

        return (name, null);
    }

    private static (byte[]? Content, BundleReason? Problem) Inflate(
        ReadOnlyMemory<byte> zip, uint localOffset, uint compressedSize, ushort method, long budget, int end)
    {
        var data = zip.Span;
        if ((long)localOffset + LocalHeaderLength > end || BinaryPrimitives.ReadUInt32LittleEndian(data[(int)localOffset..]) != LocalHeaderSignature)
        {
            return (null, new("", BundleReasonCodes.Corrupt, "The entry's local header is missing."));
        }

        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(data[((int)localOffset + 26)..]);
        int extraLength = BinaryPrimitives.ReadUInt16LittleEndian(data[((int)localOffset + 28)..]);
        var start = (long)localOffset + LocalHeaderLength + nameLength + extraLength;
        if (start + compressedSize > end)
        {
            return (null, new("", BundleReasonCodes.Corrupt, "The entry's data lies outside the archive."));
        }

        var compressed = zip.Slice((int)start, (int)compressedSize);
        // The cap is whichever comes first: the ratio rule or what is left of the 100 MiB.
        var ratioCap = Math.Max(BundleLimits.RatioExemptBytes, BundleLimits.MaxRatio * (long)Math.Max(compressedSize, 1u));
        var cap = Math.Min(ratioCap, budget);
        try
        {
            return InflateCapped(compressed, method, cap, budget);
        }
        catch (InvalidDataException)
        {
            return (null, new("", BundleReasonCodes.Corrupt, "The entry's compressed data is corrupt."));
        }
    }

    private static (byte[]? Content, BundleReason? Problem) InflateCapped(ReadOnlyMemory<byte> compressed, ushort method, long cap, long budget)
    {
        using var source = new MemoryStream(compressed.ToArray(), writable: false);
        using Stream input = method == MethodDeflate ? new DeflateStream(source, CompressionMode.Decompress) : source;
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer, 0, buffer.Length)) > 0)
        {
            output.Write(buffer, 0, read);
            if (output.Length > cap)
            {
                return output.Length > budget
                    ? (null, new("", BundleReasonCodes.UncompressedTooLarge, "The bundle inflates to more than 100 MiB."))
                    : (null, new("", BundleReasonCodes.Ratio, $"The entry inflates more than {BundleLimits.MaxRatio}:1."));
            }
        }

        return (output.ToArray(), null);
    }

    private static int FindEndOfCentralDirectory(ReadOnlySpan<byte> data)
    {
        var lowest = Math.Max(0, data.Length - EndOfCentralDirectoryLength - ushort.MaxValue);
        for (var i = data.Length - EndOfCentralDirectoryLength; i >= lowest; i--)
        {
            if (BinaryPrimitives.ReadUInt32LittleEndian(data[i..]) == EndOfCentralDirectorySignature)
            {
                return i;
            }
        }

        return -1;
    }

    private static BundleReadResult Corrupt(string message) => BundleReadResult.Reject([new("", BundleReasonCodes.Corrupt, message)]);

    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$", RegexOptions.CultureInvariant)]
    private static partial Regex TopLevelName();
}
