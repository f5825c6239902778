using System.Globalization;

namespace Trellis.Application.Platform;

/// <summary>Times as Trellis's own JSON and pages show them: UTC to the second, ISO 8601 (<c>2026-01-15T09:30:00Z</c>).</summary>
internal static class IsoTime
{
    /// <summary>The time in UTC, to the second.</summary>
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>An ISO 8601 time (UTC when it names no offset), or <see langword="null"/> when the text is not one.</summary>
    public static DateTimeOffset? Parse(string? text) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
}
