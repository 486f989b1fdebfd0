using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Tests.Review;

/// <summary>
/// Claim-next runs under SQLite's write lock, so how SQLite plans it is its cost: it must read the
/// queue's head from the open-tasks index, not walk the queue's decided history and sort.
/// </summary>
public sealed class ReviewClaimsPlanTests
{
    [Fact]
    public async Task ClaimNextReadsTheOpenTasksIndexInPriorityOrderWithoutSortingGivenAQueueWithDecidedHistory()
    {
        await using var database = await ReviewDatabase.CreateAsync();
        for (var i = 0; i < 40; i++)
        {
            await database.AddImageAsync(score: 0.3 + (i % 5) * 0.1);
        }

        var moderator = new Reviewer("alice");
        for (var i = 0; i < 30; i++)
        {
            var claim = await database.ClaimAsync(moderator);
            Assert.True((await database.Workbench.ApproveAsync(claim.TaskId, moderator)).Succeeded);
        }

        var plan = await database.QueryAsync(async db =>
        {
            await using var command = ReviewClaims.NextCandidate(db, "default", moderator.UserId, database.Clock.GetUtcNow()).CreateDbCommand();
            command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
            await db.Database.OpenConnectionAsync();
            await using var reader = await command.ExecuteReaderAsync();
            var details = new List<string>();
            while (await reader.ReadAsync())
            {
                details.Add(reader.GetString(3));
            }

            return string.Join(" | ", details);
        });

        Assert.Contains("USING INDEX IX_ReviewTasks_OpenByPriority (Queue=?)", plan, StringComparison.Ordinal);
        Assert.DoesNotContain("TEMP B-TREE", plan, StringComparison.Ordinal);
    }
}
