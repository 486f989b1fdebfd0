using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReviewConsole.Core.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class Scoring : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "AuditSampled",
                table: "Images",
                type: "bit",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "ModelsJson",
                table: "Images",
                type: "nvarchar(4000)",
                maxLength: 4000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Pdq",
                table: "Images",
                type: "char(64)",
                unicode: false,
                fixedLength: true,
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PdqQuality",
                table: "Images",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PolicyName",
                table: "Images",
                type: "nvarchar(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "PolicyVersion",
                table: "Images",
                type: "int",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ReasonsJson",
                table: "Images",
                type: "nvarchar(max)",
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "ScoredAt",
                table: "Images",
                type: "datetimeoffset",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ScoringAttempts",
                table: "Images",
                type: "int",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "ScoringError",
                table: "Images",
                type: "nvarchar(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DisallowLists",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    PdqThreshold = table.Column<int>(type: "int", nullable: false),
                    Action = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Enabled = table.Column<bool>(type: "bit", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisallowLists", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ImageScores",
                columns: table => new
                {
                    Category = table.Column<string>(type: "nvarchar(64)", maxLength: 64, nullable: false),
                    ImageId = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    Score = table.Column<double>(type: "float", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ImageScores", x => new { x.ImageId, x.Category });
                    table.ForeignKey(
                        name: "FK_ImageScores_Images_ImageId",
                        column: x => x.ImageId,
                        principalTable: "Images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Policies",
                columns: table => new
                {
                    Name = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    CurrentVersion = table.Column<int>(type: "int", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Policies", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "DisallowListEntries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    ListId = table.Column<int>(type: "int", nullable: false),
                    Sha256 = table.Column<string>(type: "char(64)", unicode: false, fixedLength: true, maxLength: 64, nullable: true),
                    Pdq = table.Column<string>(type: "char(64)", unicode: false, fixedLength: true, maxLength: 64, nullable: true),
                    PdqQuality = table.Column<int>(type: "int", nullable: true),
                    SourceImageId = table.Column<Guid>(type: "uniqueidentifier", nullable: true),
                    AddedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    AddedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Note = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DisallowListEntries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DisallowListEntries_DisallowLists_ListId",
                        column: x => x.ListId,
                        principalTable: "DisallowLists",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_DisallowListEntries_Images_SourceImageId",
                        column: x => x.SourceImageId,
                        principalTable: "Images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "PolicyVersions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uniqueidentifier", nullable: false),
                    PolicyName = table.Column<string>(type: "nvarchar(100)", maxLength: 100, nullable: false),
                    Version = table.Column<int>(type: "int", nullable: false),
                    RulesJson = table.Column<string>(type: "nvarchar(max)", nullable: false),
                    AuditSampleRate = table.Column<double>(type: "float", nullable: false),
                    TextDetection = table.Column<bool>(type: "bit", nullable: false),
                    CreatedBy = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false),
                    Note = table.Column<string>(type: "nvarchar(1000)", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PolicyVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PolicyVersions_Policies_PolicyName",
                        column: x => x.PolicyName,
                        principalTable: "Policies",
                        principalColumn: "Name",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DisallowListEntries_ListId",
                table: "DisallowListEntries",
                column: "ListId");

            migrationBuilder.CreateIndex(
                name: "IX_DisallowListEntries_Sha256",
                table: "DisallowListEntries",
                column: "Sha256");

            migrationBuilder.CreateIndex(
                name: "IX_DisallowListEntries_SourceImageId",
                table: "DisallowListEntries",
                column: "SourceImageId");

            migrationBuilder.CreateIndex(
                name: "IX_DisallowLists_Name",
                table: "DisallowLists",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ImageScores_Category_Score",
                table: "ImageScores",
                columns: new[] { "Category", "Score" });

            migrationBuilder.CreateIndex(
                name: "IX_PolicyVersions_PolicyName_Version",
                table: "PolicyVersions",
                columns: new[] { "PolicyName", "Version" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DisallowListEntries");

            migrationBuilder.DropTable(
                name: "ImageScores");

            migrationBuilder.DropTable(
                name: "PolicyVersions");

            migrationBuilder.DropTable(
                name: "DisallowLists");

            migrationBuilder.DropTable(
                name: "Policies");

            migrationBuilder.DropColumn(
                name: "AuditSampled",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "ModelsJson",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "Pdq",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "PdqQuality",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "PolicyName",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "PolicyVersion",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "ReasonsJson",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "ScoredAt",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "ScoringAttempts",
                table: "Images");

            migrationBuilder.DropColumn(
                name: "ScoringError",
                table: "Images");
        }
    }
}
