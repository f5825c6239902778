using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Trellis.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddExternalActionConfiguration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "action_config_versions",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    shared_space_id = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    json = table.Column<string>(type: "text", nullable: false),
                    action_count = table.Column<int>(type: "integer", nullable: false),
                    author_user_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    source = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    restored_from = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_config_versions", x => x.id);
                    table.ForeignKey(
                        name: "FK_action_config_versions_shared_spaces_shared_space_id",
                        column: x => x.shared_space_id,
                        principalTable: "shared_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_action_config_versions_users_author_user_id",
                        column: x => x.author_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "action_identities",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    shared_space_id = table.Column<long>(type: "bigint", nullable: false),
                    guid = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    bundle_guid = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_identities", x => x.id);
                    table.ForeignKey(
                        name: "FK_action_identities_shared_spaces_shared_space_id",
                        column: x => x.shared_space_id,
                        principalTable: "shared_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "action_panel_settings",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    shared_space_id = table.Column<long>(type: "bigint", nullable: false),
                    workspace_id = table.Column<long>(type: "bigint", nullable: false),
                    action_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: false),
                    context = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    settings = table.Column<string>(type: "text", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_panel_settings", x => x.id);
                    table.ForeignKey(
                        name: "FK_action_panel_settings_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_action_panel_settings_workspaces_workspace_id",
                        column: x => x.workspace_id,
                        principalTable: "workspaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_action_config_versions_author_user_id",
                table: "action_config_versions",
                column: "author_user_id");

            migrationBuilder.CreateIndex(
                name: "IX_action_config_versions_shared_space_id_version",
                table: "action_config_versions",
                columns: new[] { "shared_space_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_action_identities_shared_space_id_guid",
                table: "action_identities",
                columns: new[] { "shared_space_id", "guid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_action_panel_settings_shared_space_id_workspace_id_action_n~",
                table: "action_panel_settings",
                columns: new[] { "shared_space_id", "workspace_id", "action_name", "user_id", "context" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_action_panel_settings_user_id",
                table: "action_panel_settings",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "IX_action_panel_settings_workspace_id",
                table: "action_panel_settings",
                column: "workspace_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "action_config_versions");

            migrationBuilder.DropTable(
                name: "action_identities");

            migrationBuilder.DropTable(
                name: "action_panel_settings");
        }
    }
}
