using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class SiteParameterConfiguration : IEntityTypeConfiguration<SiteParameter>
{
    public void Configure(EntityTypeBuilder<SiteParameter> builder)
    {
        builder.ToTable("site_parameters");
        builder.HasKey(p => p.Name);
        builder.Property(p => p.Name).HasMaxLength(128);
    }
}
