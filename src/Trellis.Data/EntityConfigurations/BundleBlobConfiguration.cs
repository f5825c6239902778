using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class BundleBlobConfiguration : IEntityTypeConfiguration<BundleBlob>
{
    public void Configure(EntityTypeBuilder<BundleBlob> builder)
    {
        builder.ToTable("bundle_blobs");
        builder.HasKey(b => b.Sha256);
        builder.Property(b => b.Sha256).HasMaxLength(64);
    }
}
