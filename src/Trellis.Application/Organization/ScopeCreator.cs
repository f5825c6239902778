using Microsoft.EntityFrameworkCore;
using Trellis.Application.Access;
using Trellis.Application.Audit;
using Trellis.Application.Auth;
using Trellis.Application.Bootstrap;
using Trellis.Application.Entities;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.Organization;

/// <summary>
/// Creates workspaces in a shared space and shared spaces on the site (docs/rest-api.md#workspaces-and-shared-spaces),
/// each with the bootstrap every workspace gets at first start (<see cref="WorkspaceSeeder"/>), the creator as its admin,
/// all in one transaction: a request that fails leaves nothing behind.
/// </summary>
/// <remarks>
/// Other nodes need no message to see what is created here: the access layer keeps only the existence of scopes it has
/// seen (<see cref="KnownScopes"/>) and a workspace's schema is read after its existence, so the first request for a new
/// workspace reads both from the database on any node. The creator's cached sessions are ended on every node, so their
/// next request carries the new role.
/// </remarks>
internal sealed class ScopeCreator(IDbContextFactory<TrellisDbContext> dbFactory, SessionCache sessions, TimeProvider time)
{
    /// <summary>The name a new shared space's first workspace gets, as at first start.</summary>
    public const string FirstWorkspaceName = "Default Workspace";

    // The first key of the advisory lock that serialises creators on PostgreSQL (SQLite's IMMEDIATE transaction does the
    // same there), so two of them neither take one id nor one name.
    private const int CreateLockClass = 0x5343;

    /// <summary>Creates <paramref name="items"/> as workspaces of the scope's space; the caller is a space admin.</summary>
    public async Task<Creation<VisibleWorkspace>> CreateWorkspacesAsync(SpaceScope scope, IReadOnlyList<ScopeInput> items, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginAsync(db, cancellationToken);
        var taken = await db.Workspaces.Where(w => w.SharedSpaceId == scope.SharedSpaceId).Select(w => w.Name).ToListAsync(cancellationToken);
        if (Duplicate(items, taken) is { } duplicate)
        {
            return CreationRefusal.Duplicate("workspace", duplicate);
        }

        var nextId = await NextIdAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        var created = items.Select(item => new Workspace
        {
            Id = nextId++,
            SharedSpaceId = scope.SharedSpaceId,
            Name = item.Name,
            Description = item.Description,
            CreatedAt = now,
        }).ToList();
        db.Workspaces.AddRange(created);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var workspace in created)
        {
            await SeedAsync(db, scope.User, workspace, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await sessions.RevokeAsync(db, SessionEviction.User(scope.User.Id), cancellationToken);
        return created.Select(w => new VisibleWorkspace(w.SharedSpaceId, w.Id, w.Name, w.Description)).ToList();
    }

    /// <summary>
    /// Creates <paramref name="items"/> as shared spaces, each with a first workspace; the caller is a site admin and
    /// becomes admin of each space.
    /// </summary>
    public async Task<Creation<SharedSpace>> CreateSharedSpacesAsync(CurrentUser user, IReadOnlyList<ScopeInput> items, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await BeginAsync(db, cancellationToken);
        var taken = await db.SharedSpaces.Select(s => s.Name).ToListAsync(cancellationToken);
        if (Duplicate(items, taken) is { } duplicate)
        {
            return CreationRefusal.Duplicate("shared_space", duplicate);
        }

        var nextId = await NextIdAsync(db, cancellationToken);
        var now = time.GetUtcNow();
        var created = new List<(SharedSpace Space, Workspace First)>();
        foreach (var item in items)
        {
            var space = new SharedSpace { Id = nextId++, Name = item.Name, CreatedAt = now };
            created.Add((space, new Workspace { Id = nextId++, SharedSpaceId = space.Id, Name = FirstWorkspaceName, CreatedAt = now }));
        }

        db.SharedSpaces.AddRange(created.Select(c => c.Space));
        db.Workspaces.AddRange(created.Select(c => c.First));
        db.RoleAssignments.AddRange(created.Select(c => new RoleAssignment { UserId = user.Id, Role = Roles.SpaceAdmin, SharedSpaceId = c.Space.Id }));
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (space, first) in created)
        {
            AuditLog.Add(db, time, user.Id, "shared_space.create", $"shared_space/{OctaneJson.Id(space.Id)}", space.Id);
            await SeedAsync(db, user, first, cancellationToken);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await sessions.RevokeAsync(db, SessionEviction.User(user.Id), cancellationToken);
        return created.Select(c => c.Space).ToList();
    }

    private static async Task<Microsoft.EntityFrameworkCore.Storage.IDbContextTransaction> BeginAsync(TrellisDbContext db, CancellationToken cancellationToken)
    {
        var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsPostgres())
        {
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({CreateLockClass}, 0)", cancellationToken);
        }

        return transaction;
    }

    /// <summary>The workspace's phases, list nodes, work-item root and field metadata, with the creator as its admin.</summary>
    private async Task SeedAsync(TrellisDbContext db, CurrentUser creator, Workspace workspace, CancellationToken cancellationToken)
    {
        await WorkspaceSeeder.SeedAsync(db, workspace.Id, time, cancellationToken);
        // As in Octane, whoever creates a workspace administers it, even if they later lose their space-wide role.
        db.RoleAssignments.Add(new RoleAssignment { UserId = creator.Id, Role = Roles.WorkspaceAdmin, SharedSpaceId = workspace.SharedSpaceId, WorkspaceId = workspace.Id });
        AuditLog.Add(db, time, creator.Id, "workspace.create", $"workspace/{OctaneJson.Id(workspace.Id)}", workspace.SharedSpaceId, workspace.Id);
    }

    /// <summary>
    /// Spaces and workspaces draw their ids from one sequence, as Octane's do (space 1001, workspace 1002), so an id names
    /// one scope whichever table it is in.
    /// </summary>
    private static async Task<long> NextIdAsync(TrellisDbContext db, CancellationToken cancellationToken)
    {
        var space = await db.SharedSpaces.MaxAsync(s => (long?)s.Id, cancellationToken) ?? Bootstrapper.SharedSpaceId - 1;
        var workspace = await db.Workspaces.MaxAsync(w => (long?)w.Id, cancellationToken) ?? Bootstrapper.SharedSpaceId - 1;
        return Math.Max(space, workspace) + 1;
    }

    /// <summary>The first name that is taken already or twice in the request, ignoring case (as Octane compares names).</summary>
    private static string? Duplicate(IReadOnlyList<ScopeInput> items, IEnumerable<string> taken)
    {
        var seen = new HashSet<string>(taken, StringComparer.OrdinalIgnoreCase);
        return items.Select(i => i.Name).FirstOrDefault(name => !seen.Add(name));
    }
}

/// <summary>A workspace or shared space to create, as the request body named it.</summary>
internal sealed record ScopeInput(string Name, string? Description)
{
    /// <summary>The longest name, as the <c>name</c> column holds it.</summary>
    public const int MaxNameLength = 255;

    /// <summary>
    /// The rule every create applies to a name, from REST or the administration page: required, trimmed, at most
    /// <see cref="MaxNameLength"/> characters, and no NUL character in it or the description.
    /// </summary>
    public static (ScopeInput? Input, CreationRefusal? Refusal) From(string type, string? name, string? description)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return (null, new(StatusCodes.Status400BadRequest, Errors.OctaneErrorCodes.MissingRequiredField, "name", $"A {type} needs a name."));
        }

        var trimmed = name.Trim();
        foreach (var (field, text) in new[] { ("name", trimmed), ("description", description) })
        {
            if (text?.Contains('\0', StringComparison.Ordinal) == true)
            {
                return (null, CreationRefusal.Of(Errors.OctaneError.HoldsNul(type, field), field));
            }
        }

        return trimmed.Length > MaxNameLength
            ? (null, CreationRefusal.Of(Errors.OctaneError.TooLong(type, "name", MaxNameLength, trimmed.Length), "name"))
            : (new ScopeInput(trimmed, description), null);
    }
}

/// <summary>Why nothing was created: an Octane error code, its status and the field at fault.</summary>
internal sealed record CreationRefusal(int Status, string Code, string Field, string Message)
{
    /// <summary>The refusal of <paramref name="field"/> by a rule the users' and keys' texts share (<see cref="Errors.OctaneError"/>).</summary>
    public static CreationRefusal Of(Errors.OctaneError error, string field) => new(error.StatusCode, error.ErrorCode, field, error.Description);

    public static CreationRefusal Duplicate(string type, string name) =>
        new(StatusCodes.Status409Conflict, Errors.OctaneErrorCodes.DuplicateEntity, "name", $"A {type} named '{name}' already exists.");
}

/// <summary>What was created, or why nothing was.</summary>
/// <typeparam name="T">The created row type.</typeparam>
internal readonly record struct Creation<T>(IReadOnlyList<T>? Created, CreationRefusal? Refusal)
{
    public static implicit operator Creation<T>(List<T> created) => new(created, null);

    public static implicit operator Creation<T>(CreationRefusal refusal) => new(null, refusal);
}
