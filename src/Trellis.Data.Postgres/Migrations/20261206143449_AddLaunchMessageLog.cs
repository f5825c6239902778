using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Trellis.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddLaunchMessageLog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "launch_messages",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    shared_space_id = table.Column<long>(type: "bigint", nullable: false),
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    launch_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    action_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    from_host = table.Column<bool>(type: "boolean", nullable: false),
                    origin = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    event_name = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    accepted = table.Column<bool>(type: "boolean", nullable: false),
                    reason = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    explanation = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: true),
                    data = table.Column<string>(type: "character varying(8192)", maxLength: 8192, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_launch_messages", x => x.id);
                    table.ForeignKey(
                        name: "FK_launch_messages_shared_spaces_shared_space_id",
                        column: x => x.shared_space_id,
                        principalTable: "shared_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "launch_records",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    shared_space_id = table.Column<long>(type: "bigint", nullable: false),
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    launch_key = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    action_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: true),
                    user_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    mode = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    view = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    module = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    entity_type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    entities = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    target = table.Column<string>(type: "character varying(8192)", maxLength: 8192, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_launch_records", x => x.id);
                    table.ForeignKey(
                        name: "FK_launch_records_shared_spaces_shared_space_id",
                        column: x => x.shared_space_id,
                        principalTable: "shared_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_launch_records_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateIndex(
                name: "IX_launch_messages_at",
                table: "launch_messages",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "IX_launch_messages_shared_space_id_id",
                table: "launch_messages",
                columns: new[] { "shared_space_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_launch_messages_shared_space_id_launch_key",
                table: "launch_messages",
                columns: new[] { "shared_space_id", "launch_key" });

            migrationBuilder.CreateIndex(
                name: "IX_launch_messages_workspace_id_id",
                table: "launch_messages",
                columns: new[] { "workspace_id", "id" });

            migrationBuilder.CreateIndex(
                name: "IX_launch_records_created_at",
                table: "launch_records",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "IX_launch_records_shared_space_id_launch_key",
                table: "launch_records",
                columns: new[] { "shared_space_id", "launch_key" });

            migrationBuilder.CreateIndex(
                name: "IX_launch_records_user_id",
                table: "launch_records",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "launch_messages");

            migrationBuilder.DropTable(
                name: "launch_records");
        }
    }
}
