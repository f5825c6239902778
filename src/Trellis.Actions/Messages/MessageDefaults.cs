namespace Trellis.Actions.Messages;

/// <summary>The limits of the postMessage protocol (SPEC.md §6).</summary>
public static class MessageDefaults
{
    /// <summary>The longest dialog title an app may set; longer titles are cut (SPEC.md §6.2).</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The longest settings <c>context</c>, in UTF-16 code units (SPEC.md §6.2).</summary>
    public const int MaxSettingsContextLength = 100;

    /// <summary>The largest <c>settings</c> object, in bytes of compact UTF-8 JSON (64 KiB, SPEC.md §6.2).</summary>
    public const int MaxSettingsBytes = 64 * 1024;

    /// <summary>The most messages one launch instance may send per second; the rest are dropped (SPEC.md §6.3).</summary>
    public const int MaxMessagesPerSecond = 50;

    /// <summary>The most rejected or ignored messages logged per minute for one launch instance (SPEC.md §6.3).</summary>
    public const int MaxRejectionLogsPerMinute = 20;
}
