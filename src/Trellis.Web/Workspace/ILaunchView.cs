namespace Trellis.Web.Workspace;

/// <summary>
/// What a view (a module grid or an entity's details) lets the launch host do when an app asks (docs/reference/messages.md#events). A view
/// with unsaved edits never refreshes or navigates away; it shows a notice instead.
/// </summary>
public interface ILaunchView
{
    /// <summary>Gets a value indicating whether the view holds edits not yet saved.</summary>
    bool HasUnsavedEdits { get; }

    /// <summary>Refreshes the whole view (after a dialog closed with <c>refresh: true</c>).</summary>
    Task RefreshAsync();

    /// <summary>Reloads these entities where the view shows them; types match by aggregate.</summary>
    /// <param name="entityType">The type the app named.</param>
    /// <param name="ids">The ids.</param>
    Task RefreshEntitiesAsync(string entityType, IReadOnlyList<string> ids);

    /// <summary>Refreshes the view's grid when it lists <paramref name="entityType"/> (by aggregate); otherwise nothing.</summary>
    /// <param name="entityType">The type the app named.</param>
    Task RefreshListAsync(string entityType);

    /// <summary>Replaces the grid selection with those of <paramref name="ids"/> the grid shows.</summary>
    /// <param name="entityType">The type the app named.</param>
    /// <param name="ids">The ids.</param>
    Task SelectAsync(string entityType, IReadOnlyList<string> ids);

    /// <summary>Shows a notice to the person.</summary>
    /// <param name="text">The notice.</param>
    void Notice(string text);
}
