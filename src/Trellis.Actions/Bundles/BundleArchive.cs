using System.Collections.Immutable;

namespace Trellis.Actions.Bundles;

/// <summary>Why one entry (or the whole upload) was refused; codes are stable, messages are for people.</summary>
/// <param name="Entry">The entry name as far as it could be read (invalid bytes replaced), or empty for the whole archive.</param>
/// <param name="Code">A <see cref="BundleReasonCodes"/> constant.</param>
/// <param name="Message">A sentence for a person.</param>
public sealed record BundleReason(string Entry, string Code, string Message);

/// <summary>One file of an accepted bundle, by its exact stored path.</summary>
/// <param name="Path">The path inside the bundle, segments joined by <c>/</c>, case kept.</param>
/// <param name="Content">The inflated bytes.</param>
public sealed record BundleFileContent(string Path, byte[] Content);

/// <summary>An accepted bundle: every rule of docs/cli.md (Bundle rules) passed.</summary>
/// <param name="Files">The files to serve, in archive order.</param>
/// <param name="Entries">The top-level entries (folders and files), sorted ordinally.</param>
/// <param name="Configuration">The bytes of the root <c>action-configuration.json</c>, or <see langword="null"/>.</param>
/// <param name="UncompressedSize">The inflated bytes of the served files.</param>
public sealed record BundleArchive(
    ImmutableArray<BundleFileContent> Files,
    ImmutableArray<string> Entries,
    byte[]? Configuration,
    long UncompressedSize);

/// <summary>The outcome of reading an upload: an archive, or the reasons it was refused.</summary>
/// <param name="Archive">The accepted archive, or <see langword="null"/>.</param>
/// <param name="Reasons">One reason per bad entry; empty when accepted.</param>
/// <param name="TooLarge">The refusal is about size (answered with 413).</param>
public sealed record BundleReadResult(BundleArchive? Archive, ImmutableArray<BundleReason> Reasons, bool TooLarge)
{
    /// <summary>Gets a value indicating whether the archive passed every rule.</summary>
    public bool IsAccepted => Archive is not null;

    /// <summary>An accepted archive.</summary>
    /// <param name="archive">The archive.</param>
    /// <returns>The result.</returns>
    public static BundleReadResult Accept(BundleArchive archive) => new(archive, [], TooLarge: false);

    /// <summary>A refusal.</summary>
    /// <param name="reasons">Why, one reason per bad entry.</param>
    /// <param name="tooLarge">Whether the refusal is about size.</param>
    /// <returns>The result.</returns>
    public static BundleReadResult Reject(IEnumerable<BundleReason> reasons, bool tooLarge = false) => new(null, [.. reasons], tooLarge);
}

/// <summary>The stable codes of <see cref="BundleReason"/>, as the server answers them and <c>trellis bundle validate</c> prints them.</summary>
public static class BundleReasonCodes
{
    /// <summary>The upload is larger than 20 MiB.</summary>
    public const string TooLarge = "too_large";
    /// <summary>The bundle inflates to more than 100 MiB.</summary>
    public const string UncompressedTooLarge = "uncompressed_too_large";
    /// <summary>More than 2000 entries.</summary>
    public const string TooManyEntries = "too_many_entries";
    /// <summary>Not a zip, or a damaged one.</summary>
    public const string Corrupt = "corrupt";
    /// <summary>No files.</summary>
    public const string Empty = "empty";
    /// <summary>One entry inflates more than 100:1.</summary>
    public const string Ratio = "ratio";
    /// <summary>A name that is not a safe relative UTF-8 path.</summary>
    public const string InvalidName = "invalid_name";
    /// <summary>Two entries with one name (letter case ignored), or a file used as a folder.</summary>
    public const string Duplicate = "duplicate";
    /// <summary>A symbolic link.</summary>
    public const string Symlink = "symlink";
    /// <summary>An encrypted entry.</summary>
    public const string Encrypted = "encrypted";
    /// <summary>A compression method other than stored or deflate.</summary>
    public const string UnsupportedMethod = "unsupported_method";
    /// <summary>A top-level name outside ^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$.</summary>
    public const string TopLevelName = "top_level_name";
}
