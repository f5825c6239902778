using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class BundleEntryConfiguration : IEntityTypeConfiguration<BundleEntry>
{
    public void Configure(EntityTypeBuilder<BundleEntry> builder)
    {
        builder.ToTable("bundle_entries");
        builder.Property(e => e.Name).HasMaxLength(100);
        builder.HasIndex(e => new { e.SharedSpaceId, e.Name }).IsUnique();
        builder.HasOne<Bundle>().WithMany().HasForeignKey(e => e.BundleId).OnDelete(DeleteBehavior.Cascade);
    }
}
