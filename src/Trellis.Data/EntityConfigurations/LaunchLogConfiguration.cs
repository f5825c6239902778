using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class LaunchRecordConfiguration(bool isPostgres) : IEntityTypeConfiguration<LaunchRecord>
{
    public void Configure(EntityTypeBuilder<LaunchRecord> builder)
    {
        builder.ToTable("launch_records");
        builder.Property(l => l.LaunchKey).HasMaxLength(64);
        if (!isPostgres)
        {
            // SQLite cannot compare DateTimeOffset text; as a number the retention clean-up can.
            builder.Property(l => l.CreatedAt).HasConversion(new DateTimeOffsetToBinaryConverter());
        }

        builder.Property(l => l.ActionName).HasMaxLength(255);
        builder.Property(l => l.UserName).HasMaxLength(255);
        builder.Property(l => l.Mode).HasMaxLength(32);
        builder.Property(l => l.View).HasMaxLength(16);
        builder.Property(l => l.Module).HasMaxLength(64);
        builder.Property(l => l.EntityType).HasMaxLength(64);
        builder.Property(l => l.Entities).HasMaxLength(1024);
        builder.Property(l => l.Target).HasMaxLength(8192);
        // The inspector finds a launch by its key; retention deletes by age.
        builder.HasIndex(l => new { l.SharedSpaceId, l.LaunchKey });
        builder.HasIndex(l => l.CreatedAt);
        builder.HasOne<SharedSpace>().WithMany().HasForeignKey(l => l.SharedSpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(l => l.UserId).OnDelete(DeleteBehavior.SetNull);
    }
}

internal sealed class LaunchMessageConfiguration(bool isPostgres) : IEntityTypeConfiguration<LaunchMessage>
{
    public void Configure(EntityTypeBuilder<LaunchMessage> builder)
    {
        builder.ToTable("launch_messages");
        builder.Property(m => m.LaunchKey).HasMaxLength(64);
        if (!isPostgres)
        {
            // SQLite cannot compare DateTimeOffset text; as a number the retention clean-up can.
            builder.Property(m => m.At).HasConversion(new DateTimeOffsetToBinaryConverter());
        }

        builder.Property(m => m.ActionName).HasMaxLength(255);
        builder.Property(m => m.Origin).HasMaxLength(512);
        builder.Property(m => m.EventName).HasMaxLength(128);
        builder.Property(m => m.Reason).HasMaxLength(64);
        builder.Property(m => m.Explanation).HasMaxLength(1024);
        builder.Property(m => m.Data).HasMaxLength(8192);
        // The inspector reads a space's newest messages and a launch's; the per-workspace cap counts by workspace; retention deletes by age.
        builder.HasIndex(m => new { m.SharedSpaceId, m.Id });
        builder.HasIndex(m => new { m.SharedSpaceId, m.LaunchKey });
        builder.HasIndex(m => new { m.WorkspaceId, m.Id });
        builder.HasIndex(m => m.At);
        builder.HasOne<SharedSpace>().WithMany().HasForeignKey(m => m.SharedSpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
