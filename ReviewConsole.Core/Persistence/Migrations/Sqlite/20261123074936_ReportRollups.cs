using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReviewConsole.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class ReportRollups : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReviewTasks_DecidedAt",
                table: "ReviewTasks");

            migrationBuilder.DropIndex(
                name: "IX_ReviewTasks_EnqueuedAt_DecidedAt",
                table: "ReviewTasks");

            migrationBuilder.CreateTable(
                name: "ReportDailyCounts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Day = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Hour = table.Column<int>(type: "INTEGER", nullable: false),
                    Fact = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key1 = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Key2 = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Key3 = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Bin = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<long>(type: "INTEGER", nullable: false),
                    Sum = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportDailyCounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "ReportRollupMarks",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false),
                    LastDecisionId = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ReportRollupMarks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTasks_DecidedAt_EnqueuedAt_Queue",
                table: "ReviewTasks",
                columns: new[] { "DecidedAt", "EnqueuedAt", "Queue" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTasks_EnqueuedAt_DecidedAt_Queue",
                table: "ReviewTasks",
                columns: new[] { "EnqueuedAt", "DecidedAt", "Queue" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTasks_Queue_DecidedAt_EnqueuedAt",
                table: "ReviewTasks",
                columns: new[] { "Queue", "DecidedAt", "EnqueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTasks_Queue_EnqueuedAt",
                table: "ReviewTasks",
                columns: new[] { "Queue", "EnqueuedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportDailyCounts_Day_Hour",
                table: "ReportDailyCounts",
                columns: new[] { "Day", "Hour" });

            migrationBuilder.CreateIndex(
                name: "IX_ReportDailyCounts_Hour_Day_Fact",
                table: "ReportDailyCounts",
                columns: new[] { "Hour", "Day", "Fact" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ReportDailyCounts");

            migrationBuilder.DropTable(
                name: "ReportRollupMarks");

            migrationBuilder.DropIndex(
                name: "IX_ReviewTasks_DecidedAt_EnqueuedAt_Queue",
                table: "ReviewTasks");

            migrationBuilder.DropIndex(
                name: "IX_ReviewTasks_EnqueuedAt_DecidedAt_Queue",
                table: "ReviewTasks");

            migrationBuilder.DropIndex(
                name: "IX_ReviewTasks_Queue_DecidedAt_EnqueuedAt",
                table: "ReviewTasks");

            migrationBuilder.DropIndex(
                name: "IX_ReviewTasks_Queue_EnqueuedAt",
                table: "ReviewTasks");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTasks_DecidedAt",
                table: "ReviewTasks",
                column: "DecidedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTasks_EnqueuedAt_DecidedAt",
                table: "ReviewTasks",
                columns: new[] { "EnqueuedAt", "DecidedAt" });
        }
    }
}
