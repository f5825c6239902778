using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trellis.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddQueryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Expression indexes on the references most queries and cross filters follow; they match the
            // dialect's reference-id expression exactly, which is what lets the planner use them.
            migrationBuilder.Sql("CREATE INDEX ix_entities_parent ON entities (workspace_id, CAST(json_extract(fields, '$.parent') AS INTEGER));");
            migrationBuilder.Sql("CREATE INDEX ix_entities_release ON entities (workspace_id, CAST(json_extract(fields, '$.release') AS INTEGER));");
            migrationBuilder.Sql("CREATE INDEX ix_entities_phase ON entities (workspace_id, CAST(json_extract(fields, '$.phase') AS INTEGER));");
            migrationBuilder.Sql("CREATE INDEX ix_entities_owner ON entities (workspace_id, CAST(json_extract(fields, '$.owner') AS INTEGER));");
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
