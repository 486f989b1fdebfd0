using ReviewConsole.Core.Reports;
using ReviewConsole.Core.Review;
using ReviewConsole.Tests.Review;

namespace ReviewConsole.Tests.Reports;

/// <summary>The backlog at given instants and the queue table, on a real SQLite file.</summary>
public sealed class BacklogReportTests
{
    [Fact]
    public async Task BacklogCountsTasksEnqueuedByAnInstantAndNotYetDecidedWithTheirAges()
    {
        // Three tasks enqueued at T, T+1h, T+2h; the first decided at T+2.5h (now). SLA 90 minutes.
        await using var db = await ReviewDatabase.CreateAsync(new ReviewOptions { DefaultSla = TimeSpan.FromMinutes(90), DoubleReviewRate = 0, GoldRate = 0 });
        var t = db.Clock.GetUtcNow().AddHours(-2.5);
        await db.AddImageAsync(0.5, receivedAt: t);
        await db.AddImageAsync(0.5, receivedAt: t.AddHours(1));
        await db.AddImageAsync(0.5, receivedAt: t.AddHours(2));
        var claim = await db.ClaimAsync(new Reviewer("alice"));
        Assert.True((await db.Workbench.ApproveAsync(claim.TaskId, new Reviewer("alice"))).Succeeded);

        // Six points, an hour apart, from T-1h to T+4h.
        var points = await db.Reports.BacklogAsync(new ReportRange(t.AddHours(-1), t.AddHours(4)), 6);

        Assert.Equal([0L, 1L, 2L, 3L, 2L, 2L], points.Select(p => p.Open));
        Assert.Equal(t.AddHours(2), points[3].At);

        // At T+2h the ages are 0, 60 and 120 minutes: median (rank 2) 60, p90 (rank 3) 120; one past 90 minutes.
        Assert.Equal((60.0, 120.0, 1L), (points[3].MedianAgeMinutes!.Value, points[3].P90AgeMinutes!.Value, points[3].OverSla), new ToleranceComparer());

        // At T+4h the two left are 180 and 120 minutes old: both past the SLA.
        Assert.Equal(2L, points[5].OverSla);
        Assert.Null(points[0].MedianAgeMinutes);

        var queue = Assert.Single(await db.Reports.QueuesAsync(new ReportRange(t.AddHours(-1), t.AddHours(4))));
        Assert.Equal(("default", 3L, 1L, 2L, 2L), (queue.Queue, queue.Enqueued, queue.Decided, queue.OpenAtEnd, queue.OverSlaAtEnd));
    }

    /// <summary>Timestamps are stored to 0.1 ms (the SQLite binary form), so ages compare to a thousandth of a minute.</summary>
    private sealed class ToleranceComparer : IEqualityComparer<(double, double, long)>
    {
        public bool Equals((double, double, long) x, (double, double, long) y) =>
            Math.Abs(x.Item1 - y.Item1) < 1e-3 && Math.Abs(x.Item2 - y.Item2) < 1e-3 && x.Item3 == y.Item3;

        public int GetHashCode((double, double, long) obj) => obj.Item3.GetHashCode();
    }
}
