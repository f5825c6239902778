using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Trellis.Application.Audit;
using Trellis.Application.Auth;
using Trellis.Data;
using Trellis.Data.Model;

namespace Trellis.Application.Bootstrap;

/// <summary>
/// First start on an empty database (docs/reference/interfaces.md#first-start): shared space 1001, workspace 1002 "Default Workspace",
/// the admin as site and space admin, the workspace's schema and, unless switched off, demo content.
/// </summary>
internal sealed partial class Bootstrapper(
    IOptions<BootstrapOptions> options,
    IPasswordHasher<User> hasher,
    TimeProvider time,
    ILogger<Bootstrapper> logger)
{
    public const long SharedSpaceId = 1001;
    public const long WorkspaceId = 1002;

    public async Task RunAsync(TrellisDbContext db, CancellationToken cancellationToken)
    {
        if (await db.SharedSpaces.AnyAsync(cancellationToken))
        {
            LogAlreadyDone(logger);
            return;
        }

        var settings = options.Value;
        var now = time.GetUtcNow();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.SharedSpaces.Add(new SharedSpace { Id = SharedSpaceId, Name = "Default Shared Space", CreatedAt = now });
        db.Workspaces.Add(new Workspace { Id = WorkspaceId, SharedSpaceId = SharedSpaceId, Name = "Default Workspace", CreatedAt = now });

        var generated = string.IsNullOrEmpty(settings.AdminPassword);
        var password = generated ? SessionTokens.NewToken(18) : settings.AdminPassword!;
        var admin = new User
        {
            SharedSpaceId = SharedSpaceId,
            Login = settings.AdminLogin,
            Email = settings.AdminLogin.Contains('@', StringComparison.Ordinal) ? settings.AdminLogin : $"{settings.AdminLogin}@trellis.local",
            FirstName = "Site",
            LastName = "Admin",
            PasswordHash = "",
            CreatedAt = now,
        };
        admin.PasswordHash = hasher.HashPassword(admin, password);
        db.Users.Add(admin);
        await db.SaveChangesAsync(cancellationToken);

        db.RoleAssignments.AddRange(
            new RoleAssignment { UserId = admin.Id, Role = Roles.SiteAdmin },
            new RoleAssignment { UserId = admin.Id, Role = Roles.SpaceAdmin, SharedSpaceId = SharedSpaceId },
            new RoleAssignment { UserId = admin.Id, Role = Roles.WorkspaceAdmin, SharedSpaceId = SharedSpaceId, WorkspaceId = WorkspaceId });
        var ids = await WorkspaceSeeder.SeedAsync(db, WorkspaceId, time, cancellationToken);
        if (settings.DemoData)
        {
            await DemoData.AddAsync(db, SharedSpaceId, WorkspaceId, admin.Id, ids, time, cancellationToken);
        }

        AuditLog.Add(db, time, null, "bootstrap", $"shared_space/{SharedSpaceId}", SharedSpaceId, WorkspaceId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        LogBootstrapped(logger, SharedSpaceId, WorkspaceId, settings.AdminLogin, settings.DemoData);
        if (generated)
        {
            LogGeneratedPassword(logger, password, settings.AdminLogin);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The database already has a shared space; bootstrap skipped")]
    private static partial void LogAlreadyDone(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Bootstrapped shared space {SharedSpace} and workspace {Workspace}; admin login '{Login}'; demo data: {DemoData}")]
    private static partial void LogBootstrapped(ILogger logger, long sharedSpace, long workspace, string login, bool demoData);

    // Printed once, on the first start only: the password is not stored anywhere but as a hash.
    [LoggerMessage(Level = LogLevel.Warning, Message = "Initial admin password: {Password} (login '{Login}'; set Trellis:Bootstrap:AdminPassword to choose it)")]
    private static partial void LogGeneratedPassword(ILogger logger, string password, string login);
}
