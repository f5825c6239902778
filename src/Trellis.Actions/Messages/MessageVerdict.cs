namespace Trellis.Actions.Messages;

/// <summary>What the host does with a message.</summary>
public enum MessageOutcome
{
    /// <summary>Every check passed: act on <see cref="MessageVerdict.Event"/>.</summary>
    Accepted,

    /// <summary>A check failed: do nothing, and log the reason.</summary>
    Rejected,

    /// <summary>The event name is unknown (docs/reference/messages.md#judgment-order check 6): do nothing, and log the reason.</summary>
    Ignored,
}

/// <summary>The judgment of one message: the typed event to act on, or why nothing happens.</summary>
public sealed record MessageVerdict
{
    private MessageVerdict(MessageOutcome outcome, string? eventName, MessageEvent? @event, string? reason, string? detail)
    {
        Outcome = outcome;
        EventName = eventName;
        Event = @event;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>Gets what the host does with the message.</summary>
    public MessageOutcome Outcome { get; }

    /// <summary>Gets the event name when the message had one, for logs.</summary>
    public string? EventName { get; }

    /// <summary>Gets the event to act on; <see langword="null"/> unless <see cref="Outcome"/> is <see cref="MessageOutcome.Accepted"/>.</summary>
    public MessageEvent? Event { get; }

    /// <summary>Gets the stable reason code (a <see cref="MessageReasons"/> constant); <see langword="null"/> when accepted.</summary>
    public string? Reason { get; }

    /// <summary>Gets a sentence for the log; <see langword="null"/> when accepted. Wording may change; codes do not.</summary>
    public string? Detail { get; }

    /// <summary>Gets a value indicating whether the host acts on the message.</summary>
    public bool IsAccepted => Outcome == MessageOutcome.Accepted;

    internal static MessageVerdict Accept(MessageEvent @event) =>
        new(MessageOutcome.Accepted, @event.Name, @event, null, null);

    internal static MessageVerdict Reject(string reason, string detail, string? eventName = null) =>
        new(MessageOutcome.Rejected, eventName, null, reason, detail);

    internal static MessageVerdict Ignore(string reason, string detail, string? eventName) =>
        new(MessageOutcome.Ignored, eventName, null, reason, detail);
}
