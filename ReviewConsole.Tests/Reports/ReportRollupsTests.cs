using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Reports;
using ReviewConsole.Core.Review;
using ReviewConsole.Tests.Review;

namespace ReviewConsole.Tests.Reports;

/// <summary>
/// The rollups behind the reports: what changes after a day was rolled up (undo, overturn) reaches the
/// figures, and rewriting a day is idempotent.
/// </summary>
public sealed class ReportRollupsTests
{
    private static readonly Reviewer Alice = new("alice");
    private static readonly Reviewer Sam = new("sam", IsSupervisor: true);

    [Fact]
    public async Task AnUndoAfterTheRollupTakesTheAnswerOutOfTheFigures()
    {
        await using var db = await ReviewDatabase.CreateAsync();
        var range = WholeDaysAround(db);
        await db.AddImageAsync(0.55);
        var claim = await db.ClaimAsync(Alice);
        db.Clock.Advance(TimeSpan.FromSeconds(30));
        var approved = await db.Workbench.ApproveAsync(claim.TaskId, Alice);
        var before = await db.Reports.LoadAsync(range);
        Assert.Equal(1L, before.Moderators.Single().Decisions);
        Assert.Equal(1L, before.Confusion.Single(c => c.Band == Outcome.Review).HumanApproved);

        Assert.True((await db.Workbench.UndoAsync(approved.DecisionId!.Value, Alice)).Succeeded);
        var after = await db.Reports.LoadAsync(range);

        Assert.Empty(after.Moderators);
        Assert.DoesNotContain(after.Confusion, c => c.Band == Outcome.Review && c.HumanApproved > 0);
    }

    [Fact]
    public async Task AnOverturnAfterTheRollupMovesTheLabelAndCountsAgainstTheModerator()
    {
        await using var db = await ReviewDatabase.CreateAsync();
        var range = WholeDaysAround(db);
        var image = await db.AddImageAsync(0.55);
        var claim = await db.ClaimAsync(Alice);
        db.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.True((await db.Workbench.ApproveAsync(claim.TaskId, Alice)).Succeeded);
        Assert.Equal(0L, (await db.Reports.LoadAsync(range)).Moderators.Single().Overturned);

        db.Clock.Advance(TimeSpan.FromHours(3));
        Assert.True((await db.Workbench.OverturnAsync(image.Id, Sam, ImageStatus.Rejected, new DecisionInput(AddToDisallowList: false))).Succeeded);
        var after = await db.Reports.LoadAsync(range);

        var review = after.Confusion.Single(c => c.Band == Outcome.Review);
        Assert.Equal((0L, 1L), (review.HumanApproved, review.HumanRejected));
        var alice = after.Moderators.Single(m => m.ModeratorId == "alice");
        Assert.Equal((1L, 1L), (alice.Decisions, alice.Overturned));
    }

    [Fact]
    public async Task RewritingTheSameDayTwiceLeavesTheSameRowsAndFigures()
    {
        await using var db = await ReviewDatabase.CreateAsync();
        var range = WholeDaysAround(db);
        await db.AddImageAsync(0.55);
        await db.AddImageAsync(0.35);
        foreach (var seconds in new[] { 20, 50 })
        {
            var claim = await db.ClaimAsync(Alice);
            db.Clock.Advance(TimeSpan.FromSeconds(seconds));
            Assert.True((await db.Workbench.RejectAsync(claim.TaskId, Alice, new DecisionInput(AddToDisallowList: false))).Succeeded);
        }

        var first = await db.Reports.LoadAsync(range);
        var rows = await RowsAsync(db);
        var day = DateOnly.FromDateTime(db.Clock.GetUtcNow().UtcDateTime);
        await db.Rollups.RewriteDayAsync(day);
        await db.Rollups.RewriteDayAsync(day);

        Assert.Equal(rows, await RowsAsync(db));
        var again = await db.Reports.LoadAsync(range);
        Assert.Equal(first.Confusion, again.Confusion);
        Assert.Equal(first.Moderators, again.Moderators);
        // 20 s and 50 s sit alone in their 5-second buckets, so the histogram median is the exact one (to the claim's milliseconds).
        Assert.Equal(35, again.Moderators.Single().MedianHandlingSeconds!.Value, 0.01);
        Assert.Equal(0, await db.Rollups.RefreshAsync());
    }

    [Fact]
    public async Task APeriodEndingMidHourCountsOnlyTheDecisionsBeforeItsEnd()
    {
        await using var db = await ReviewDatabase.CreateAsync();
        var start = db.Clock.GetUtcNow();
        await db.AddImageAsync(0.55);
        await db.AddImageAsync(0.35);
        var claim = await db.ClaimAsync(Alice);
        db.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True((await db.Workbench.ApproveAsync(claim.TaskId, Alice)).Succeeded);
        var between = db.Clock.GetUtcNow().AddMilliseconds(1);
        db.Clock.Advance(TimeSpan.FromMinutes(1));
        claim = await db.ClaimAsync(Alice);
        db.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.True((await db.Workbench.ApproveAsync(claim.TaskId, Alice)).Succeeded);

        var all = await db.Reports.LoadAsync(new ReportRange(start.AddDays(-2), db.Clock.GetUtcNow().AddDays(2)));
        var firstOnly = await db.Reports.LoadAsync(new ReportRange(start.AddDays(-2), between));

        Assert.Equal(2L, all.Moderators.Single().Decisions);
        Assert.Equal(1L, firstOnly.Moderators.Single().Decisions);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(4_999, 0)]
    [InlineData(5_000, 1)]
    [InlineData(119_999, 23)]
    [InlineData(120_000, 24)]
    [InlineData(599_999, 39)]
    [InlineData(600_000, 40)]
    [InlineData(3_599_999, 49)]
    [InlineData(3_600_000, 50)]
    [InlineData(86_400_000, 50)]
    public void HandlingBucketsAreFiveSecondsThenThirtyThenFiveMinutes(long milliseconds, int bucket) =>
        Assert.Equal(bucket, ReportRollups.BucketOf(milliseconds));

    private static ReportRange WholeDaysAround(ReviewDatabase db)
    {
        var today = new DateTimeOffset(db.Clock.GetUtcNow().UtcDateTime.Date, TimeSpan.Zero);
        return new ReportRange(today.AddDays(-1), today.AddDays(2));
    }

    private static async Task<List<(DateOnly, int, string, string, string, string, int, long, long)>> RowsAsync(ReviewDatabase db)
    {
        await using var context = await db.Contexts.CreateDbContextAsync();
        var rows = await context.ReportDailyCounts.AsNoTracking().ToListAsync();
        return [.. rows.Select(r => (r.Day, r.Hour, r.Fact, r.Key1, r.Key2, r.Key3, r.Bin, r.Count, r.Sum)).Order()];
    }
}
