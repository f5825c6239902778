using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class BundleFileConfiguration : IEntityTypeConfiguration<BundleFile>
{
    public void Configure(EntityTypeBuilder<BundleFile> builder)
    {
        builder.ToTable("bundle_files");
        builder.Property(f => f.Path).HasMaxLength(1024);
        builder.Property(f => f.Sha256).HasMaxLength(64);
        builder.Property(f => f.ContentType).HasMaxLength(100);
        // Serving is one exact lookup; the unique key also backs the one-owner rule.
        builder.HasIndex(f => new { f.SharedSpaceId, f.Path }).IsUnique();
        builder.HasIndex(f => f.Sha256);
        builder.HasOne<Bundle>().WithMany().HasForeignKey(f => f.BundleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BundleBlob>().WithMany().HasForeignKey(f => f.Sha256).OnDelete(DeleteBehavior.Restrict);
    }
}
