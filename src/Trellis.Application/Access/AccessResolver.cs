using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Trellis.Application.Auth;
using Trellis.Application.Entities;
using Trellis.Data;

namespace Trellis.Application.Access;

/// <summary>
/// The one place that says who may work where (docs/security.md, "Who may do what"). The REST endpoint filters, the
/// web UI's pages and the application services all ask it, so both front doors give the same answer to the same
/// person. A scope it hands out is the proof that the check ran: the services that read or change a workspace take a
/// <see cref="WorkspaceScope"/>, never raw ids.
/// </summary>
/// <remarks>
/// The caller's roles come from their session (read once per request, or once per UI circuit); only the existence of a
/// space and of a workspace in that space is read from the database, and it is kept per node afterwards, since spaces
/// and workspaces are never deleted or moved.
/// </remarks>
internal sealed class AccessResolver(IDbContextFactory<TrellisDbContext> dbFactory, KnownScopes known)
{
    /// <summary>The caller's scope in a workspace of a shared space, when they hold at least <paramref name="tier"/> there.</summary>
    public async Task<Access<WorkspaceScope>> WorkspaceAsync(CurrentUser user, long sharedSpaceId, long workspaceId, WorkspaceTier tier, CancellationToken cancellationToken)
    {
        // A role in the workspace is checked before the database is: a stranger learns nothing, not even by timing.
        var role = user.WorkspaceRole(sharedSpaceId, workspaceId);
        if (role is null || !await WorkspaceExistsAsync(sharedSpaceId, workspaceId, cancellationToken))
        {
            return AccessRefusal.NotFound("workspace", workspaceId);
        }

        var scope = new WorkspaceScope(sharedSpaceId, workspaceId, user, role);
        return scope.Lacks(tier) is { } refusal ? refusal : scope;
    }

    /// <summary>The caller's scope in a shared space, when they hold at least <paramref name="tier"/> there.</summary>
    public async Task<Access<SpaceScope>> SpaceAsync(CurrentUser user, long sharedSpaceId, SpaceTier tier, CancellationToken cancellationToken)
    {
        if (!user.IsSpaceMember(sharedSpaceId) || !await SpaceExistsAsync(sharedSpaceId, cancellationToken))
        {
            return AccessRefusal.NotFound("shared_space", sharedSpaceId);
        }

        var scope = new SpaceScope(sharedSpaceId, user);
        return tier == SpaceTier.Admin && !scope.IsAdmin
            ? AccessRefusal.Forbidden("Only a shared-space admin may do this.")
            : scope;
    }

    /// <summary>
    /// The workspaces the caller holds a role in, in one space or in every space, ordered by space and id: what the
    /// REST workspace list, the start page and the workspace switcher show.
    /// </summary>
    public async Task<IReadOnlyList<VisibleWorkspace>> VisibleWorkspacesAsync(CurrentUser user, long? sharedSpaceId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var workspaces = await db.Workspaces.AsNoTracking().Where(w => sharedSpaceId == null || w.SharedSpaceId == sharedSpaceId)
            .OrderBy(w => w.SharedSpaceId).ThenBy(w => w.Id)
            .Select(w => new VisibleWorkspace(w.SharedSpaceId, w.Id, w.Name, w.Description)).ToListAsync(cancellationToken);
        return [.. workspaces.Where(w => user.WorkspaceRole(w.SharedSpaceId, w.Id) is not null)];
    }

    /// <summary>Site administration: site parameters, identity keys, every space.</summary>
    public static AccessRefusal? SiteAdmin(CurrentUser user) =>
        user.IsSiteAdmin ? null : AccessRefusal.Forbidden("Only a site admin may do this.");

    private async Task<bool> WorkspaceExistsAsync(long sharedSpaceId, long workspaceId, CancellationToken cancellationToken)
    {
        if (known.ContainsWorkspace(sharedSpaceId, workspaceId))
        {
            return true;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Workspaces.AnyAsync(w => w.Id == workspaceId && w.SharedSpaceId == sharedSpaceId, cancellationToken))
        {
            return false;
        }

        known.AddWorkspace(sharedSpaceId, workspaceId);
        return true;
    }

    private async Task<bool> SpaceExistsAsync(long sharedSpaceId, CancellationToken cancellationToken)
    {
        if (known.ContainsSpace(sharedSpaceId))
        {
            return true;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.SharedSpaces.AnyAsync(s => s.Id == sharedSpaceId, cancellationToken))
        {
            return false;
        }

        known.AddSpace(sharedSpaceId);
        return true;
    }
}

/// <summary>
/// The spaces and workspaces seen to exist (and in which space), so the check every request makes reads no row after
/// the first. Only existence is kept: a space or workspace is created once and never deleted or moved, so nothing held
/// here can go stale on any node (a feature that deletes or moves them must evict here and tell the other nodes).
/// </summary>
internal sealed class KnownScopes
{
    private readonly ConcurrentDictionary<(long Space, long Workspace), bool> _workspaces = new();
    private readonly ConcurrentDictionary<long, bool> _spaces = new();

    public bool ContainsWorkspace(long sharedSpaceId, long workspaceId) => _workspaces.ContainsKey((sharedSpaceId, workspaceId));

    public void AddWorkspace(long sharedSpaceId, long workspaceId)
    {
        _workspaces.TryAdd((sharedSpaceId, workspaceId), true);
        _spaces.TryAdd(sharedSpaceId, true);
    }

    public bool ContainsSpace(long sharedSpaceId) => _spaces.ContainsKey(sharedSpaceId);

    public void AddSpace(long sharedSpaceId) => _spaces.TryAdd(sharedSpaceId, true);
}

/// <summary>A workspace as the lists of workspaces show it.</summary>
internal sealed record VisibleWorkspace(long SharedSpaceId, long Id, string Name, string? Description);

/// <summary>A scope, or why the caller may not have it.</summary>
/// <typeparam name="T">The scope type.</typeparam>
internal readonly record struct Access<T>(T? Scope, AccessRefusal? Refusal)
    where T : class
{
    public static implicit operator Access<T>(T scope) => new(scope, null);

    public static implicit operator Access<T>(AccessRefusal refusal) => new(null, refusal);
}
