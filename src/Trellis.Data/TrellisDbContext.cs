using System.Text;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Trellis.Data.EntityConfigurations;
using Trellis.Data.Model;

namespace Trellis.Data;

/// <summary>The one database of Trellis: the same schema on SQLite and PostgreSQL.</summary>
/// <remarks>
/// Migrations live in one assembly per provider. After a model change, add one to each:
/// <code>
/// dotnet ef migrations add &lt;Name&gt; --project src/Trellis.Data.Sqlite --startup-project src/Trellis.Data.Sqlite -o Migrations
/// dotnet ef migrations add &lt;Name&gt; --project src/Trellis.Data.Postgres --startup-project src/Trellis.Data.Postgres -o Migrations
/// </code>
/// Tables and columns are snake_case so hand-written SQL (the query compiler) reads the same on both providers.
/// </remarks>
/// <param name="options">The options <see cref="DataExtensions.AddTrellisData"/> built.</param>
public sealed class TrellisDbContext(DbContextOptions<TrellisDbContext> options) : DbContext(options), IDataProtectionKeyContext
{
    /// <summary>Gets the shared spaces.</summary>
    public DbSet<SharedSpace> SharedSpaces => Set<SharedSpace>();

    /// <summary>Gets the workspaces.</summary>
    public DbSet<Workspace> Workspaces => Set<Workspace>();

    /// <summary>Gets the users.</summary>
    public DbSet<User> Users => Set<User>();

    /// <summary>Gets the role assignments (memberships and admin roles).</summary>
    public DbSet<RoleAssignment> RoleAssignments => Set<RoleAssignment>();

    /// <summary>Gets the API keys.</summary>
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    /// <summary>Gets the sign-in sessions.</summary>
    public DbSet<Session> Sessions => Set<Session>();

    /// <summary>Gets the site parameter overrides.</summary>
    public DbSet<SiteParameter> SiteParameters => Set<SiteParameter>();

    /// <summary>Gets the Octane entities of every workspace.</summary>
    public DbSet<EntityRecord> Entities => Set<EntityRecord>();

    /// <summary>Gets the field metadata of every workspace.</summary>
    public DbSet<FieldMetadata> FieldMetadata => Set<FieldMetadata>();

    /// <summary>Gets the audit log.</summary>
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();

    /// <summary>Gets the keys that sign user-identity tokens.</summary>
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    /// <summary>Gets the uploaded external-action bundles.</summary>
    public DbSet<Bundle> Bundles => Set<Bundle>();

    /// <summary>Gets the served files of every bundle.</summary>
    public DbSet<BundleFile> BundleFiles => Set<BundleFile>();

    /// <summary>Gets the top-level bundle entries and their owners.</summary>
    public DbSet<BundleEntry> BundleEntries => Set<BundleEntry>();

    /// <summary>Gets bundle file contents, addressed by SHA-256.</summary>
    public DbSet<BundleBlob> BundleBlobs => Set<BundleBlob>();
    /// <summary>Gets the saved versions of each shared space's external-action configuration.</summary>
    public DbSet<ActionConfigVersion> ActionConfigVersions => Set<ActionConfigVersion>();

    /// <summary>Gets the lasting identities (guids) of external actions.</summary>
    public DbSet<ActionIdentity> ActionIdentities => Set<ActionIdentity>();

    /// <summary>Gets the settings external-action apps stored per user.</summary>
    public DbSet<ActionPanelSetting> ActionPanelSettings => Set<ActionPanelSetting>();

    /// <summary>Gets the users' development overrides of action URLs.</summary>
    public DbSet<ActionUrlOverride> ActionUrlOverrides => Set<ActionUrlOverride>();

    /// <summary>Gets the launches the message inspector shows.</summary>
    public DbSet<LaunchRecord> LaunchRecords => Set<LaunchRecord>();

    /// <summary>Gets the messages between launched apps and the host that the message inspector shows.</summary>
    public DbSet<LaunchMessage> LaunchMessages => Set<LaunchMessage>();

    /// <summary>Gets the bytes of attachments (the attachments themselves are entities).</summary>
    public DbSet<AttachmentContent> AttachmentContents => Set<AttachmentContent>();

    /// <summary>Gets the ASP.NET Core Data Protection key ring that every node shares (cookies, antiforgery tokens, circuits).</summary>
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    /// <inheritdoc/>
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        var isPostgres = Database.IsPostgres();
        modelBuilder.ApplyConfiguration(new SharedSpaceConfiguration());
        modelBuilder.ApplyConfiguration(new WorkspaceConfiguration());
        modelBuilder.ApplyConfiguration(new UserConfiguration());
        modelBuilder.ApplyConfiguration(new RoleAssignmentConfiguration());
        modelBuilder.ApplyConfiguration(new ApiKeyConfiguration());
        modelBuilder.ApplyConfiguration(new SessionConfiguration());
        modelBuilder.ApplyConfiguration(new SiteParameterConfiguration());
        modelBuilder.ApplyConfiguration(new EntityRecordConfiguration(isPostgres));
        modelBuilder.ApplyConfiguration(new FieldMetadataConfiguration());
        modelBuilder.ApplyConfiguration(new AuditEntryConfiguration());
        modelBuilder.ApplyConfiguration(new SigningKeyConfiguration());
        modelBuilder.ApplyConfiguration(new BundleConfiguration());
        modelBuilder.ApplyConfiguration(new BundleFileConfiguration());
        modelBuilder.ApplyConfiguration(new BundleEntryConfiguration());
        modelBuilder.ApplyConfiguration(new BundleBlobConfiguration());
        modelBuilder.ApplyConfiguration(new ActionConfigVersionConfiguration());
        modelBuilder.ApplyConfiguration(new ActionIdentityConfiguration());
        modelBuilder.ApplyConfiguration(new ActionPanelSettingConfiguration());
        modelBuilder.ApplyConfiguration(new AttachmentContentConfiguration());
        modelBuilder.ApplyConfiguration(new ActionUrlOverrideConfiguration());
        modelBuilder.ApplyConfiguration(new LaunchRecordConfiguration(isPostgres));
        modelBuilder.ApplyConfiguration(new LaunchMessageConfiguration(isPostgres));
        modelBuilder.Entity<DataProtectionKey>().ToTable("data_protection_keys");

        // One naming rule for every column, so raw SQL never needs provider-specific quoting.
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(t => t.GetProperties()))
        {
            property.SetColumnName(ToSnakeCase(property.Name));
        }
    }

    private static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
