using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ReviewConsole.Core.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Reports : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_ReviewTasks_ImageId_Kind",
                table: "ReviewTasks");

            migrationBuilder.AddColumn<string>(
                name: "AiOutcome",
                table: "ReviewTasks",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ClaimedAt",
                table: "ReviewTasks",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecidedBy",
                table: "ReviewTasks",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DecidedStatus",
                table: "ReviewTasks",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ExcludedUserId",
                table: "ReviewTasks",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "GoldLabel",
                table: "ReviewTasks",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ServedTo",
                table: "ReviewTasks",
                type: "TEXT",
                maxLength: 450,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<long>(
                name: "ClaimedAt",
                table: "ReviewDecisions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "HandlingMilliseconds",
                table: "ReviewDecisions",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TaskKind",
                table: "ReviewDecisions",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Band",
                table: "ImageScores",
                type: "TEXT",
                maxLength: 16,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "GoldMarks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ImageId = table.Column<Guid>(type: "TEXT", nullable: false),
                    IsGold = table.Column<bool>(type: "INTEGER", nullable: false),
                    Label = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LabelAuthorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: true),
                    ActorId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GoldMarks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GoldMarks_Images_ImageId",
                        column: x => x.ImageId,
                        principalTable: "Images",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTasks_DecidedAt",
                table: "ReviewTasks",
                column: "DecidedAt");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTasks_EnqueuedAt_DecidedAt",
                table: "ReviewTasks",
                columns: new[] { "EnqueuedAt", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTasks_ImageId_Kind_ServedTo",
                table: "ReviewTasks",
                columns: new[] { "ImageId", "Kind", "ServedTo" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTasks_Kind_DecidedAt",
                table: "ReviewTasks",
                columns: new[] { "Kind", "DecidedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewDecisions_ActorId_HandlingMilliseconds_CreatedAt_Kind",
                table: "ReviewDecisions",
                columns: new[] { "ActorId", "HandlingMilliseconds", "CreatedAt", "Kind" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewDecisions_CreatedAt_Kind_ActorId_HandlingMilliseconds",
                table: "ReviewDecisions",
                columns: new[] { "CreatedAt", "Kind", "ActorId", "HandlingMilliseconds" });

            migrationBuilder.CreateIndex(
                name: "IX_ReviewDecisions_RevertsDecisionId",
                table: "ReviewDecisions",
                column: "RevertsDecisionId");

            migrationBuilder.CreateIndex(
                name: "IX_Images_DecidedBy_DecidedAt_Status_Id",
                table: "Images",
                columns: new[] { "DecidedBy", "DecidedAt", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_ImageScores_ImageId_Category_Score_Band",
                table: "ImageScores",
                columns: new[] { "ImageId", "Category", "Score", "Band" });

            migrationBuilder.CreateIndex(
                name: "IX_GoldMarks_ImageId_Id",
                table: "GoldMarks",
                columns: new[] { "ImageId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GoldMarks");

            migrationBuilder.DropIndex(
                name: "IX_ReviewTasks_DecidedAt",
                table: "ReviewTasks");

            migrationBuilder.DropIndex(
                name: "IX_ReviewTasks_EnqueuedAt_DecidedAt",
                table: "ReviewTasks");

            migrationBuilder.DropIndex(
                name: "IX_ReviewTasks_ImageId_Kind_ServedTo",
                table: "ReviewTasks");

            migrationBuilder.DropIndex(
                name: "IX_ReviewTasks_Kind_DecidedAt",
                table: "ReviewTasks");

            migrationBuilder.DropIndex(
                name: "IX_ReviewDecisions_ActorId_HandlingMilliseconds_CreatedAt_Kind",
                table: "ReviewDecisions");

            migrationBuilder.DropIndex(
                name: "IX_ReviewDecisions_CreatedAt_Kind_ActorId_HandlingMilliseconds",
                table: "ReviewDecisions");

            migrationBuilder.DropIndex(
                name: "IX_ReviewDecisions_RevertsDecisionId",
                table: "ReviewDecisions");

            migrationBuilder.DropIndex(
                name: "IX_Images_DecidedBy_DecidedAt_Status_Id",
                table: "Images");

            migrationBuilder.DropIndex(
                name: "IX_ImageScores_ImageId_Category_Score_Band",
                table: "ImageScores");

            migrationBuilder.DropColumn(
                name: "AiOutcome",
                table: "ReviewTasks");

            migrationBuilder.DropColumn(
                name: "ClaimedAt",
                table: "ReviewTasks");

            migrationBuilder.DropColumn(
                name: "DecidedBy",
                table: "ReviewTasks");

            migrationBuilder.DropColumn(
                name: "DecidedStatus",
                table: "ReviewTasks");

            migrationBuilder.DropColumn(
                name: "ExcludedUserId",
                table: "ReviewTasks");

            migrationBuilder.DropColumn(
                name: "GoldLabel",
                table: "ReviewTasks");

            migrationBuilder.DropColumn(
                name: "ServedTo",
                table: "ReviewTasks");

            migrationBuilder.DropColumn(
                name: "ClaimedAt",
                table: "ReviewDecisions");

            migrationBuilder.DropColumn(
                name: "HandlingMilliseconds",
                table: "ReviewDecisions");

            migrationBuilder.DropColumn(
                name: "TaskKind",
                table: "ReviewDecisions");

            migrationBuilder.DropColumn(
                name: "Band",
                table: "ImageScores");

            migrationBuilder.CreateIndex(
                name: "IX_ReviewTasks_ImageId_Kind",
                table: "ReviewTasks",
                columns: new[] { "ImageId", "Kind" },
                unique: true);
        }
    }
}
