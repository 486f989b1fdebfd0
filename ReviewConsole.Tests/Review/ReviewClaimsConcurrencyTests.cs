using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Tests.Review;

/// <summary>
/// The claim raced by many moderators on one real SQLite file, each call on its own context (like
/// separate requests): nobody ever holds an item someone else holds, and nothing is lost.
/// </summary>
public sealed class ReviewClaimsConcurrencyTests
{
    private const int Moderators = 50;

    [Fact]
    public async Task FiftyModeratorsClaimingThousandsOfItemsNeverShareOneAndDecideEachExactlyOnce()
    {
        await using var database = await ReviewDatabase.CreateAsync();
        var tasks = await AddManyAsync(database, 2000);
        var holders = new ConcurrentDictionary<Guid, string>();
        var overlaps = 0;
        var refusals = 0;
        var releases = 0;

        await Task.WhenAll(Enumerable.Range(0, Moderators).Select(m => Task.Run(async () =>
        {
            var reviewer = new Reviewer($"moderator-{m}");
            var random = new Random(m);
            while (true)
            {
                var result = await database.Workbench.ClaimNextAsync("default", reviewer);
                if (!result.Succeeded)
                {
                    if (!await database.QueryAsync(db => db.ReviewTasks.AnyAsync(t => t.State != ReviewTaskState.Decided)))
                    {
                        return;
                    }

                    // Everything left is held by others, who may still hand some back.
                    await Task.Delay(5);
                    continue;
                }

                var claim = result.Claim!;
                if (!holders.TryAdd(claim.TaskId, reviewer.UserId))
                {
                    Interlocked.Increment(ref overlaps);
                }

                await Task.Yield();

                // Let go in our books before the database does, so a fair next claimer never looks like an overlap.
                holders.TryRemove(KeyValuePair.Create(claim.TaskId, reviewer.UserId));
                if (random.NextDouble() < 0.2)
                {
                    Assert.True(await database.Workbench.ReleaseAsync(claim.TaskId, reviewer));
                    Interlocked.Increment(ref releases);
                    continue;
                }

                var decided = random.NextDouble() < 0.5
                    ? await database.Workbench.ApproveAsync(claim.TaskId, reviewer)
                    : await database.Workbench.RejectAsync(claim.TaskId, reviewer, new DecisionInput(["nudity"], AddToDisallowList: false));
                if (!decided.Succeeded)
                {
                    Interlocked.Increment(ref refusals);
                }
            }
        })));

        Assert.Equal(0, overlaps);
        Assert.Equal(0, refusals);
        Assert.True(releases > 0, "some items went back to the queue and were claimed again");
        var decisions = await database.QueryAsync(db => db.ReviewDecisions.AsNoTracking().Where(d => d.TaskId != null).Select(d => d.TaskId!.Value).ToListAsync());
        Assert.Equal(tasks.Order(), decisions.Order());
        Assert.Equal(2000, await database.QueryAsync(db => db.ReviewTasks.CountAsync(t => t.State == ReviewTaskState.Decided)));
    }

    [Fact]
    public async Task ItemsWhoseLeaseRanOutAreReclaimedByOthersAndTheFormerHoldersCanNoLongerDecide()
    {
        await using var database = await ReviewDatabase.CreateAsync();
        var tasks = await AddManyAsync(database, 200);
        var vanished = new List<(Reviewer Reviewer, ReviewClaim Claim)>();
        for (var i = 0; i < 100; i++)
        {
            var reviewer = new Reviewer($"closed-tab-{i}");
            vanished.Add((reviewer, await database.ClaimAsync(reviewer)));
        }

        database.Clock.Advance(database.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        var decidedBy = new ConcurrentDictionary<Guid, string>();
        await Task.WhenAll(Enumerable.Range(0, 20).Select(m => Task.Run(async () =>
        {
            var reviewer = new Reviewer($"moderator-{m}");
            while ((await database.Workbench.ClaimNextAsync("default", reviewer)).Claim is { } claim)
            {
                Assert.True((await database.Workbench.ApproveAsync(claim.TaskId, reviewer)).Succeeded);
                Assert.True(decidedBy.TryAdd(claim.TaskId, reviewer.UserId));
            }
        })));

        Assert.Equal(tasks.Order(), decidedBy.Keys.Order());
        foreach (var (reviewer, claim) in vanished)
        {
            Assert.Equal(ReviewRefusal.LeaseNotHeld, (await database.Workbench.RejectAsync(claim.TaskId, reviewer)).Refusal);
        }
    }

    private static async Task<List<Guid>> AddManyAsync(ReviewDatabase database, int count)
    {
        var ids = new List<Guid>(count);
        for (var i = 0; i < count; i++)
        {
            var image = await database.AddImageAsync(score: 0.2 + (i % 7) / 10.0);
            ids.Add((await database.TaskOfAsync(image.Id)).Id);
        }

        return ids;
    }
}
