using Microsoft.EntityFrameworkCore;
using Trellis.Application.Access;
using Trellis.Data;

namespace Trellis.Application.Auth;

/// <summary>
/// The one rule of user administration (docs/security.md, "Administering users"): nobody changes the credentials,
/// e-mail, roles or API keys of a user who holds more power than they do (a site admin) or who belongs to a shared space
/// they do not administer. A site admin may administer anyone; everyone may change their own password and e-mail.
/// </summary>
internal static class UserAdministration
{
    /// <summary>Why <paramref name="actor"/> may not administer <paramref name="targetId"/>, or <see langword="null"/> when they may.</summary>
    public static async Task<AccessRefusal?> RefuseAsync(TrellisDbContext db, CurrentUser actor, long targetId, CancellationToken cancellationToken)
    {
        if (actor.IsSiteAdmin)
        {
            return null;
        }

        var roles = await db.RoleAssignments.AsNoTracking().Where(r => r.UserId == targetId)
            .Select(r => new { r.Role, r.SharedSpaceId }).ToListAsync(cancellationToken);
        if (roles.Any(r => r.Role == Roles.SiteAdmin))
        {
            return AccessRefusal.Forbidden("Only a site admin may change a site admin.");
        }

        var home = await db.Users.AsNoTracking().Where(u => u.Id == targetId).Select(u => u.SharedSpaceId).SingleOrDefaultAsync(cancellationToken);
        var spaces = roles.Where(r => r.SharedSpaceId is not null).Select(r => r.SharedSpaceId!.Value).Append(home).Distinct();
        return spaces.All(actor.IsSpaceAdmin)
            ? null
            : AccessRefusal.Forbidden("This user also belongs to a shared space you do not administer; ask a site admin.");
    }

    /// <summary>
    /// Ends every session of a user whose password changed except <paramref name="keptSessionId"/> (the caller's own,
    /// when they changed their own password), on this node at once and, on PostgreSQL, on every node.
    /// </summary>
    public static async Task EndOtherSessionsAsync(
        TrellisDbContext db, SessionCache sessions, TimeProvider time, long userId, string? keptSessionId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.Sessions.Where(s => s.UserId == userId && s.RevokedAt == null && s.Id != keptSessionId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.RevokedAt, now), cancellationToken);
        await sessions.RevokeAsync(db, SessionEviction.User(userId), cancellationToken);
    }
}
