namespace Trellis.Web.Workspace;

/// <summary>
/// A grid cell edited in place: committed (a renamed name: Enter, or leaving it changed) with its new text, or asked to
/// open its editor (<c>@oncelledit</c>: Enter or F2 on the cell, or a click on it; no text). Read by <c>trellis-fields.js</c>.
/// </summary>
public sealed class CellCommitEventArgs : EventArgs
{
    /// <summary>The row's entity id.</summary>
    public string Id { get; set; } = "";

    /// <summary>The field.</summary>
    public string Field { get; set; } = "";

    /// <summary>The text typed.</summary>
    public string Value { get; set; } = "";
}
