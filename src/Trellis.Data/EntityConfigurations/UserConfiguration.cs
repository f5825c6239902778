using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class UserConfiguration : IEntityTypeConfiguration<User>
{
    public void Configure(EntityTypeBuilder<User> builder)
    {
        builder.ToTable("users");
        builder.Property(u => u.Login).HasMaxLength(User.MaxTextLength);
        builder.Property(u => u.Email).HasMaxLength(User.MaxTextLength);
        builder.Property(u => u.FirstName).HasMaxLength(User.MaxTextLength);
        builder.Property(u => u.LastName).HasMaxLength(User.MaxTextLength);
        // Sign-in names only the login, so it identifies one user across the site.
        builder.HasIndex(u => u.Login).IsUnique();
        builder.HasOne<SharedSpace>().WithMany().HasForeignKey(u => u.SharedSpaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
