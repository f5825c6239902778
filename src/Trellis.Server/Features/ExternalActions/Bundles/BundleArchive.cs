using System.Collections.Immutable;

namespace Trellis.Server.Features.ExternalActions.Bundles;

/// <summary>Why one entry (or the whole upload) was refused; codes are stable, messages are for people.</summary>
/// <param name="Entry">The entry name as far as it could be read (invalid bytes replaced), or empty for the whole archive.</param>
/// <param name="Code">A <see cref="BundleReasonCodes"/> constant.</param>
/// <param name="Message">A sentence for a person.</param>
internal sealed record BundleReason(string Entry, string Code, string Message);

/// <summary>One file of an accepted bundle, by its exact stored path.</summary>
/// <param name="Path">The path inside the bundle, segments joined by <c>/</c>, case kept.</param>
/// <param name="Content">The inflated bytes.</param>
internal sealed record BundleFileContent(string Path, byte[] Content);

/// <summary>An accepted bundle: every check of SPEC.md §7.4 passed.</summary>
/// <param name="Files">The files to serve, in archive order.</param>
/// <param name="Entries">The top-level entries (folders and files), sorted ordinally.</param>
/// <param name="Configuration">The bytes of the root <c>action-configuration.json</c>, or <see langword="null"/>.</param>
/// <param name="UncompressedSize">The inflated bytes of the served files.</param>
internal sealed record BundleArchive(
    ImmutableArray<BundleFileContent> Files,
    ImmutableArray<string> Entries,
    byte[]? Configuration,
    long UncompressedSize);

/// <summary>The outcome of reading an upload: an archive, or the reasons it was refused.</summary>
/// <param name="Archive">The accepted archive, or <see langword="null"/>.</param>
/// <param name="Reasons">One reason per bad entry; empty when accepted.</param>
/// <param name="TooLarge">The refusal is about size (answered with 413).</param>
internal sealed record BundleReadResult(BundleArchive? Archive, ImmutableArray<BundleReason> Reasons, bool TooLarge)
{
    public bool IsAccepted => Archive is not null;

    public static BundleReadResult Accept(BundleArchive archive) => new(archive, [], TooLarge: false);

    public static BundleReadResult Reject(IEnumerable<BundleReason> reasons, bool tooLarge = false) => new(null, [.. reasons], tooLarge);
}

/// <summary>The codes of <see cref="BundleReason"/>.</summary>
internal static class BundleReasonCodes
{
    public const string TooLarge = "too_large";
    public const string UncompressedTooLarge = "uncompressed_too_large";
    public const string TooManyEntries = "too_many_entries";
    public const string Corrupt = "corrupt";
    public const string Empty = "empty";
    public const string Ratio = "ratio";
    public const string InvalidName = "invalid_name";
    public const string Duplicate = "duplicate";
    public const string Symlink = "symlink";
    public const string Encrypted = "encrypted";
    public const string UnsupportedMethod = "unsupported_method";
    public const string TopLevelName = "top_level_name";
}
