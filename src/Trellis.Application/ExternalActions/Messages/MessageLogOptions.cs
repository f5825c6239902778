using System.ComponentModel.DataAnnotations;

namespace Trellis.Application.ExternalActions.Messages;

/// <summary>How long the message inspector keeps launches and messages (<c>Trellis:MessageLog</c>, docs/configuration.md).</summary>
public sealed class MessageLogOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Trellis:MessageLog";

    /// <summary>Gets or sets how many days launches and their messages are kept.</summary>
    /// <value>The default is 14 days.</value>
    [Range(1, 3650)]
    public int RetentionDays { get; set; } = 14;

    /// <summary>Gets or sets how many messages a workspace keeps at most; the clean-up deletes the oldest beyond it.</summary>
    /// <value>The default is 10,000.</value>
    [Range(100, 10_000_000)]
    public int MaxMessagesPerWorkspace { get; set; } = 10_000;

    /// <summary>Gets or sets how often the clean-up runs.</summary>
    /// <value>The default is one hour.</value>
    [TimeSpanRange("00:00:01", "1.00:00:00")]
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromHours(1);
}
