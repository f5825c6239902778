namespace Trellis.Cli.Commands;

/// <summary>Reads an input file, turning I/O failures into a message instead of an exception.</summary>
internal static class InputFile
{
    /// <summary>Reads all bytes of <paramref name="path"/>.</summary>
    /// <returns>The bytes, or <see langword="null"/> after writing why to <paramref name="error"/>.</returns>
    public static async Task<byte[]?> TryReadAsync(string path, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            return await File.ReadAllBytesAsync(path, cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            await error.WriteLineAsync(Strings.CannotRead(path, ex.Message));
            return null;
        }
    }
}
