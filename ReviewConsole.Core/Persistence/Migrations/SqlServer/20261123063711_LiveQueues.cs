using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReviewConsole.Core.Persistence.Migrations.SqlServer
{
    /// <inheritdoc />
    public partial class LiveQueues : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_ReviewTasks_OpenByPriority",
                table: "ReviewTasks",
                columns: new[] { "Queue", "PriorityBand", "ReceivedAt", "Id" },
                descending: new[] { false, true, false, false },
                filter: "[State] <> 'Decided'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReviewTasks_OpenByPriority",
                table: "ReviewTasks");
        }
    }
}
