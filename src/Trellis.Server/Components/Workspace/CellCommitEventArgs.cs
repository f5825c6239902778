namespace Trellis.Server.Components.Workspace;

/// <summary>A grid cell edited in place was committed (Enter, or leaving it changed): which row, which field, the new text (read by <c>trellis-fields.js</c>).</summary>
public sealed class CellCommitEventArgs : EventArgs
{
    /// <summary>The row's entity id.</summary>
    public string Id { get; set; } = "";

    /// <summary>The field.</summary>
    public string Field { get; set; } = "";

    /// <summary>The text typed.</summary>
    public string Value { get; set; } = "";
}
