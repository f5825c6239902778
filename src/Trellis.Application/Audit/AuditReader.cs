using Microsoft.EntityFrameworkCore;
using Trellis.Application.Access;
using Trellis.Application.Auth;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.Audit;

/// <summary>What to read of the audit log; every part is optional.</summary>
/// <param name="Action">An action (<c>user.update</c>), or a family of them ending in a dot (<c>api_key.</c>).</param>
/// <param name="EntityType">What the target is (<c>defect</c>, <c>user</c>, <c>api_key</c>): the part of the target before <c>/</c>.</param>
/// <param name="User">The login of whoever did it (any case).</param>
/// <param name="From">The earliest time, inclusive.</param>
/// <param name="To">The latest time, exclusive.</param>
internal sealed record AuditFilter(string? Action = null, string? EntityType = null, string? User = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

/// <summary>One audit line, with the login of whoever did it.</summary>
internal sealed record AuditLine(long Id, DateTimeOffset At, long? UserId, string? UserLogin, string Action, string? Target, long? SharedSpaceId, long? WorkspaceId, string? Details);

/// <summary>One page of the audit log, newest first, and how many lines match in all.</summary>
internal sealed record AuditPage(int TotalCount, IReadOnlyList<AuditLine> Lines);

/// <summary>
/// Reads the audit log (docs/administration.md#audit-log): a shared space's admins read the lines of their space, site
/// admins every line. The REST endpoints and the web UI's audit page both read through here.
/// </summary>
internal sealed class AuditReader(IDbContextFactory<TrellisDbContext> dbFactory)
{
    /// <summary>The most lines one page holds.</summary>
    public const int MaxPageSize = 500;

    /// <summary>The lines of one shared space, for its admins (the scope the access layer granted).</summary>
    public async Task<Access<AuditPage>> SpaceAsync(SpaceScope scope, AuditFilter filter, int offset, int limit, CancellationToken cancellationToken) =>
        scope.IsAdmin
            ? await ReadAsync(scope.SharedSpaceId, filter, offset, limit, cancellationToken)
            : AccessRefusal.Forbidden("Only a shared-space admin may read the space's audit log.");

    /// <summary>Every line, for site admins.</summary>
    public async Task<Access<AuditPage>> SiteAsync(CurrentUser user, AuditFilter filter, int offset, int limit, CancellationToken cancellationToken) =>
        AccessResolver.SiteAdmin(user) is { } refusal ? refusal : await ReadAsync(null, filter, offset, limit, cancellationToken);

    private async Task<AuditPage> ReadAsync(long? sharedSpaceId, AuditFilter filter, int offset, int limit, CancellationToken cancellationToken)
    {
        limit = Math.Clamp(limit, 1, MaxPageSize);
        offset = Math.Max(0, offset);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.AuditLog.AsNoTracking();
        if (sharedSpaceId is { } space)
        {
            query = query.Where(a => a.SharedSpaceId == space);
        }

        if (filter.Action is { Length: > 0 } action)
        {
            query = action.EndsWith('.') ? query.Where(a => a.Action.StartsWith(action)) : query.Where(a => a.Action == action);
        }

        if (filter.EntityType is { Length: > 0 } type)
        {
            var prefix = type + "/";
            query = query.Where(a => a.Target != null && a.Target.StartsWith(prefix));
        }

        if (filter.User is { Length: > 0 } login)
        {
            var lower = login.Trim().ToLowerInvariant();
            query = query.Where(a => db.Users.Any(u => u.Id == a.UserId && u.Login.ToLower() == lower));
        }

        // Lines are numbered as they are written, so the id orders them by time on both databases.
        List<AuditEntry> rows;
        int total;
        if (filter.From is null && filter.To is null)
        {
            total = await query.CountAsync(cancellationToken);
            rows = await query.OrderByDescending(a => a.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        }
        else if (!db.Database.IsSqlite())
        {
            query = Between(query, filter.From, filter.To);
            total = await query.CountAsync(cancellationToken);
            rows = await query.OrderByDescending(a => a.Id).Skip(offset).Take(limit).ToListAsync(cancellationToken);
        }
        else
        {
            // SQLite keeps times as text, which EF Core does not compare: the matching ids and times are read and the
            // range applied here, then the page's lines are read by id.
            var stamps = await query.OrderByDescending(a => a.Id).Select(a => new { a.Id, a.At }).ToListAsync(cancellationToken);
            var inRange = stamps.Where(s => (filter.From is not { } from || s.At >= from) && (filter.To is not { } to || s.At < to)).Select(s => s.Id).ToList();
            total = inRange.Count;
            var page = inRange.Skip(offset).Take(limit).ToList();
            rows = await db.AuditLog.AsNoTracking().Where(a => page.Contains(a.Id)).OrderByDescending(a => a.Id).ToListAsync(cancellationToken);
        }

        var userIds = rows.Select(r => r.UserId).OfType<long>().Distinct().ToList();
        var logins = await db.Users.AsNoTracking().Where(u => userIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Login, cancellationToken);
        return new AuditPage(total, [.. rows.Select(r => new AuditLine(
            r.Id, r.At, r.UserId, r.UserId is { } id && logins.TryGetValue(id, out var name) ? name : null,
            r.Action, r.Target, r.SharedSpaceId, r.WorkspaceId, r.Details))]);
    }

    private static IQueryable<AuditEntry> Between(IQueryable<AuditEntry> query, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } start)
        {
            query = query.Where(a => a.At >= start);
        }

        return to is { } end ? query.Where(a => a.At < end) : query;
    }
}
