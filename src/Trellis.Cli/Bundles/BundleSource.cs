using System.IO.Compression;

namespace Trellis.Cli.Bundles;

/// <summary>
/// The zip of a bundle given as a folder or a <c>.zip</c> file. A folder is packed the way the server will read it:
/// every file under it by its relative path (segments joined by <c>/</c>), in ordinal order, with a fixed timestamp so
/// the same folder always packs to the same bytes; a symbolic link becomes a link entry, which the rules refuse.
/// </summary>
internal static class BundleSource
{
    // The external attributes of a Unix symbolic link (S_IFLNK | 0777), as zip tools write them.
    private const int SymlinkAttributes = unchecked((int)(0xA1FFu << 16));

    // Zip stores local times from 1980 on; a fixed one keeps packs reproducible.
    private static readonly DateTimeOffset s_timestamp = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Reads a zip file or packs a folder; <see langword="null"/> after writing why to <paramref name="error"/>.</summary>
    public static async Task<byte[]?> LoadAsync(string path, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            if (Directory.Exists(path))
            {
                return Pack(path);
            }

            if (!File.Exists(path))
            {
                await error.WriteLineAsync($"trellis: '{path}' is neither a folder nor a file");
                return null;
            }

            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            await error.WriteLineAsync(Strings.CannotRead(path, ex.Message));
            return null;
        }
    }

    /// <summary>Packs every file under <paramref name="folder"/> into a deflated zip.</summary>
    public static byte[] Pack(string folder)
    {
        var root = Path.GetFullPath(folder);
        var files = new List<(string Full, string Name, FileSystemInfo Info)>();
        Collect(root, root, files);
        files.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));

        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (full, name, info) in files)
            {
                var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
                entry.LastWriteTime = s_timestamp;
                using var content = entry.Open();
                if (info.LinkTarget is { } target)
                {
                    // Recorded as the link it is, so validation refuses it exactly as an upload would be refused.
                    entry.ExternalAttributes = SymlinkAttributes;
                    content.Write(System.Text.Encoding.UTF8.GetBytes(target));
                }
                else
                {
                    using var file = File.OpenRead(full);
                    file.CopyTo(content);
                }
            }
        }

        return buffer.ToArray();
    }

    // Links are never followed (a link to a folder could loop or leave the bundle): each is kept as a link entry.
    private static void Collect(string root, string folder, List<(string Full, string Name, FileSystemInfo Info)> files)
    {
        foreach (var info in new DirectoryInfo(folder).EnumerateFileSystemInfos())
        {
            var name = Path.GetRelativePath(root, info.FullName).Replace(Path.DirectorySeparatorChar, '/');
            if (info.LinkTarget is null && info is DirectoryInfo)
            {
                Collect(root, info.FullName, files);
            }
            else
            {
                files.Add((info.FullName, name, info));
            }
        }
    }
}
