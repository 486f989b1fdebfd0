using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Review;
using static ReviewConsole.Tests.Review.NearDuplicatesTests;

namespace ReviewConsole.Tests.Review;

public sealed class GroupDecisionTests : IAsyncLifetime
{
    private static readonly Reviewer Alice = new("alice");
    private static readonly Reviewer Bob = new("bob");

    private ReviewDatabase _db = default!;

    public async Task InitializeAsync() => _db = await ReviewDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task RejectingAGroupDecidesEveryMemberWithItsOwnEventWebhookAndListEntry()
    {
        var lead = await _db.AddImageAsync(pdq: Base, score: 0.9, callbackUrl: new Uri("http://127.0.0.1:9/hooks"));
        var second = await _db.AddImageAsync(pdq: Flip(Base, 4), callbackUrl: new Uri("http://127.0.0.1:9/hooks"));
        var third = await _db.AddImageAsync(pdq: Flip(Base, 9), callbackUrl: new Uri("http://127.0.0.1:9/hooks"));
        var claim = await _db.ClaimAsync(Alice);
        Assert.Equal(lead.Id, claim.ImageId);
        var group = await _db.NearDuplicates.WaitingNearAsync(lead.Id, claim.Queue);
        Assert.Equal([second.Id, third.Id], group.Select(g => g.ImageId));

        var result = await _db.Workbench.DecideGroupAsync([claim.TaskId, .. group.Select(g => g.TaskId)], Alice, ReviewDecisionKind.Reject, new DecisionInput(["nudity"], "same series"));

        Assert.Equal(3, result.Decided);
        Assert.Empty(result.Skipped);
        foreach (var image in new[] { lead, second, third })
        {
            var stored = await _db.ImageAsync(image.Id);
            Assert.Equal((ImageStatus.Rejected, DecidedBy.Human), (stored.Status, stored.DecidedBy));
            var decision = Assert.Single(await _db.Workbench.HistoryAsync(image.Id));
            Assert.Equal((ReviewDecisionKind.Reject, "alice", "same series"), (decision.Kind, decision.ActorId, decision.Note));
            Assert.NotNull(decision.DisallowEntryId);
        }

        Assert.Equal(3, await _db.QueryAsync(db => db.WebhookDeliveries.CountAsync()));
        Assert.Equal(3, await _db.QueryAsync(db => db.DisallowListEntries.CountAsync(e => db.DisallowLists.Any(l => l.Id == e.ListId && l.Name == DisallowList.DefaultName))));
    }

    [Fact]
    public async Task MembersHeldBySomeoneElseAreSkippedAndReportedNotTakenOver()
    {
        var lead = await _db.AddImageAsync(pdq: Base, score: 0.9);
        var taken = await _db.AddImageAsync(pdq: Flip(Base, 4), score: 0.8);
        var free = await _db.AddImageAsync(pdq: Flip(Base, 6), score: 0.5);
        var claim = await _db.ClaimAsync(Alice);
        var group = await _db.NearDuplicates.WaitingNearAsync(lead.Id, claim.Queue);
        var bobs = await _db.ClaimAsync(Bob);
        Assert.Equal(taken.Id, bobs.ImageId);

        var result = await _db.Workbench.DecideGroupAsync([claim.TaskId, .. group.Select(g => g.TaskId)], Alice, ReviewDecisionKind.Approve);

        Assert.Equal(2, result.Decided);
        var skipped = Assert.Single(result.Skipped);
        Assert.Equal((bobs.TaskId, ReviewRefusal.LeaseNotHeld), (skipped.TaskId, skipped.Result.Refusal));
        Assert.Equal(ImageStatus.InReview, (await _db.ImageAsync(taken.Id)).Status);
        Assert.Equal("bob", (await _db.TaskOfAsync(taken.Id)).LeaseHolder);
        Assert.Equal(ImageStatus.Approved, (await _db.ImageAsync(free.Id)).Status);
        Assert.True((await _db.Workbench.ApproveAsync(bobs.TaskId, Bob)).Succeeded);
    }

    [Fact]
    public async Task NothingIsDecidedWhenTheReviewerDoesNotHoldTheLeadItem()
    {
        var lead = await _db.AddImageAsync(pdq: Base, score: 0.9);
        var member = await _db.AddImageAsync(pdq: Flip(Base, 4));
        var leadTask = await _db.TaskOfAsync(lead.Id);
        var memberTask = await _db.TaskOfAsync(member.Id);

        var result = await _db.Workbench.DecideGroupAsync([leadTask.Id, memberTask.Id], Alice, ReviewDecisionKind.Reject);

        Assert.Equal(0, result.Decided);
        Assert.Equal(ReviewRefusal.LeaseNotHeld, Assert.Single(result.Members).Result.Refusal);
        Assert.Equal(ReviewTaskState.Waiting, (await _db.TaskOfAsync(member.Id)).State);
    }

    [Fact]
    public async Task MembersOfAnotherQueueAreSkipped()
    {
        var lead = await _db.AddImageAsync(pdq: Base, score: 0.9);
        var elsewhere = await _db.AddImageAsync(pdq: Flip(Base, 2), policy: "other");
        var claim = await _db.ClaimAsync(Alice);
        var elsewhereTask = await _db.TaskOfAsync(elsewhere.Id);

        var result = await _db.Workbench.DecideGroupAsync([claim.TaskId, elsewhereTask.Id], Alice, ReviewDecisionKind.Approve);

        Assert.Equal(1, result.Decided);
        Assert.Equal(elsewhereTask.Id, Assert.Single(result.Skipped).TaskId);
        Assert.Equal(ImageStatus.InReview, (await _db.ImageAsync(elsewhere.Id)).Status);
        Assert.Equal(ImageStatus.Approved, (await _db.ImageAsync(lead.Id)).Status);
    }

    [Fact]
    public async Task PeekShowsTheNextItemWithoutClaimingIt()
    {
        var first = await _db.AddImageAsync(score: 0.9);
        var second = await _db.AddImageAsync(score: 0.5);
        var claim = await _db.ClaimAsync(Alice);
        Assert.Equal(first.Id, claim.ImageId);

        var next = await _db.Workbench.PeekNextImageAsync(claim.Queue, Alice, claim.TaskId);

        Assert.Equal(second.Id, next);
        Assert.Equal(ReviewTaskState.Waiting, (await _db.TaskOfAsync(second.Id)).State);
        Assert.Equal(second.Id, (await _db.ClaimAsync(Bob)).ImageId);
    }
}
