using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class SharedSpaceConfiguration : IEntityTypeConfiguration<SharedSpace>
{
    public void Configure(EntityTypeBuilder<SharedSpace> builder)
    {
        builder.ToTable("shared_spaces");
        // Octane ids are chosen, not generated: the bootstrap space is 1001.
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(255);
    }
}
