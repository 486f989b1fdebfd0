using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReviewConsole.Core.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class ReportRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ReportDailyCounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("SqlServer:Identity", "1, 1"),
                    Day = table.Column<DateOnly>(type: "date", nullable: false),
                    Fact = table.Column<string>(type: "nvarchar(16)", maxLength: 16, nullable: false),
                    Key1 = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Key2 = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Key3 = table.Column<string>(type: "nvarchar(256)", maxLength: 256, nullable: false),
                    Bin = table.Column<int>(type: "int", nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false),
                    Sum = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportDailyCounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportRollupMarks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "int", nullable: false),
                    LastDecisionId = table.Column<long>(type: "bigint", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "datetimeoffset", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportRollupMarks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReportDailyCounts_Day_Fact",
                table: "ReportDailyCounts",
                columns: new[] { "Day", "Fact" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportDailyCounts");

            migrationBuilder.DropTable(
                name: "ReportRollupMarks");
        }
    }
}
