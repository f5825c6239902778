using System.Collections.Immutable;

namespace Trellis.Actions.Messages;

/// <summary>An accepted app-to-host event of docs/reference/messages.md#events, with its <c>data</c> read into typed values.</summary>
public abstract record MessageEvent
{
    private protected MessageEvent()
    {
    }

    /// <summary>Gets the event name (a <see cref="MessageEventNames"/> constant).</summary>
    public abstract string Name { get; }
}

/// <summary><c>octane_set_dialog_title</c>: set the dialog's title and accessible name.</summary>
/// <param name="DialogId">The dialog's instance id.</param>
/// <param name="Title">The title, trimmed and cut to <see cref="MessageDefaults.MaxTitleLength"/> characters; never empty.</param>
public sealed record SetDialogTitleEvent(string DialogId, string Title) : MessageEvent
{
    /// <inheritdoc/>
    public override string Name => MessageEventNames.SetDialogTitle;
}

/// <summary><c>octane_close_dialog</c>: close the dialog and, when asked, refresh the launching view.</summary>
/// <param name="DialogId">The dialog's instance id.</param>
/// <param name="Refresh"><see langword="true"/> to refresh the grid or details view that launched the dialog.</param>
public sealed record CloseDialogEvent(string DialogId, bool Refresh) : MessageEvent
{
    /// <inheritdoc/>
    public override string Name => MessageEventNames.CloseDialog;
}

/// <summary><c>octane_refresh_entity</c>: reload these entities wherever they are shown.</summary>
/// <param name="EntityType">The type as sent, trimmed; types match by aggregate.</param>
/// <param name="EntityIds">The ids as decimal strings, in the order sent.</param>
public sealed record RefreshEntityEvent(string EntityType, ImmutableArray<string> EntityIds) : MessageEvent
{
    /// <inheritdoc/>
    public override string Name => MessageEventNames.RefreshEntity;
}

/// <summary><c>octane_refresh_list</c>: refresh the grids of a type; an unknown type is a no-op.</summary>
/// <param name="EntityType">The type as sent, trimmed.</param>
public sealed record RefreshListEvent(string EntityType) : MessageEvent
{
    /// <inheritdoc/>
    public override string Name => MessageEventNames.RefreshList;
}

/// <summary><c>octane_display_entity</c>: go to an entity's page, resolving an aggregate to the concrete subtype.</summary>
/// <param name="EntityType">The type as sent, trimmed (often an aggregate such as <c>work_item</c>).</param>
/// <param name="EntityId">The id as a decimal string.</param>
public sealed record DisplayEntityEvent(string EntityType, string EntityId) : MessageEvent
{
    /// <inheritdoc/>
    public override string Name => MessageEventNames.DisplayEntity;
}

/// <summary><c>octane_select_entity</c>: replace the grid selection; ids not in the grid are ignored.</summary>
/// <param name="EntityType">The type as sent, trimmed.</param>
/// <param name="EntityIds">The ids as decimal strings, in the order sent.</param>
public sealed record SelectEntityEvent(string EntityType, ImmutableArray<string> EntityIds) : MessageEvent
{
    /// <inheritdoc/>
    public override string Name => MessageEventNames.SelectEntity;
}

/// <summary><c>octane_entity_was_added</c>: an entity was created, so matching grids refresh.</summary>
/// <param name="EntityType">The type as sent, trimmed.</param>
/// <param name="EntityId">The id as a decimal string.</param>
public sealed record EntityWasAddedEvent(string EntityType, string EntityId) : MessageEvent
{
    /// <inheritdoc/>
    public override string Name => MessageEventNames.EntityWasAdded;
}

/// <summary><c>octane_update_settings</c>: store the app's settings for a context. No reply.</summary>
/// <param name="Context">The settings key chosen by the app, at most <see cref="MessageDefaults.MaxSettingsContextLength"/> characters; empty when not sent.</param>
/// <param name="PanelId">The instance id the app named (<c>panel_id</c>, or else <c>dialog_id</c>).</param>
/// <param name="SettingsJson">The <c>settings</c> object as compact JSON, at most <see cref="MessageDefaults.MaxSettingsBytes"/> UTF-8 bytes.</param>
public sealed record UpdateSettingsEvent(string Context, string PanelId, string SettingsJson) : MessageEvent
{
    /// <inheritdoc/>
    public override string Name => MessageEventNames.UpdateSettings;
}

/// <summary><c>octane_read_settings</c>: reply <c>octane_settings</c> with the stored settings for a context.</summary>
/// <param name="Context">The settings key chosen by the app; empty when not sent.</param>
/// <param name="PanelId">The instance id the app named (<c>panel_id</c>, or else <c>dialog_id</c>).</param>
public sealed record ReadSettingsEvent(string Context, string PanelId) : MessageEvent
{
    /// <inheritdoc/>
    public override string Name => MessageEventNames.ReadSettings;
}
