using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class ActionConfigVersionConfiguration : IEntityTypeConfiguration<ActionConfigVersion>
{
    public void Configure(EntityTypeBuilder<ActionConfigVersion> builder)
    {
        builder.ToTable("action_config_versions");
        // Concurrent writers race for the next number; the unique index lets exactly one of them have it.
        builder.HasIndex(v => new { v.SharedSpaceId, v.Version }).IsUnique();
        builder.Property(v => v.Source).HasMaxLength(16);
        builder.Property(v => v.Comment).HasMaxLength(500);
        builder.HasOne<SharedSpace>().WithMany().HasForeignKey(v => v.SharedSpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(v => v.AuthorUserId).OnDelete(DeleteBehavior.SetNull);
    }
}
