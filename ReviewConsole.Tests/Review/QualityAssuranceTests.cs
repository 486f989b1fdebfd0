using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Tests.Review;

/// <summary>Double review and gold items on a real SQLite file: blind, independent, and never changing an image.</summary>
public sealed class QualityAssuranceTests
{
    private static readonly Reviewer Alice = new("alice");
    private static readonly Reviewer Bob = new("bob");
    private static readonly Reviewer Sam = new("sam", IsSupervisor: true);
    private static readonly Uri Callback = new("http://127.0.0.1:9/hooks");

    [Fact]
    public async Task ASampledImageGetsASecondBlindLookThatOnlyAnotherModeratorCanClaim()
    {
        await using var db = await ReviewDatabase.CreateAsync(new ReviewOptions { DoubleReviewRate = 1, GoldRate = 0 });
        var image = await db.AddImageAsync(callbackUrl: Callback);
        var first = await db.ClaimAsync(Alice);
        Assert.False(first.IsBlind);
        Assert.True((await db.Workbench.ApproveAsync(first.TaskId, Alice)).Succeeded);

        Assert.Equal(ClaimOutcome.QueueEmpty, (await db.Workbench.ClaimNextAsync(Policy.DefaultName, Alice)).Outcome);
        var second = await db.ClaimAsync(Bob);

        Assert.Equal(image.Id, second.ImageId);
        Assert.True(second.IsBlind);
        Assert.Equal(ReviewTaskKind.Review, second.Kind);
        var task = await db.QueryAsync(d => d.ReviewTasks.AsNoTracking().SingleAsync(t => t.Id == second.TaskId));
        Assert.Equal((ReviewTaskKind.DoubleReview, "alice"), (task.Kind, task.ExcludedUserId));
        Assert.True(task.IsBlind);
    }

    [Fact]
    public async Task TheSecondDecisionIsRecordedButLeavesTheImageAndTheAppAlone()
    {
        await using var db = await ReviewDatabase.CreateAsync(new ReviewOptions { DoubleReviewRate = 1, GoldRate = 0 });
        var image = await db.AddImageAsync(callbackUrl: Callback);
        await db.Workbench.ApproveAsync((await db.ClaimAsync(Alice)).TaskId, Alice);
        var second = await db.ClaimAsync(Bob);

        var result = await db.Workbench.RejectAsync(second.TaskId, Bob);

        Assert.True(result.Succeeded);
        Assert.Equal(ImageStatus.Approved, (await db.ImageAsync(image.Id)).Status);
        var decision = await db.QueryAsync(d => d.ReviewDecisions.AsNoTracking().SingleAsync(x => x.Id == result.DecisionId));
        Assert.Equal((ReviewDecisionKind.Reject, (ImageStatus?)null, ReviewTaskKind.DoubleReview, false), (decision.Kind, decision.Status, decision.TaskKind, decision.AddToDisallowList));
        Assert.Equal(1, await db.QueryAsync(d => d.WebhookDeliveries.CountAsync(w => w.ImageId == image.Id)));
        Assert.Equal(0, await db.QueryAsync(d => d.DisallowListEntries.CountAsync()));
        var task = await db.QueryAsync(d => d.ReviewTasks.AsNoTracking().SingleAsync(t => t.Id == second.TaskId));
        Assert.Equal(("bob", (ImageStatus?)ImageStatus.Rejected), (task.DecidedBy, task.DecidedStatus));
    }

    [Fact]
    public async Task AnUndoneAndRepeatedFirstDecisionOpensOnlyOneDoubleReview()
    {
        await using var db = await ReviewDatabase.CreateAsync(new ReviewOptions { DoubleReviewRate = 1, GoldRate = 0 });
        var image = await db.AddImageAsync();
        var claim = await db.ClaimAsync(Alice);
        var decided = await db.Workbench.ApproveAsync(claim.TaskId, Alice);
        Assert.True((await db.Workbench.UndoAsync(decided.DecisionId!.Value, Alice)).Succeeded);

        Assert.True((await db.Workbench.RejectAsync(claim.TaskId, Alice)).Succeeded);

        Assert.Equal(1, await db.QueryAsync(d => d.ReviewTasks.CountAsync(t => t.ImageId == image.Id && t.Kind == ReviewTaskKind.DoubleReview)));
    }

    [Fact]
    public async Task ImagesOutsideTheSampleGetNoSecondLook()
    {
        await using var db = await ReviewDatabase.CreateAsync(new ReviewOptions { DoubleReviewRate = 0, GoldRate = 0 });
        await db.AddImageAsync();
        await db.Workbench.ApproveAsync((await db.ClaimAsync(Alice)).TaskId, Alice);

        Assert.Equal(ClaimOutcome.QueueEmpty, (await db.Workbench.ClaimNextAsync(Policy.DefaultName, Bob)).Outcome);
    }

    [Fact]
    public void TheDoubleReviewSampleIsDeterministicPerImageAndNearItsRate()
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => new Guid(i, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7)).ToList();

        var sampled = ids.Count(id => ReviewSampling.Draw(id, ReviewSampling.DoubleReviewSalt) < 0.05);

        Assert.InRange(sampled, 850, 1150);
        Assert.All(ids.Take(100), id => Assert.Equal(ReviewSampling.Draw(id, ReviewSampling.DoubleReviewSalt), ReviewSampling.Draw(id, ReviewSampling.DoubleReviewSalt)));
    }

    [Fact]
    public async Task ADecisionRecordsWhenItsTaskWasClaimedAndHowLongItTook()
    {
        await using var db = await ReviewDatabase.CreateAsync();
        await db.AddImageAsync();
        var claim = await db.ClaimAsync(Alice);
        db.Clock.Advance(TimeSpan.FromSeconds(30));

        var result = await db.Workbench.ApproveAsync(claim.TaskId, Alice);

        var decision = await db.QueryAsync(d => d.ReviewDecisions.AsNoTracking().SingleAsync(x => x.Id == result.DecisionId));
        Assert.NotNull(decision.ClaimedAt);
        Assert.InRange(decision.HandlingMilliseconds!.Value, 30_000, 40_000);
        Assert.Equal(decision.HandlingMilliseconds.Value, (long)(decision.CreatedAt - decision.ClaimedAt!.Value).TotalMilliseconds);
    }

    [Fact]
    public async Task AGoldItemIsServedBlindToAnotherModeratorAndTheAnswerIsScoredWithoutChangingTheImage()
    {
        await using var db = await ReviewDatabase.CreateAsync(new ReviewOptions { DoubleReviewRate = 0, GoldRate = 1 });
        var image = await db.AddImageAsync(callbackUrl: Callback);
        await db.Workbench.RejectAsync((await db.ClaimAsync(Alice)).TaskId, Alice, new DecisionInput(AddToDisallowList: false));
        Assert.Null(await db.Gold.MarkAsync(image.Id, Sam));

        var served = await db.ClaimAsync(Bob);
        var answer = await db.Workbench.ApproveAsync(served.TaskId, Bob);

        Assert.Equal((image.Id, true, ReviewTaskKind.Review), (served.ImageId, served.IsBlind, served.Kind));
        Assert.True(answer.Succeeded);
        Assert.Equal(ImageStatus.Rejected, (await db.ImageAsync(image.Id)).Status);
        Assert.Equal(1, await db.QueryAsync(d => d.WebhookDeliveries.CountAsync(w => w.ImageId == image.Id)));
        var task = await db.QueryAsync(d => d.ReviewTasks.AsNoTracking().SingleAsync(t => t.Id == served.TaskId));
        Assert.Equal((ReviewTaskKind.Gold, "bob", (ImageStatus?)ImageStatus.Rejected, (ImageStatus?)ImageStatus.Approved), (task.Kind, task.ServedTo, task.GoldLabel, task.DecidedStatus));

        // Answered once: Bob is not served it again; Alice labelled it and never is.
        Assert.Equal(ClaimOutcome.QueueEmpty, (await db.Workbench.ClaimNextAsync(Policy.DefaultName, Bob)).Outcome);
        Assert.Equal(ClaimOutcome.QueueEmpty, (await db.Workbench.ClaimNextAsync(Policy.DefaultName, Alice)).Outcome);
    }

    [Fact]
    public async Task AnUnmarkedGoldItemIsNoLongerServedAndBothEventsAreKept()
    {
        await using var db = await ReviewDatabase.CreateAsync(new ReviewOptions { DoubleReviewRate = 0, GoldRate = 1 });
        var image = await db.AddImageAsync();
        await db.Workbench.ApproveAsync((await db.ClaimAsync(Alice)).TaskId, Alice);
        await db.Gold.MarkAsync(image.Id, Sam);
        Assert.True(await db.Gold.IsGoldAsync(image.Id));

        Assert.Null(await db.Gold.UnmarkAsync(image.Id, Sam));

        Assert.False(await db.Gold.IsGoldAsync(image.Id));
        Assert.Empty(await db.Gold.ListAsync());
        Assert.Equal(ClaimOutcome.QueueEmpty, (await db.Workbench.ClaimNextAsync(Policy.DefaultName, Bob)).Outcome);
        Assert.Equal([true, false], await db.QueryAsync(d => d.GoldMarks.OrderBy(g => g.Id).Select(g => g.IsGold).ToListAsync()));
    }

    [Fact]
    public async Task OnlySupervisorsMarkGoldAndOnlyImagesAPersonDecided()
    {
        await using var db = await ReviewDatabase.CreateAsync();
        var automatic = await db.AddImageAsync(score: 0.01, outcome: Outcome.Approve);
        var waiting = await db.AddImageAsync();

        Assert.NotNull(await db.Gold.MarkAsync(automatic.Id, Sam));
        Assert.NotNull(await db.Gold.MarkAsync(waiting.Id, Sam));
        await db.Workbench.ApproveAsync((await db.ClaimAsync(Alice)).TaskId, Alice);
        Assert.NotNull(await db.Gold.MarkAsync(waiting.Id, Bob));
        Assert.Null(await db.Gold.MarkAsync(waiting.Id, Sam));
        Assert.Equal(ImageStatus.Approved, Assert.Single(await db.Gold.ListAsync()).Label);
    }

    [Fact]
    public async Task GoldIsNeverServedInTheEscalationQueue()
    {
        await using var db = await ReviewDatabase.CreateAsync(new ReviewOptions { DoubleReviewRate = 0, GoldRate = 1 });
        var image = await db.AddImageAsync();
        await db.Workbench.ApproveAsync((await db.ClaimAsync(Alice)).TaskId, Alice);
        await db.Gold.MarkAsync(image.Id, Sam);

        Assert.Equal(ClaimOutcome.QueueEmpty, (await db.Workbench.ClaimNextAsync(ReviewQueues.Escalation, new Reviewer("eve", IsSupervisor: true))).Outcome);
    }
}
