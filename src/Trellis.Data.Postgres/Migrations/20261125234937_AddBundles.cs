using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Trellis.Data.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class AddBundles : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "bundle_blobs",
                columns: table => new
                {
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false),
                    content = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bundle_blobs", x => x.sha256);
                });

            migrationBuilder.CreateTable(
                name: "bundles",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    guid = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: false),
                    shared_space_id = table.Column<long>(type: "bigint", nullable: false),
                    action_guid = table.Column<string>(type: "character varying(36)", maxLength: 36, nullable: true),
                    action_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    entries = table.Column<string>(type: "text", nullable: false),
                    file_count = table.Column<int>(type: "integer", nullable: false),
                    uncompressed_size = table.Column<long>(type: "bigint", nullable: false),
                    uploaded_by_user_id = table.Column<long>(type: "bigint", nullable: false),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bundles", x => x.id);
                    table.ForeignKey(
                        name: "FK_bundles_shared_spaces_shared_space_id",
                        column: x => x.shared_space_id,
                        principalTable: "shared_spaces",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_bundles_users_uploaded_by_user_id",
                        column: x => x.uploaded_by_user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "bundle_entries",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    bundle_id = table.Column<long>(type: "bigint", nullable: false),
                    shared_space_id = table.Column<long>(type: "bigint", nullable: false),
                    name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bundle_entries", x => x.id);
                    table.ForeignKey(
                        name: "FK_bundle_entries_bundles_bundle_id",
                        column: x => x.bundle_id,
                        principalTable: "bundles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "bundle_files",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    bundle_id = table.Column<long>(type: "bigint", nullable: false),
                    shared_space_id = table.Column<long>(type: "bigint", nullable: false),
                    path = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    sha256 = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    content_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    size = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_bundle_files", x => x.id);
                    table.ForeignKey(
                        name: "FK_bundle_files_bundle_blobs_sha256",
                        column: x => x.sha256,
                        principalTable: "bundle_blobs",
                        principalColumn: "sha256",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_bundle_files_bundles_bundle_id",
                        column: x => x.bundle_id,
                        principalTable: "bundles",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_bundle_entries_bundle_id",
                table: "bundle_entries",
                column: "bundle_id");

            migrationBuilder.CreateIndex(
                name: "IX_bundle_entries_shared_space_id_name",
                table: "bundle_entries",
                columns: new[] { "shared_space_id", "name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bundle_files_bundle_id",
                table: "bundle_files",
                column: "bundle_id");

            migrationBuilder.CreateIndex(
                name: "IX_bundle_files_sha256",
                table: "bundle_files",
                column: "sha256");

            migrationBuilder.CreateIndex(
                name: "IX_bundle_files_shared_space_id_path",
                table: "bundle_files",
                columns: new[] { "shared_space_id", "path" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bundles_guid",
                table: "bundles",
                column: "guid",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_bundles_shared_space_id_action_guid",
                table: "bundles",
                columns: new[] { "shared_space_id", "action_guid" });

            migrationBuilder.CreateIndex(
                name: "IX_bundles_uploaded_by_user_id",
                table: "bundles",
                column: "uploaded_by_user_id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "bundle_entries");

            migrationBuilder.DropTable(
                name: "bundle_files");

            migrationBuilder.DropTable(
                name: "bundle_blobs");

            migrationBuilder.DropTable(
                name: "bundles");
        }
    }
}
