using System.Collections.Frozen;

namespace Trellis.Actions.Messages;

/// <summary>The <c>event_name</c> values of docs/reference/messages.md#events, exactly as apps send them (case-sensitive).</summary>
public static class MessageEventNames
{
    /// <summary>Sets the dialog title: <c>{dialog_id, title}</c>.</summary>
    public const string SetDialogTitle = "octane_set_dialog_title";

    /// <summary>Closes the dialog, optionally refreshing the view: <c>{dialog_id, refresh}</c>.</summary>
    public const string CloseDialog = "octane_close_dialog";

    /// <summary>Reloads entities wherever shown: <c>{entity_type, entity_ids}</c>.</summary>
    public const string RefreshEntity = "octane_refresh_entity";

    /// <summary>Refreshes matching grids: <c>{entity_type}</c>.</summary>
    public const string RefreshList = "octane_refresh_list";

    /// <summary>Opens an entity's page: <c>{entity_type, entity_id}</c>.</summary>
    public const string DisplayEntity = "octane_display_entity";

    /// <summary>Replaces the grid selection: <c>{entity_type, entity_ids}</c>.</summary>
    public const string SelectEntity = "octane_select_entity";

    /// <summary>Announces a new entity, so matching grids refresh: <c>{entity_type, entity_id}</c>.</summary>
    public const string EntityWasAdded = "octane_entity_was_added";

    /// <summary>Stores the app's settings: <c>{context, panel_id, settings}</c>.</summary>
    public const string UpdateSettings = "octane_update_settings";

    /// <summary>Asks for the app's settings: <c>{context, panel_id}</c>; the host answers <see cref="SettingsReply"/>.</summary>
    public const string ReadSettings = "octane_read_settings";

    /// <summary>The host's reply to <see cref="ReadSettings"/>: <c>{context, panel_id, settings}</c>.</summary>
    public const string SettingsReply = "octane_settings";

    /// <summary>Gets every event name an app may send.</summary>
    public static FrozenSet<string> All { get; } = FrozenSet.Create(
        StringComparer.Ordinal,
        SetDialogTitle, CloseDialog, RefreshEntity, RefreshList, DisplayEntity, SelectEntity, EntityWasAdded, UpdateSettings, ReadSettings);

    /// <summary>Whether an event controls the dialog that sends it, so it needs the dialog's own id and no <c>events</c> flag.</summary>
    /// <param name="eventName">The event name.</param>
    /// <returns><see langword="true"/> for <see cref="SetDialogTitle"/> and <see cref="CloseDialog"/>.</returns>
    public static bool IsDialogControl(string eventName) => eventName is SetDialogTitle or CloseDialog;

    /// <summary>Whether an event reads or writes the app's settings, so it needs the instance id in <c>panel_id</c> or <c>dialog_id</c>.</summary>
    /// <param name="eventName">The event name.</param>
    /// <returns><see langword="true"/> for <see cref="UpdateSettings"/> and <see cref="ReadSettings"/>.</returns>
    public static bool IsSettings(string eventName) => eventName is UpdateSettings or ReadSettings;
}
