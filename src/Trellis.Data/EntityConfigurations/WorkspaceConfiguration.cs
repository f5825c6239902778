using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class WorkspaceConfiguration : IEntityTypeConfiguration<Workspace>
{
    public void Configure(EntityTypeBuilder<Workspace> builder)
    {
        builder.ToTable("workspaces");
        // Octane ids are chosen, not generated: the bootstrap workspace is 1002.
        builder.Property(w => w.Id).ValueGeneratedNever();
        builder.Property(w => w.Name).HasMaxLength(255);
        builder.HasOne<SharedSpace>().WithMany().HasForeignKey(w => w.SharedSpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
