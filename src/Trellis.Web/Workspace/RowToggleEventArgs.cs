using Microsoft.AspNetCore.Components;

namespace Trellis.Web.Workspace;

/// <summary>A grid row's checkbox changed: which row, and whether it is now checked (read by <c>trellis-host.js</c>).</summary>
public sealed class RowToggleEventArgs : EventArgs
{
    /// <summary>The row's entity id (the checkbox's <c>data-row-id</c>).</summary>
    public string Id { get; set; } = "";

    /// <summary>Whether the checkbox is now checked.</summary>
    public bool Checked { get; set; }
}

/// <summary>
/// The grid's custom event: <c>@onrowtoggle</c> on a table body receives every row checkbox's <c>change</c>, so one
/// handler serves all rows.
/// </summary>
// The Razor compiler looks for custom events only on classes named EventHandlers.
[EventHandler("onrowtoggle", typeof(RowToggleEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
[EventHandler("oncellcommit", typeof(CellCommitEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
[EventHandler("oncelledit", typeof(CellCommitEventArgs), enableStopPropagation: true, enablePreventDefault: true)]
public static class EventHandlers
{
}
