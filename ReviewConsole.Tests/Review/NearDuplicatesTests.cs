using Microsoft.Extensions.Options;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Tests.Review;

public sealed class NearDuplicatesTests : IAsyncLifetime
{
    internal const string Base = "1049d96239e24d4dca2c55512b8bdb77425f4dbcf575a0a95555aaab5554aaaa";

    private static readonly Reviewer Alice = new("alice");

    private ReviewDatabase _db = default!;

    public async Task InitializeAsync() => _db = await ReviewDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    /// <summary><paramref name="hex"/> with its first <paramref name="bits"/> bits flipped: a hash exactly that far away.</summary>
    internal static string Flip(string hex, int bits)
    {
        var bytes = Convert.FromHexString(hex);
        for (var i = 0; i < bits; i++)
        {
            bytes[i / 8] ^= (byte)(1 << (i % 8));
        }

        return Convert.ToHexStringLower(bytes);
    }

    [Fact]
    public async Task FindsDecidedImagesWithinThirtyOneBitsClosestFirstButNotFartherOrUndecided()
    {
        var item = await _db.AddImageAsync(pdq: Base);
        var close = await _db.AddImageAsync(pdq: Flip(Base, 3), outcome: Outcome.Reject);
        var edge = await _db.AddImageAsync(pdq: Flip(Base, 31), outcome: Outcome.Approve);
        await _db.AddImageAsync(pdq: Flip(Base, 32), outcome: Outcome.Reject);
        await _db.AddImageAsync(pdq: Flip(Base, 2));

        var found = await _db.NearDuplicates.DecidedNearAsync(item.Id);

        Assert.Equal([(close.Id, 3, ImageStatus.Rejected), (edge.Id, 31, ImageStatus.Approved)], found.Select(f => (f.ImageId, f.Distance, f.Status)));
    }

    [Fact]
    public async Task AHumanDecisionShowsAtOnceBecauseStatusesAreReadFromTheDatabase()
    {
        var item = await _db.AddImageAsync(pdq: Base, score: 0.4);
        var other = await _db.AddImageAsync(pdq: Flip(Base, 5), score: 0.9);
        Assert.Empty(await _db.NearDuplicates.DecidedNearAsync(item.Id));

        var claim = await _db.ClaimAsync(Alice);
        Assert.Equal(other.Id, claim.ImageId);
        Assert.True((await _db.Workbench.RejectAsync(claim.TaskId, Alice, new DecisionInput(AddToDisallowList: false))).Succeeded);

        var found = Assert.Single(await _db.NearDuplicates.DecidedNearAsync(item.Id));
        Assert.Equal((other.Id, ImageStatus.Rejected, DecidedBy.Human), (found.ImageId, found.Status, found.DecidedBy));
    }

    [Fact]
    public async Task IgnoresHashesBelowQualityFifty()
    {
        var item = await _db.AddImageAsync(pdq: Base);
        await _db.AddImageAsync(pdq: Flip(Base, 1), outcome: Outcome.Reject, pdqQuality: 49);
        await _db.AddImageAsync(pdq: Flip(Base, 1), pdqQuality: 10);

        Assert.Empty(await _db.NearDuplicates.DecidedNearAsync(item.Id));
        Assert.Empty(await _db.NearDuplicates.WaitingNearAsync(item.Id, Policy.DefaultName));
    }

    [Fact]
    public async Task GroupsClaimableReviewItemsOfTheSameQueueOnly()
    {
        var item = await _db.AddImageAsync(pdq: Base);
        var sibling = await _db.AddImageAsync(pdq: Flip(Base, 8));
        await _db.AddImageAsync(pdq: Flip(Base, 8), policy: "other-queue");
        await _db.AddImageAsync(pdq: Flip(Base, 8), outcome: Outcome.Approve, auditSampled: true);
        await _db.AddImageAsync(pdq: Flip(Base, 40));
        var heldByBob = await _db.AddImageAsync(pdq: Flip(Base, 4), score: 0.95);
        Assert.Equal(heldByBob.Id, (await _db.ClaimAsync(new Reviewer("bob"))).ImageId);

        var group = await _db.NearDuplicates.WaitingNearAsync(item.Id, Policy.DefaultName);

        Assert.Equal([sibling.Id], group.Select(g => g.ImageId));
    }

    [Fact]
    public async Task LoadsHashesAlreadyInTheDatabaseAndAddsThoseScoredAfterwards()
    {
        var item = await _db.AddImageAsync(pdq: Base);
        var before = await _db.AddImageAsync(pdq: Flip(Base, 6), outcome: Outcome.Reject);
        var fresh = new NearDuplicates(_db.Contexts, Options.Create(new NearDuplicateOptions()), _db.Clock);

        Assert.Equal([before.Id], (await fresh.DecidedNearAsync(item.Id)).Select(f => f.ImageId));

        var after = await _db.AddImageAsync(pdq: Flip(Base, 7), outcome: Outcome.Approve);
        Assert.Single(await fresh.DecidedNearAsync(item.Id));
        fresh.Scored(after);
        Assert.Equal([before.Id, after.Id], (await fresh.DecidedNearAsync(item.Id)).Select(f => f.ImageId));
    }
}
