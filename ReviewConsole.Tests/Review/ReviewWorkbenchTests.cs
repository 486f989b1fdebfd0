using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Notifications;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Tests.Review;

public sealed class ReviewWorkbenchTests : IAsyncLifetime
{
    private static readonly Reviewer Alice = new("alice");
    private static readonly Reviewer Bob = new("bob");
    private static readonly Reviewer Sam = new("sam", IsSupervisor: true);
    private static readonly Uri Callback = new("http://127.0.0.1:9/hooks");

    private ReviewDatabase _db = default!;

    public async Task InitializeAsync() => _db = await ReviewDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AnImageThePolicyPutsInReviewWaitsInThePolicysQueue()
    {
        var image = await _db.AddImageAsync(score: 0.63, policy: "strict");

        var task = await _db.TaskOfAsync(image.Id);

        Assert.Equal(("strict", ReviewTaskKind.Review, ReviewTaskState.Waiting, 6), (task.Queue, task.Kind, task.State, task.PriorityBand));
    }

    [Fact]
    public async Task ClaimServesTheStrongestScoreBandFirstAndWithinABandTheOldestImage()
    {
        var start = _db.Clock.GetUtcNow();
        var weakOld = await _db.AddImageAsync(score: 0.31, receivedAt: start.AddMinutes(-30));
        var strongNew = await _db.AddImageAsync(score: 0.85, receivedAt: start);
        var strongOld = await _db.AddImageAsync(score: 0.82, receivedAt: start.AddMinutes(-10));

        var order = new List<Guid>();
        foreach (var reviewer in new[] { Alice, Bob, Sam })
        {
            order.Add((await _db.ClaimAsync(reviewer)).ImageId);
        }

        Assert.Equal([strongOld.Id, strongNew.Id, weakOld.Id], order);
        Assert.Equal(ClaimOutcome.QueueEmpty, (await _db.Workbench.ClaimNextAsync(Policy.DefaultName, new Reviewer("dave"))).Outcome);
    }

    [Fact]
    public async Task ClaimingAgainReturnsTheItemTheModeratorAlreadyHolds()
    {
        await _db.AddImageAsync();
        await _db.AddImageAsync();

        var first = await _db.ClaimAsync(Alice);
        var again = await _db.ClaimAsync(Alice);

        Assert.Equal(first.TaskId, again.TaskId);
    }

    [Fact]
    public async Task DecisionIsRefusedWithoutTheLeaseWhetherNeverClaimedHeldByAnotherOrLapsed()
    {
        var image = await _db.AddImageAsync();
        var taskId = (await _db.TaskOfAsync(image.Id)).Id;

        Assert.Equal(ReviewRefusal.LeaseNotHeld, (await _db.Workbench.ApproveAsync(taskId, Alice)).Refusal);

        await _db.ClaimAsync(Alice);
        Assert.Equal(ReviewRefusal.LeaseNotHeld, (await _db.Workbench.RejectAsync(taskId, Bob)).Refusal);

        _db.Clock.Advance(_db.Options.LeaseDuration);
        Assert.Equal(ReviewRefusal.LeaseNotHeld, (await _db.Workbench.ApproveAsync(taskId, Alice)).Refusal);
        Assert.Equal(ImageStatus.InReview, (await _db.ImageAsync(image.Id)).Status);
        Assert.Empty(await _db.Workbench.HistoryAsync(image.Id));
    }

    [Fact]
    public async Task RenewingKeepsTheLeaseAliveButNotOnceItLapsed()
    {
        await _db.AddImageAsync();
        var claim = await _db.ClaimAsync(Alice);

        _db.Clock.Advance(TimeSpan.FromSeconds(90));
        Assert.NotNull(await _db.Workbench.RenewAsync(claim.TaskId, Alice));
        _db.Clock.Advance(TimeSpan.FromSeconds(90));
        Assert.True((await _db.Workbench.ApproveAsync(claim.TaskId, Alice)).Succeeded);
        Assert.Null(await _db.Workbench.RenewAsync(claim.TaskId, Alice));
    }

    [Fact]
    public async Task ApprovalMakesTheImageApprovedByAPersonAndAppendsAnEvent()
    {
        var image = await _db.AddImageAsync();
        var claim = await _db.ClaimAsync(Alice);

        var result = await _db.Workbench.ApproveAsync(claim.TaskId, Alice, new DecisionInput(["suggestive"], "borderline, fine"));

        Assert.True(result.Succeeded);
        var stored = await _db.ImageAsync(image.Id);
        Assert.Equal((ImageStatus.Approved, DecidedBy.Human), (stored.Status, stored.DecidedBy));
        var decision = Assert.Single(await _db.Workbench.HistoryAsync(image.Id));
        Assert.Equal((ReviewDecisionKind.Approve, "alice", ImageStatus.Approved, "borderline, fine"), (decision.Kind, decision.ActorId, decision.Status, decision.Note));
        Assert.Equal(["suggestive"], decision.Labels);
        Assert.Equal(ReviewTaskState.Decided, (await _db.TaskOfAsync(image.Id)).State);
    }

    [Fact]
    public async Task HumanDecisionEnqueuesAnImageDecidedWebhookWithTheHumanStatus()
    {
        var image = await _db.AddImageAsync(callbackUrl: Callback);
        var claim = await _db.ClaimAsync(Alice);

        await _db.Workbench.RejectAsync(claim.TaskId, Alice, new DecisionInput(AddToDisallowList: false));

        var delivery = Assert.Single(await _db.QueryAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.ImageId == image.Id).ToListAsync()));
        Assert.Equal(WebhookEventTypes.Decided, delivery.EventType);
        Assert.Equal(Callback.AbsoluteUri, delivery.TargetUrl);
        Assert.Contains("\"status\":\"rejected\"", delivery.Body, StringComparison.Ordinal);
        Assert.Contains("\"decidedBy\":\"human\"", delivery.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RejectAddsTheImageToTheDefaultListAndRecordsTheEntryOnTheEvent()
    {
        var image = await _db.AddImageAsync();
        var claim = await _db.ClaimAsync(Alice);

        var result = await _db.Workbench.RejectAsync(claim.TaskId, Alice);

        var decision = Assert.Single(await _db.Workbench.HistoryAsync(image.Id));
        var entry = await _db.QueryAsync(db => db.DisallowListEntries.AsNoTracking().SingleAsync(e => e.Id == decision.DisallowEntryId));
        Assert.Equal((image.Sha256, image.Pdq, image.Id, "alice"), (entry.Sha256, entry.Pdq, entry.SourceImageId, entry.AddedBy));
        Assert.Equal(ImageStatus.Rejected, result.ImageStatus);
        var matches = await _db.ListIndex.MatchAsync(image.Sha256, null, 0);
        Assert.Equal(DisallowList.DefaultName, Assert.Single(matches).ListName);
    }

    [Fact]
    public async Task RejectWithTheListUntickedAddsNothingToTheList()
    {
        await _db.AddImageAsync();
        var claim = await _db.ClaimAsync(Alice);

        await _db.Workbench.RejectAsync(claim.TaskId, Alice, new DecisionInput(AddToDisallowList: false));

        Assert.Equal(0, await _db.QueryAsync(db => db.DisallowListEntries.CountAsync()));
    }

    [Fact]
    public async Task RejectOfALowQualityPdqImageListsItBySha256Only()
    {
        var image = await _db.AddImageAsync(pdqQuality: 20);
        var claim = await _db.ClaimAsync(Alice);

        await _db.Workbench.RejectAsync(claim.TaskId, Alice);

        var entry = await _db.QueryAsync(db => db.DisallowListEntries.AsNoTracking().SingleAsync());
        Assert.Equal((image.Sha256, (string?)null), (entry.Sha256, entry.Pdq));
    }

    [Fact]
    public async Task EscalationMovesTheItemToTheEscalationQueueWhereOnlySupervisorsClaimIt()
    {
        var image = await _db.AddImageAsync();
        var claim = await _db.ClaimAsync(Alice);

        Assert.True((await _db.Workbench.EscalateAsync(claim.TaskId, Alice, "not sure: art?")).Succeeded);

        var task = await _db.TaskOfAsync(image.Id);
        Assert.Equal((ReviewQueues.Escalation, ReviewTaskState.Waiting), (task.Queue, task.State));
        Assert.Equal(ImageStatus.InReview, (await _db.ImageAsync(image.Id)).Status);
        Assert.Equal(ClaimOutcome.NotAllowed, (await _db.Workbench.ClaimNextAsync(ReviewQueues.Escalation, Bob)).Outcome);
        Assert.Equal(ClaimOutcome.QueueEmpty, (await _db.Workbench.ClaimNextAsync(Policy.DefaultName, Bob)).Outcome);
        var supervisorClaim = await _db.ClaimAsync(Sam, ReviewQueues.Escalation);
        Assert.True((await _db.Workbench.ApproveAsync(supervisorClaim.TaskId, Sam)).Succeeded);
        Assert.Equal(
            [ReviewDecisionKind.Escalate, ReviewDecisionKind.Approve],
            (await _db.Workbench.HistoryAsync(image.Id)).Select(d => d.Kind));
    }

    [Fact]
    public async Task SkippedItemGoesBackToTheQueueForOthersButNotForWhoSkippedIt()
    {
        await _db.AddImageAsync();
        var claim = await _db.ClaimAsync(Alice);

        Assert.True((await _db.Workbench.SkipAsync(claim.TaskId, Alice)).Succeeded);

        Assert.Equal(ClaimOutcome.QueueEmpty, (await _db.Workbench.ClaimNextAsync(Policy.DefaultName, Alice)).Outcome);
        Assert.Equal(claim.TaskId, (await _db.ClaimAsync(Bob)).TaskId);
    }

    [Fact]
    public async Task UndoWithinTheWindowGivesTheItemBackClaimedAndTakesTheImageOffTheList()
    {
        var image = await _db.AddImageAsync();
        var claim = await _db.ClaimAsync(Alice);
        var rejected = await _db.Workbench.RejectAsync(claim.TaskId, Alice);
        _db.Clock.Advance(TimeSpan.FromSeconds(3));

        var undone = await _db.Workbench.UndoAsync(rejected.DecisionId!.Value, Alice);

        Assert.True(undone.Succeeded);
        var task = await _db.TaskOfAsync(image.Id);
        Assert.Equal((ReviewTaskState.Claimed, "alice"), (task.State, task.LeaseHolder));
        var stored = await _db.ImageAsync(image.Id);
        Assert.Equal((ImageStatus.InReview, (DecidedBy?)null), (stored.Status, stored.DecidedBy));
        Assert.Equal(0, await _db.QueryAsync(db => db.DisallowListEntries.CountAsync()));
        Assert.Empty(await _db.ListIndex.MatchAsync(image.Sha256, null, 0));
        var history = await _db.Workbench.HistoryAsync(image.Id);
        Assert.Equal([ReviewDecisionKind.Reject, ReviewDecisionKind.Undo], history.Select(d => d.Kind));
        Assert.Equal(rejected.DecisionId, history[1].RevertsDecisionId);

        // The item is the undoer's again, to decide afresh.
        Assert.True((await _db.Workbench.ApproveAsync(claim.TaskId, Alice)).Succeeded);
    }

    [Fact]
    public async Task UndoAfterTheWindowOrOfSomeoneElsesDecisionIsRefused()
    {
        var image = await _db.AddImageAsync();
        var claim = await _db.ClaimAsync(Alice);
        var approved = await _db.Workbench.ApproveAsync(claim.TaskId, Alice);

        Assert.Equal(ReviewRefusal.UndoNotPossible, (await _db.Workbench.UndoAsync(approved.DecisionId!.Value, Bob)).Refusal);
        _db.Clock.Advance(_db.Options.UndoWindow + TimeSpan.FromSeconds(1));
        Assert.Equal(ReviewRefusal.UndoNotPossible, (await _db.Workbench.UndoAsync(approved.DecisionId!.Value, Alice)).Refusal);

        Assert.Equal(ImageStatus.Approved, (await _db.ImageAsync(image.Id)).Status);
    }

    [Fact]
    public async Task UndoOfASkipIsRefusedOnceSomeoneElseClaimedTheItem()
    {
        await _db.AddImageAsync();
        var claim = await _db.ClaimAsync(Alice);
        var skipped = await _db.Workbench.SkipAsync(claim.TaskId, Alice);
        await _db.ClaimAsync(Bob);

        Assert.Equal(ReviewRefusal.UndoNotPossible, (await _db.Workbench.UndoAsync(skipped.DecisionId!.Value, Alice)).Refusal);
    }

    [Fact]
    public async Task UndoAfterTheAppWasToldSendsItADecisionChangeBackToInReview()
    {
        var image = await _db.AddImageAsync(callbackUrl: Callback);
        var claim = await _db.ClaimAsync(Alice);
        var approved = await _db.Workbench.ApproveAsync(claim.TaskId, Alice);

        await _db.Workbench.UndoAsync(approved.DecisionId!.Value, Alice);
        await _db.Workbench.RejectAsync(claim.TaskId, Alice, new DecisionInput(AddToDisallowList: false));

        var deliveries = await _db.QueryAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.ImageId == image.Id).OrderBy(d => d.Id).ToListAsync());
        Assert.Equal(
            [(WebhookEventTypes.Decided, "approved"), (WebhookEventTypes.DecisionChanged, "in_review"), (WebhookEventTypes.DecisionChanged, "rejected")],
            deliveries.Select(d => (d.EventType, System.Text.Json.JsonDocument.Parse(d.Body).RootElement.GetProperty("status").GetString()!)));
    }

    [Fact]
    public async Task SupervisorOverturnOfARejectApprovesTheImageRemovesItsListEntryAndTellsTheApp()
    {
        var image = await _db.AddImageAsync(callbackUrl: Callback);
        var claim = await _db.ClaimAsync(Alice);
        await _db.Workbench.RejectAsync(claim.TaskId, Alice);
        Assert.Single(await _db.ListIndex.MatchAsync(image.Sha256, null, 0));

        var overturned = await _db.Workbench.OverturnAsync(image.Id, Sam, ImageStatus.Approved, new DecisionInput(Note: "a statue"));

        Assert.True(overturned.Succeeded);
        var stored = await _db.ImageAsync(image.Id);
        Assert.Equal((ImageStatus.Approved, DecidedBy.Human), (stored.Status, stored.DecidedBy));
        Assert.Equal(0, await _db.QueryAsync(db => db.DisallowListEntries.CountAsync()));
        Assert.Empty(await _db.ListIndex.MatchAsync(image.Sha256, null, 0));
        Assert.Equal(
            [ReviewDecisionKind.Reject, ReviewDecisionKind.Overturn],
            (await _db.Workbench.HistoryAsync(image.Id)).Select(d => d.Kind));
        Assert.Equal(
            [WebhookEventTypes.Decided, WebhookEventTypes.DecisionChanged],
            await _db.QueryAsync(db => db.WebhookDeliveries.Where(d => d.ImageId == image.Id).OrderBy(d => d.Id).Select(d => d.EventType).ToListAsync()));
    }

    [Fact]
    public async Task OverturnIsForSupervisorsAndOnlyOfDecidedImages()
    {
        var image = await _db.AddImageAsync();

        Assert.Equal(ReviewRefusal.NotDecided, (await _db.Workbench.OverturnAsync(image.Id, Sam, ImageStatus.Rejected)).Refusal);
        var claim = await _db.ClaimAsync(Alice);
        await _db.Workbench.ApproveAsync(claim.TaskId, Alice);
        Assert.Equal(ReviewRefusal.NotAllowed, (await _db.Workbench.OverturnAsync(image.Id, Bob, ImageStatus.Rejected)).Refusal);
        Assert.Equal(ReviewRefusal.NotDecided, (await _db.Workbench.OverturnAsync(image.Id, Sam, ImageStatus.Approved)).Refusal);
    }

    [Fact]
    public async Task AuditSampleGoesToTheAuditQueueAndItsDecisionLabelsWithoutChangingTheStatus()
    {
        var image = await _db.AddImageAsync(score: 0.05, outcome: Outcome.Approve, auditSampled: true, callbackUrl: Callback);
        Assert.Equal(ReviewQueues.Audit, (await _db.TaskOfAsync(image.Id)).Queue);
        var claim = await _db.ClaimAsync(Alice, ReviewQueues.Audit);

        Assert.True((await _db.Workbench.RejectAsync(claim.TaskId, Alice, new DecisionInput(["nudity"]))).Succeeded);

        var stored = await _db.ImageAsync(image.Id);
        Assert.Equal((ImageStatus.Approved, DecidedBy.Auto), (stored.Status, stored.DecidedBy));
        var label = Assert.Single(await _db.Workbench.HistoryAsync(image.Id));
        Assert.Equal((ReviewDecisionKind.Reject, (ImageStatus?)null, ReviewQueues.Audit), (label.Kind, label.Status, label.Queue));
        Assert.Equal(0, await _db.QueryAsync(db => db.WebhookDeliveries.CountAsync()));
        Assert.Equal(0, await _db.QueryAsync(db => db.DisallowListEntries.CountAsync()));
    }

    [Fact]
    public async Task AutoDecidedImageWithoutAuditSampleGetsNoTask()
    {
        var image = await _db.AddImageAsync(score: 0.05, outcome: Outcome.Approve);

        Assert.False(await _db.QueryAsync(db => db.ReviewTasks.AnyAsync(t => t.ImageId == image.Id)));
    }

    [Fact]
    public async Task LabelsBeyondTheLimitsAreRefusedAsInvalid()
    {
        await _db.AddImageAsync();
        var claim = await _db.ClaimAsync(Alice);

        var result = await _db.Workbench.ApproveAsync(claim.TaskId, Alice, new DecisionInput([new string('x', 65)]));

        Assert.Equal(ReviewRefusal.Invalid, result.Refusal);
    }

    [Fact]
    public async Task ListenersHearOfClaimsAndDecisionsAfterTheyAreCommitted()
    {
        var heard = new List<ReviewChangeKind>();
        using var subscription = _db.Events.Subscribe(change => heard.Add(change.Kind));
        await _db.AddImageAsync();
        var claim = await _db.ClaimAsync(Alice);

        await _db.Workbench.ApproveAsync(claim.TaskId, Alice);
        subscription.Dispose();
        await _db.Workbench.HistoryAsync(Guid.Empty);

        Assert.Equal([ReviewChangeKind.Claimed, ReviewChangeKind.Decided], heard);
    }

    [Fact]
    public async Task SweepGivesAnInReviewImageWithoutATaskItsTask()
    {
        var image = await _db.AddImageAsync();
        await _db.QueryAsync(db => db.ReviewTasks.ExecuteDeleteAsync());

        var opened = await _db.QueryAsync(db => ReviewIntake.OpenMissingAsync(db, _db.Clock.GetUtcNow(), 100));

        Assert.Equal(1, opened);
        Assert.Equal(Policy.DefaultName, (await _db.TaskOfAsync(image.Id)).Queue);
        Assert.Equal(0, await _db.QueryAsync(db => ReviewIntake.OpenMissingAsync(db, _db.Clock.GetUtcNow(), 100)));
    }
}
