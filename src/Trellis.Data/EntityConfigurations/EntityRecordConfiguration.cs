using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Trellis.Data.Model;

namespace Trellis.Data.EntityConfigurations;

internal sealed class EntityRecordConfiguration(bool isPostgres) : IEntityTypeConfiguration<EntityRecord>
{
    public void Configure(EntityTypeBuilder<EntityRecord> builder)
    {
        builder.ToTable("entities");
        builder.Property(e => e.Type).HasMaxLength(64);
        builder.Property(e => e.Subtype).HasMaxLength(64);
        builder.Property(e => e.LogicalName).HasMaxLength(255);
        // jsonb gives PostgreSQL's JSON operators and indexes; SQLite keeps JSON as text for json_extract.
        builder.Property(e => e.Fields).HasColumnType(isPostgres ? "jsonb" : "TEXT");
        // Every update of a row raises its stamp; an update or delete of a row read before another's change fails instead of overwriting it.
        builder.Property(e => e.VersionStamp).IsConcurrencyToken();
        // Every list is one workspace and one type, optionally narrowed to a subtype.
        builder.HasIndex(e => new { e.WorkspaceId, e.Type, e.Subtype });
        // Phases and list nodes are found by logical name wherever an id is expected.
        builder.HasIndex(e => new { e.WorkspaceId, e.LogicalName }).IsUnique();
        builder.HasOne<Workspace>().WithMany().HasForeignKey(e => e.WorkspaceId).OnDelete(DeleteBehavior.Cascade);
    }
}
