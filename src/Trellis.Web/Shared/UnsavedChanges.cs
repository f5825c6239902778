using MudBlazor;

namespace Trellis.Web.Shared;

/// <summary>The one question a page with unsaved edits asks before the app leaves it (docs/ui.md, "Unsaved changes").</summary>
internal static class UnsavedChanges
{
    /// <summary>Asks whether to leave and lose the edits; <see langword="true"/> only when the person chose to leave.</summary>
    /// <param name="dialogs">The page's dialog service.</param>
    /// <param name="what">What is lost, in a sentence.</param>
    public static async Task<bool> ConfirmLeaveAsync(IDialogService dialogs, string what) =>
        await dialogs.ShowMessageBoxAsync("Leave without saving?", what, yesText: "Leave", cancelText: "Stay") == true;
}
