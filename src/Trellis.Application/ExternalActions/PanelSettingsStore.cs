using Microsoft.EntityFrameworkCore;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.ExternalActions;

/// <summary>
/// Per-user settings of an action's app (docs/reference/messages.md#events), stored by <c>octane_update_settings</c> and
/// read by <c>octane_read_settings</c>, for the settings endpoints and the launch host alike.
/// </summary>
internal static class PanelSettingsStore
{
    /// <summary>The largest settings body, in UTF-8 bytes.</summary>
    public const int MaxSettingsBytes = 64 * 1024;

    /// <summary>The longest context name.</summary>
    public const int MaxContextLength = 100;

    /// <summary>The stored settings (compact JSON) of one user's app for a context, or <see langword="null"/> when unset.</summary>
    /// <remarks><paramref name="action"/> is the action's name in lower case.</remarks>
    public static Task<string?> ReadAsync(TrellisDbContext db, long sharedSpaceId, long workspaceId, string action, long userId, string context,
        CancellationToken cancellationToken) =>
        db.ActionPanelSettings.AsNoTracking()
            .Where(s => s.SharedSpaceId == sharedSpaceId && s.WorkspaceId == workspaceId && s.ActionName == action && s.UserId == userId && s.Context == context)
            .Select(s => s.Settings).FirstOrDefaultAsync(cancellationToken);

    /// <summary>Stores one user's app settings (compact JSON) for a context, replacing what was there.</summary>
    /// <remarks><paramref name="action"/> is the action's name in lower case.</remarks>
    public static async Task WriteAsync(TrellisDbContext db, long sharedSpaceId, long workspaceId, string action, long userId, string context,
        string settings, TimeProvider time, CancellationToken cancellationToken)
    {
        // Two first writes may race for the unique row; the loser updates the winner's.
        for (var attempt = 0; ; attempt++)
        {
            var row = await db.ActionPanelSettings.SingleOrDefaultAsync(
                s => s.SharedSpaceId == sharedSpaceId && s.WorkspaceId == workspaceId && s.ActionName == action && s.UserId == userId && s.Context == context,
                cancellationToken);
            if (row is null)
            {
                row = new ActionPanelSetting
                {
                    SharedSpaceId = sharedSpaceId, WorkspaceId = workspaceId, ActionName = action, UserId = userId, Context = context, Settings = settings,
                };
                db.ActionPanelSettings.Add(row);
            }

            row.Settings = settings;
            row.UpdatedAt = time.GetUtcNow();
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                break;
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
