using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class FieldMetadataConfiguration : IEntityTypeConfiguration<FieldMetadata>
{
    public void Configure(EntityTypeBuilder<FieldMetadata> builder)
    {
        builder.ToTable("field_metadata");
        builder.Property(f => f.EntityName).HasMaxLength(64);
        builder.Property(f => f.Name).HasMaxLength(128);
        builder.Property(f => f.Label).HasMaxLength(255);
        builder.Property(f => f.FieldType).HasMaxLength(32);
        builder.Property(f => f.ColumnName).HasMaxLength(64);
        builder.HasIndex(f => new { f.WorkspaceId, f.EntityName, f.Name }).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(f => f.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
