using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Trellis.Data.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class AddActionUrlOverrides : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "action_url_overrides",
                columns: table => new
                {
                    id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    shared_space_id = table.Column<long>(type: "INTEGER", nullable: false),
                    action_name = table.Column<string>(type: "TEXT", maxLength: 255, nullable: false),
                    user_id = table.Column<long>(type: "INTEGER", nullable: false),
                    base_url = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_action_url_overrides", x => x.id);
                    table.ForeignKey(
                        name: "FK_action_url_overrides_shared_spaces_shared_space_id",
                        column: x => x.shared_space_id,
                        principalTable: "shared_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_action_url_overrides_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_action_url_overrides_shared_space_id_user_id_action_name",
                table: "action_url_overrides",
                columns: new[] { "shared_space_id", "user_id", "action_name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_action_url_overrides_user_id",
                table: "action_url_overrides",
                column: "user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "action_url_overrides");
        }
    }
}
