using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trellis.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddQueryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Expression indexes on the references most queries and cross filters follow; they match the
            // dialect's reference-id expression exactly, which is what lets the planner use them.
            migrationBuilder.Sql("CREATE INDEX ix_entities_parent ON entities (workspace_id, (CAST(fields ->> 'parent' AS bigint)));");
            migrationBuilder.Sql("CREATE INDEX ix_entities_release ON entities (workspace_id, (CAST(fields ->> 'release' AS bigint)));");
            migrationBuilder.Sql("CREATE INDEX ix_entities_phase ON entities (workspace_id, (CAST(fields ->> 'phase' AS bigint)));");
            migrationBuilder.Sql("CREATE INDEX ix_entities_owner ON entities (workspace_id, (CAST(fields ->> 'owner' AS bigint)));");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_entities_parent;");
            migrationBuilder.Sql("DROP INDEX ix_entities_release;");
            migrationBuilder.Sql("DROP INDEX ix_entities_phase;");
            migrationBuilder.Sql("DROP INDEX ix_entities_owner;");
        }
    }
}
