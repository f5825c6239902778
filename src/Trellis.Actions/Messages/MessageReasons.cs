namespace Trellis.Actions.Messages;

/// <summary>
/// The stable reason codes of a rejected or ignored message, one per check of docs/reference/messages.md#judgment-order plus the payload
/// shapes of docs/reference/messages.md#events. Logs and tests match on these codes, never on the wording.
/// </summary>
public static class MessageReasons
{
    /// <summary>Check 1: the message did not come from the window this launch opened.</summary>
    public const string Source = "source";

    /// <summary>Check 2: the message is not an object, <c>event_name</c> is not a string, or <c>data</c> is not an object.</summary>
    public const string Shape = "shape";

    /// <summary>Check 3: <c>shared_space</c> or <c>workspace</c> differs from the launch context, or has another type.</summary>
    public const string Context = "context";

    /// <summary>Check 4: <c>dialog_id</c> / <c>panel_id</c> is missing where required, or does not match the instance.</summary>
    public const string InstanceId = "instance_id";

    /// <summary>Check 5: the launch may not send this event (no <c>events: true</c>, or dialog control outside a dialog).</summary>
    public const string NotAllowed = "not_allowed";

    /// <summary>Check 6: the event name is not one of docs/reference/messages.md#events; the message is ignored.</summary>
    public const string UnknownEvent = "unknown_event";

    /// <summary>The event's <c>data</c> does not have the shape docs/reference/messages.md#events gives it.</summary>
    public const string Payload = "payload";

    /// <summary>The instance sent more than <see cref="MessageDefaults.MaxMessagesPerSecond"/> messages in a second; the message was dropped.</summary>
    public const string RateLimited = "rate_limited";
}
