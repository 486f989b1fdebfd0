using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Tests.Review;

namespace ReviewConsole.Tests.Policies;

/// <summary>The what-if's inputs, read from a real SQLite file: recent snapshots, labelled images and histograms.</summary>
public sealed class PolicyTrafficTests : IAsyncLifetime
{
    private ReviewDatabase _database = null!;

    public async Task InitializeAsync() => _database = await ReviewDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task ReadsTheLatestScoredImagesWithinTheWindowUpToTheCap()
    {
        var now = _database.Clock.GetUtcNow();
        await _database.AddImageAsync(score: 0.9, receivedAt: now.AddDays(-40));
        await _database.AddImageAsync(score: 0.1, receivedAt: now.AddMinutes(-3));
        await _database.AddImageAsync(score: 0.2, receivedAt: now.AddMinutes(-2));
        await _database.AddImageAsync(score: 0.3, receivedAt: now.AddMinutes(-1));

        var recent = await UseAsync(traffic => traffic.RecentScoresAsync(now.AddDays(-30)));
        var latestTwo = await UseAsync(traffic => traffic.RecentScoresAsync(now.AddDays(-30), max: 2));

        Assert.Equal([0.1, 0.2, 0.3], recent.Select(s => s[Categories.Nudity]).Order());
        Assert.Equal([0.2, 0.3], latestTwo.Select(s => s[Categories.Nudity]).Order());
    }

    [Fact]
    public async Task CountsScoresIntoEqualBinsInTheDatabase()
    {
        var now = _database.Clock.GetUtcNow();
        foreach (var score in new[] { 0.01, 0.04, 0.51, 1.0 })
        {
            await _database.AddImageAsync(score: score);
        }

        await _database.AddImageAsync(score: 0.5, receivedAt: now.AddDays(-40));

        var histogram = await UseAsync(traffic => traffic.HistogramAsync(Categories.Nudity, now.AddDays(-30), buckets: 20));
        var other = await UseAsync(traffic => traffic.HistogramAsync(Categories.SpamText, now.AddDays(-30), buckets: 20));

        Assert.Equal(20, histogram.Length);
        Assert.Equal((2, 1, 1, 4), (histogram[0], histogram[10], histogram[19], histogram.Sum()));
        Assert.Equal(0, other.Sum());
    }

    [Fact]
    public async Task LabelsImagesByPeoplesDecisionsAndAuditLabels()
    {
        var reviewed = await _database.AddImageAsync(score: 0.6);
        var audited = await _database.AddImageAsync(score: 0.05, outcome: Outcome.Approve, auditSampled: true);
        await _database.AddImageAsync(score: 0.7, policy: "elsewhere");
        var moderator = new Reviewer("moderator-1");
        var claim = await _database.ClaimAsync(moderator);
        Assert.Equal(reviewed.Id, claim.ImageId);
        Assert.True((await _database.Workbench.ApproveAsync(claim.TaskId, moderator)).Succeeded);
        var audit = await _database.ClaimAsync(moderator, ReviewQueues.Audit);
        Assert.Equal(audited.Id, audit.ImageId);
        Assert.True((await _database.Workbench.RejectAsync(audit.TaskId, moderator, new DecisionInput(AddToDisallowList: false))).Succeeded);

        var labelled = await UseAsync(traffic => traffic.LabelledAsync(_database.Clock.GetUtcNow().AddDays(-1)));

        // The third image, still in review in its own queue, has no verdict.
        Assert.Equal([(0.05, false), (0.6, true)], labelled.Select(l => (l.Scores[Categories.Nudity], l.HumanApproved)).Order());
    }

    private async Task<T> UseAsync<T>(Func<PolicyTraffic, Task<T>> read)
    {
        await using ReviewDbContext db = _database.Contexts.CreateDbContext();
        return await read(new PolicyTraffic(db));
    }
}
