using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class BundleConfiguration : IEntityTypeConfiguration<Bundle>
{
    public void Configure(EntityTypeBuilder<Bundle> builder)
    {
        builder.ToTable("bundles");
        builder.Property(b => b.Guid).HasMaxLength(36);
        builder.HasIndex(b => b.Guid).IsUnique();
        builder.Property(b => b.ActionGuid).HasMaxLength(36);
        builder.Property(b => b.ActionName).HasMaxLength(100);
        builder.HasIndex(b => new { b.SharedSpaceId, b.ActionGuid });
        builder.HasOne<SharedSpace>().WithMany().HasForeignKey(b => b.SharedSpaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(b => b.UploadedByUserId).OnDelete(DeleteBehavior.Restrict);
    }
}
