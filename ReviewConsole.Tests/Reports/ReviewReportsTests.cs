using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Reports;
using ReviewConsole.Core.Review;
using ReviewConsole.Tests.Review;

namespace ReviewConsole.Tests.Reports;

/// <summary>
/// Report figures against a small history made through the real workbench on a real SQLite file, each
/// expected value worked out by hand in the comments.
/// </summary>
public sealed class ReviewReportsTests : IAsyncLifetime
{
    private static readonly Reviewer Alice = new("alice");
    private static readonly Reviewer Bob = new("bob");
    private static readonly Reviewer Carol = new("carol");
    private static readonly Reviewer Dave = new("dave");
    private static readonly Reviewer Sam = new("sam", IsSupervisor: true);

    private ReviewDatabase _db = default!;
    private ReportSet _report = default!;

    /// <summary>
    /// Audit samples: auto-rejected J1 (0.95), J2 (0.97), J3 (0.92); auto-approved A1 (0.05), A2 (0.08).
    /// In review, each in its own queue so claims are predictable: R1 (0.45), R2 (0.55), R3 (0.58).
    /// Alice: J1 reject 90 s, A1 approve 30 s, R1 approve 60 s, R2 approve 120 s (later overturned).
    /// Bob: J2 reject 100 s, J3 approve 60 s, A2 reject 20 s, R3 approve-undo-reject 40 s after the undo.
    /// Every review decision opens a double review (rate 1); Carol answers R1 approve, R2 reject, R3 reject, 10 s each.
    /// Sam overturns R2 to rejected, then marks R1 (approved) and R3 (rejected) as gold; Dave is served
    /// both (gold rate 1) and approves both.
    /// </summary>
    public async Task InitializeAsync()
    {
        _db = await ReviewDatabase.CreateAsync(new ReviewOptions { DoubleReviewRate = 1, GoldRate = 1, LeaseDuration = TimeSpan.FromMinutes(10) });
        var start = _db.Clock.GetUtcNow();
        await _db.AddImageAsync(0.95, outcome: Outcome.Reject, auditSampled: true, receivedAt: start.AddMinutes(-50));
        await _db.AddImageAsync(0.97, outcome: Outcome.Reject, auditSampled: true, receivedAt: start.AddMinutes(-49));
        await _db.AddImageAsync(0.92, outcome: Outcome.Reject, auditSampled: true, receivedAt: start.AddMinutes(-48));
        await _db.AddImageAsync(0.05, outcome: Outcome.Approve, auditSampled: true, receivedAt: start.AddMinutes(-47));
        await _db.AddImageAsync(0.08, outcome: Outcome.Approve, auditSampled: true, receivedAt: start.AddMinutes(-46));
        var r1 = await _db.AddImageAsync(0.45, policy: "q-r1", receivedAt: start.AddMinutes(-45));
        var r2 = await _db.AddImageAsync(0.55, policy: "q-r2", receivedAt: start.AddMinutes(-44));
        var r3 = await _db.AddImageAsync(0.58, policy: "q-r3", receivedAt: start.AddMinutes(-43));

        await DecideAsync(Alice, ReviewQueues.Audit, 90, approve: false);
        await DecideAsync(Bob, ReviewQueues.Audit, 100, approve: false);
        await DecideAsync(Bob, ReviewQueues.Audit, 60, approve: true);
        await DecideAsync(Alice, ReviewQueues.Audit, 30, approve: true);
        await DecideAsync(Bob, ReviewQueues.Audit, 20, approve: false);
        await DecideAsync(Alice, "q-r1", 60, approve: true);
        await DecideAsync(Alice, "q-r2", 120, approve: true);

        var claim = await _db.ClaimAsync(Bob, "q-r3");
        _db.Clock.Advance(TimeSpan.FromSeconds(10));
        var undone = await _db.Workbench.ApproveAsync(claim.TaskId, Bob);
        Assert.True((await _db.Workbench.UndoAsync(undone.DecisionId!.Value, Bob)).Succeeded);
        _db.Clock.Advance(TimeSpan.FromSeconds(40));
        Assert.True((await _db.Workbench.RejectAsync(claim.TaskId, Bob, new DecisionInput(AddToDisallowList: false))).Succeeded);

        await DecideAsync(Carol, "q-r1", 10, approve: true);
        await DecideAsync(Carol, "q-r2", 10, approve: false);
        await DecideAsync(Carol, "q-r3", 10, approve: false);
        Assert.True((await _db.Workbench.OverturnAsync(r2.Id, Sam, ImageStatus.Rejected, new DecisionInput(AddToDisallowList: false))).Succeeded);

        Assert.Null(await _db.Gold.MarkAsync(r1.Id, Sam));
        Assert.Null(await _db.Gold.MarkAsync(r3.Id, Sam));
        await DecideAsync(Dave, "q-r1", 5, approve: true);
        await DecideAsync(Dave, "q-r1", 5, approve: true);
        Assert.Equal(ClaimOutcome.QueueEmpty, (await _db.Workbench.ClaimNextAsync("q-r1", Carol)).Outcome);

        _report = await _db.Reports.LoadAsync(new ReportRange(start.AddDays(-1), _db.Clock.GetUtcNow().AddDays(1)));
    }

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private async Task DecideAsync(Reviewer reviewer, string queue, int seconds, bool approve)
    {
        var claim = await _db.ClaimAsync(reviewer, queue);
        _db.Clock.Advance(TimeSpan.FromSeconds(seconds));
        var result = approve
            ? await _db.Workbench.ApproveAsync(claim.TaskId, reviewer)
            : await _db.Workbench.RejectAsync(claim.TaskId, reviewer, new DecisionInput(AddToDisallowList: false));
        Assert.True(result.Succeeded, result.Message);
    }

    [Fact]
    public void ConfusionCountsTheBandOfEachHumanLabelledImageAgainstTheHumanAnswer()
    {
        // Approve band: A1 approved, A2 rejected. Review band: R1 approved, R2 rejected (overturned), R3 rejected.
        // Reject band: J1, J2 rejected, J3 approved.
        Assert.Equal(
            [
                new ConfusionCell(Categories.Nudity, Outcome.Approve, 1, 1),
                new ConfusionCell(Categories.Nudity, Outcome.Review, 1, 2),
                new ConfusionCell(Categories.Nudity, Outcome.Reject, 1, 2),
            ],
            _report.Confusion);
    }

    [Fact]
    public void AutoRejectPrecisionAndRecallComeFromTheConfusion()
    {
        // TP = 2 (J1, J2), FP = 1 (J3), FN = 3 (A2, R2, R3): precision 2/3, recall 2/5.
        var quality = Assert.Single(_report.AutoReject);

        Assert.Equal((2L, 1L, 3L), (quality.TruePositives, quality.FalsePositives, quality.FalseNegatives));
        Assert.Equal(2.0 / 3, quality.Precision!.Value, 1e-12);
        Assert.Equal(0.4, quality.Recall!.Value, 1e-12);
    }

    [Fact]
    public void AuditErrorRatesCarryWilsonIntervals()
    {
        // Auto-approved: 1 miss (A2) of 2; auto-rejected: 1 wrong (J3) of 3.
        var approve = _report.Audit.Single(a => a.AutoDecision == Outcome.Approve).Errors;
        var reject = _report.Audit.Single(a => a.AutoDecision == Outcome.Reject).Errors;

        Assert.Equal((1L, 2L), (approve.Successes, approve.Trials));
        Assert.Equal(0.094531206, approve.Low, 1e-4);
        Assert.Equal(0.905468794, approve.High, 1e-4);
        Assert.Equal((1L, 3L), (reject.Successes, reject.Trials));
        Assert.Equal(0.061491945, reject.Low, 1e-4);
        Assert.Equal(0.792340399, reject.High, 1e-4);
    }

    [Fact]
    public void CalibrationBinsScoresInTenthsAgainstTheHumanRejectRate()
    {
        // [0,.1): A1, A2 (1 rejected); [.4,.5): R1; [.5,.6): R2, R3 (both rejected); [.9,1]: J1-J3 (2 rejected).
        Assert.Equal(
            [(0.0, 2L, 1L), (0.4, 1L, 0L), (0.5, 2L, 2L), (0.9, 3L, 2L)],
            _report.Calibration.Select(b => (Math.Round(b.Low, 1), b.Labelled, b.HumanRejected)));
    }

    [Fact]
    public void ModeratorFiguresCountAnswersHandlingTimeAndOverturns()
    {
        var alice = _report.Moderators.Single(m => m.ModeratorId == "alice");
        var bob = _report.Moderators.Single(m => m.ModeratorId == "bob");

        // Alice: 30, 60, 90, 120 s: median 75 s, 4 decisions in 300 s = 48/h; R2 of her 2 review decisions overturned.
        Assert.Equal((4L, 2L, 1L), (alice.Decisions, alice.ReviewDecisions, alice.Overturned));
        Assert.Equal(75, alice.MedianHandlingSeconds!.Value, 0.5);
        Assert.Equal(48, alice.DecisionsPerHour!.Value, 0.5);
        Assert.Equal(0.5, alice.OverturnRate);

        // Bob: the undone approve does not count; 20, 40, 60, 100 s: median 50 s, 4 in 220 s = 65.45/h.
        Assert.Equal((4L, 1L, 0L), (bob.Decisions, bob.ReviewDecisions, bob.Overturned));
        Assert.Equal(50, bob.MedianHandlingSeconds!.Value, 0.5);
        Assert.Equal(65.45, bob.DecisionsPerHour!.Value, 0.5);
        Assert.Equal(0.0, bob.OverturnRate);
    }

    [Fact]
    public void GoldAccuracyScoresEachServedAnswerAgainstTheLabel()
    {
        // Dave approved R1 (gold: approved) and R3 (gold: rejected).
        var dave = _report.Moderators.Single(m => m.ModeratorId == "dave");

        Assert.Equal((2L, 1L, 0.5), (dave.GoldAnswered, dave.GoldCorrect, dave.GoldAccuracy));
        Assert.Null(_report.Moderators.Single(m => m.ModeratorId == "alice").GoldAccuracy);
    }

    [Fact]
    public void AgreementOnDoubleReviewsIsCohensKappaOverallAndPerModerator()
    {
        // First/second: R1 A/A, R2 A/R, R3 R/R. po = 2/3, pe = 2/3·1/3 + 1/3·2/3 = 4/9: κ = (2/9)/(5/9) = 0.4.
        var all = _report.Agreement.Single(a => a.Who == "all");
        Assert.Equal((1L, 1L, 0L, 1L), (all.BothApproved, all.ApprovedRejected, all.RejectedApproved, all.BothRejected));
        Assert.Equal(0.4, all.Kappa!.Value, 1e-12);

        // Alice (first on R1, R2): A/A, A/R: po = 1/2, pe = 1·1/2 = 1/2: κ = 0. Bob: R/R only, κ undefined.
        Assert.Equal(0.0, _report.Agreement.Single(a => a.Who == "alice").Kappa!.Value, 1e-12);
        Assert.Null(_report.Agreement.Single(a => a.Who == "bob").Kappa);

        // Carol (second on all three, her answer first): A/A, R/A, R/R: κ = 0.4 again.
        Assert.Equal(0.4, _report.Agreement.Single(a => a.Who == "carol").Kappa!.Value, 1e-12);
    }

    [Fact]
    public void EveryTableHasOneRowPerFigureAndTheCsvCarriesTheSameCells()
    {
        var moderators = _report.Tables.Single(t => t.Name == ReportTables.ModeratorsName);

        Assert.Equal(["alice", "bob", "carol", "dave"], moderators.Rows.Select(r => r[0]).Order());
        var lines = moderators.ToCsv().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', moderators.Headers), lines[0]);
        Assert.Equal(moderators.Rows.Select(r => string.Join(',', r)), lines.Skip(1));
    }
}
