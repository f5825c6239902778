namespace Trellis.Actions.Messages;

/// <summary>The limits of the postMessage protocol (docs/reference/messages.md).</summary>
public static class MessageDefaults
{
    /// <summary>The longest dialog title an app may set; longer titles are cut (docs/reference/messages.md#events).</summary>
    public const int MaxTitleLength = 200;

    /// <summary>The longest settings <c>context</c>, in UTF-16 code units (docs/reference/messages.md#events).</summary>
    public const int MaxSettingsContextLength = 100;

    /// <summary>The largest <c>settings</c> object, in bytes of compact UTF-8 JSON (64 KiB, docs/reference/messages.md#events).</summary>
    public const int MaxSettingsBytes = 64 * 1024;

    /// <summary>The most messages one launch instance may send per second; the rest are dropped (docs/reference/messages.md#judgment-order).</summary>
    public const int MaxMessagesPerSecond = 50;

    /// <summary>The most rejected or ignored messages logged per minute for one launch instance (docs/reference/messages.md#judgment-order).</summary>
    public const int MaxRejectionLogsPerMinute = 20;
}
