using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class AttachmentContentConfiguration : IEntityTypeConfiguration<AttachmentContent>
{
    public void Configure(EntityTypeBuilder<AttachmentContent> builder)
    {
        builder.ToTable("attachment_contents");
        builder.HasKey(a => a.AttachmentId);
        builder.Property(a => a.AttachmentId).ValueGeneratedNever();
        builder.Property(a => a.ContentType).HasMaxLength(255);
        builder.Property(a => a.Sha256).HasMaxLength(64);
        // Deleting the attachment entity, however it happens, takes its bytes with it.
        builder.HasOne<EntityRecord>().WithOne().HasForeignKey<AttachmentContent>(a => a.AttachmentId).OnDelete(DeleteBehavior.Cascade);
    }
}
