namespace Trellis.Web.Workspace;

/// <summary>
/// A grid cell edited in place: committed (a renamed name: Enter, or leaving it changed) with its new text, or asked to
/// open its editor (<c>@oncelledit</c>: its ✎, Enter or F2; no text). Read by <c>trellis-fields.js</c>.
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
