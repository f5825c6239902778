using System.Text.Json;

namespace Trellis.Actions.Messages;

/// <summary>
/// Decides whether the host acts on a message from a launched app, applying the checks of docs/reference/messages.md#judgment-order in
/// order (source, shape, context, instance id, permission, name) and then the payload shapes of docs/reference/messages.md#events. The first
/// failing check decides the verdict. Never throws on what the app sent.
/// </summary>
public static class MessageJudge
{
    /// <summary>Judges a message as it was posted.</summary>
    /// <param name="channel">The launch the message claims to come from.</param>
    /// <param name="sourceIsLaunchWindow">
    /// Whether <c>event.source</c> is exactly the live window that launch opened: the dialog or panel iframe's
    /// <c>contentWindow</c>, or the <c>window.open</c> handle of an <c>events: true</c> tab.
    /// </param>
    /// <param name="message">The posted <c>event.data</c>.</param>
    /// <returns>The verdict.</returns>
    public static MessageVerdict Judge(LaunchChannel channel, bool sourceIsLaunchWindow, JsonElement message)
    {
        ArgumentNullException.ThrowIfNull(channel);
        if (!sourceIsLaunchWindow)
        {
            return NotFromLaunch();
        }

        var envelope = MessageEnvelope.Read(message, out var problem);
        return envelope is null ? MessageVerdict.Reject(MessageReasons.Shape, problem!) : JudgeEnvelope(channel, envelope);
    }

    /// <summary>Judges a message already read into an envelope.</summary>
    /// <param name="channel">The launch the message claims to come from.</param>
    /// <param name="sourceIsLaunchWindow">Whether <c>event.source</c> is exactly the live window that launch opened.</param>
    /// <param name="envelope">The message.</param>
    /// <returns>The verdict.</returns>
    public static MessageVerdict Judge(LaunchChannel channel, bool sourceIsLaunchWindow, MessageEnvelope envelope)
    {
        ArgumentNullException.ThrowIfNull(channel);
        ArgumentNullException.ThrowIfNull(envelope);
        if (!sourceIsLaunchWindow)
        {
            return NotFromLaunch();
        }

        // An envelope built by hand may carry any element; only TryParse guarantees an object.
        if (envelope.Data.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            return MessageVerdict.Reject(MessageReasons.Shape, "data is not an object.", envelope.EventName);
        }

        return JudgeEnvelope(channel, envelope);
    }

    private static MessageVerdict NotFromLaunch() =>
        MessageVerdict.Reject(MessageReasons.Source, "The message did not come from the window this launch opened.");

    private static MessageVerdict JudgeEnvelope(LaunchChannel channel, MessageEnvelope envelope)
    {
        var name = envelope.EventName;
        if (!SameContext(envelope.SharedSpace, channel.SharedSpace) || !SameContext(envelope.Workspace, channel.Workspace))
        {
            return MessageVerdict.Reject(
                MessageReasons.Context,
                "shared_space and workspace must be the launch's ids, as strings or integers.",
                name);
        }

        var data = envelope.Data;
        var dialogId = InstanceIdIn(data, "dialog_id");
        var panelId = InstanceIdIn(data, "panel_id");
        var instanceFailure = MessageEventNames.IsDialogControl(name)
            ? (dialogId.Matches(channel.InstanceId) ? null : "Dialog control needs data.dialog_id equal to this dialog's id.")
            : MessageEventNames.IsSettings(name)
                ? ((panelId.Present ? panelId : dialogId).Matches(channel.InstanceId) ? null : "Settings need data.panel_id (or data.dialog_id) equal to this instance's id.")
                : (dialogId.Present && !dialogId.Matches(channel.InstanceId)) || (panelId.Present && !panelId.Matches(channel.InstanceId))
                    ? "data.dialog_id or data.panel_id names another instance."
                    : null;
        if (instanceFailure is not null)
        {
            return MessageVerdict.Reject(MessageReasons.InstanceId, instanceFailure, name);
        }

        // Dialog control is the dialog's own business, so it needs no events flag; nothing else may close or rename a dialog.
        var allowed = MessageEventNames.IsDialogControl(name) ? channel.Kind == ChannelKind.Dialog : channel.EventsAllowed;
        if (!allowed)
        {
            return MessageVerdict.Reject(
                MessageReasons.NotAllowed,
                MessageEventNames.IsDialogControl(name) ? "Only a dialog may control a dialog." : "The action does not allow events (events: true).",
                name);
        }

        if (!MessageEventNames.All.Contains(name))
        {
            return MessageVerdict.Ignore(MessageReasons.UnknownEvent, "Unknown event name.", name);
        }

        var @event = EventPayloads.Read(name, data, channel.InstanceId, out var problem);
        return @event is null ? MessageVerdict.Reject(MessageReasons.Payload, problem!, name) : MessageVerdict.Accept(@event);
    }

    private static bool SameContext(string? sent, string launched) =>
        sent is not null && string.Equals(sent.Trim(), launched.Trim(), StringComparison.Ordinal);

    private static InstanceId InstanceIdIn(JsonElement data, string property)
    {
        if (data.ValueKind != JsonValueKind.Object || !data.TryGetProperty(property, out var value))
        {
            return default;
        }

        // A tab's URL expands {dialog_id} and {panel_id} to empty, so an app echoing them sends "" for "no id".
        return value.ValueKind switch
        {
            JsonValueKind.Null => default,
            JsonValueKind.String when string.IsNullOrWhiteSpace(value.GetString()) => default,
            _ => new InstanceId(true, JsonText.IdOf(value)),
        };
    }

    private readonly record struct InstanceId(bool Present, string? Value)
    {
        public bool Matches(string? instance) =>
            Present && Value is not null && instance is not null && string.Equals(Value, instance, StringComparison.Ordinal);
    }
}
