using System.ComponentModel.DataAnnotations;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Tests.Review;

public sealed class ReviewQueueSummariesTests
{
    [Fact]
    public async Task SummaryCountsWaitingAndClaimedPerQueueAndGradesTheOldestWaitAgainstTheSla()
    {
        var options = new ReviewOptions { DefaultSla = TimeSpan.FromHours(4), AtRiskShare = 0.75, QueueSlas = { ["strict"] = TimeSpan.FromMinutes(30) } };
        await using var database = await ReviewDatabase.CreateAsync(options);
        var t0 = database.Clock.GetUtcNow();

        // strict: one claim whose holder vanished (its lease lapses below) ...
        await database.AddImageAsync(score: 0.9, policy: "strict", receivedAt: t0.AddMinutes(-10));
        await database.ClaimAsync(new Reviewer("vanished"), "strict");
        database.Clock.Advance(options.LeaseDuration + TimeSpan.FromMinutes(1));
        var now = database.Clock.GetUtcNow();

        // ... and one waiting 45 minutes: past its 30-minute SLA.
        await database.AddImageAsync(score: 0.5, policy: "strict", receivedAt: now.AddMinutes(-45));

        // default: one decided (not counted), one claimed, three waiting, the oldest for 3 h 10 min (at risk of 4 h).
        await database.AddImageAsync(score: 0.95, receivedAt: now.AddHours(-10));
        var decided = await database.ClaimAsync(new Reviewer("carol"));
        await database.Workbench.ApproveAsync(decided.TaskId, new Reviewer("carol"));
        await database.AddImageAsync(score: 0.9, receivedAt: now.AddMinutes(-5));
        await database.ClaimAsync(new Reviewer("alice"));
        await database.AddImageAsync(score: 0.5, receivedAt: now.AddMinutes(-190));
        await database.AddImageAsync(score: 0.5, receivedAt: now.AddHours(-1));
        await database.AddImageAsync(score: 0.5, receivedAt: now);

        var summaries = (await database.Summaries.GetAsync()).ToDictionary(s => s.Queue);

        Assert.Equal(["audit", "default", "escalation", "strict"], summaries.Keys.Order(StringComparer.Ordinal));
        var main = summaries["default"];
        Assert.Equal((3, 1, SlaState.AtRisk, TimeSpan.FromHours(4)), (main.Waiting, main.Claimed, main.SlaState, main.Sla));
        Assert.InRange(main.OldestWaitingAge!.Value, TimeSpan.FromMinutes(190), TimeSpan.FromMinutes(200));
        var strict = summaries["strict"];
        Assert.Equal((2, 0, SlaState.Breached), (strict.Waiting, strict.Claimed, strict.SlaState));
        Assert.InRange(strict.OldestWaitingAge!.Value, TimeSpan.FromMinutes(45), TimeSpan.FromMinutes(55));
        Assert.Equal(new QueueSummary("audit", 0, 0, null, TimeSpan.FromHours(4), SlaState.Ok), summaries["audit"]);
    }

    [Theory]
    [InlineData(0, SlaState.Ok)]
    [InlineData(44, SlaState.Ok)]
    [InlineData(45, SlaState.AtRisk)]
    [InlineData(60, SlaState.Breached)]
    public void SlaStateIsAtRiskFromThreeQuartersOfTheSlaAndBreachedFromAllOfIt(int minutesWaited, SlaState expected)
    {
        Assert.Equal(expected, ReviewQueueSummaries.SlaStateOf(TimeSpan.FromMinutes(minutesWaited), TimeSpan.FromHours(1), 0.75));
    }

    [Fact]
    public void OptionsRefuseALeaseTooShortToDecideInAndANonPositiveSla()
    {
        var options = new ReviewOptions { LeaseDuration = TimeSpan.FromSeconds(1), QueueSlas = { ["default"] = TimeSpan.Zero } };

        var problems = options.Validate(new ValidationContext(options)).Select(r => r.MemberNames.Single()).ToList();

        Assert.Equal([nameof(ReviewOptions.LeaseDuration), nameof(ReviewOptions.QueueSlas)], problems);
    }
}
