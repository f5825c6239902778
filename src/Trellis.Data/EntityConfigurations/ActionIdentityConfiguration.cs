using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class ActionIdentityConfiguration : IEntityTypeConfiguration<ActionIdentity>
{
    public void Configure(EntityTypeBuilder<ActionIdentity> builder)
    {
        builder.ToTable("action_identities");
        builder.Property(i => i.Guid).HasMaxLength(36);
        builder.Property(i => i.BundleGuid).HasMaxLength(36);
        builder.Property(i => i.Name).HasMaxLength(255);
        builder.HasIndex(i => new { i.SharedSpaceId, i.Guid }).IsUnique();
        builder.HasOne<SharedSpace>().WithMany().HasForeignKey(i => i.SharedSpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
