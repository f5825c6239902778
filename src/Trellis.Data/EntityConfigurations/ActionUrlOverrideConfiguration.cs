using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class ActionUrlOverrideConfiguration : IEntityTypeConfiguration<ActionUrlOverride>
{
    public void Configure(EntityTypeBuilder<ActionUrlOverride> builder)
    {
        builder.ToTable("action_url_overrides");
        builder.Property(o => o.ActionName).HasMaxLength(255);
        builder.Property(o => o.BaseUrl).HasMaxLength(2048);
        // One override per user and action; a launch looks it up by exactly these.
        builder.HasIndex(o => new { o.SharedSpaceId, o.UserId, o.ActionName }).IsUnique();
        builder.HasOne<SharedSpace>().WithMany().HasForeignKey(o => o.SharedSpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(o => o.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
