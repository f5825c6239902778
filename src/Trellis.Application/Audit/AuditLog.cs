using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.Audit;

/// <summary>Adds audit lines to the unit of work; they are saved with the change they describe.</summary>
internal static class AuditLog
{
    public static void Add(TrellisDbContext db, TimeProvider time, long? userId, string action, string? target = null,
        long? sharedSpaceId = null, long? workspaceId = null, string? details = null) =>
        db.AuditLog.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            UserId = userId,
            Action = action,
            Target = target,
            SharedSpaceId = sharedSpaceId,
            WorkspaceId = workspaceId,
            Details = details,
        });
}
