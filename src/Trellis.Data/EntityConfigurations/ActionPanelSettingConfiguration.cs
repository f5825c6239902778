using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class ActionPanelSettingConfiguration : IEntityTypeConfiguration<ActionPanelSetting>
{
    public void Configure(EntityTypeBuilder<ActionPanelSetting> builder)
    {
        builder.ToTable("action_panel_settings");
        builder.Property(s => s.ActionName).HasMaxLength(255);
        builder.Property(s => s.Context).HasMaxLength(100);
        builder.HasIndex(s => new { s.SharedSpaceId, s.WorkspaceId, s.ActionName, s.UserId, s.Context }).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(s => s.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<User>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
