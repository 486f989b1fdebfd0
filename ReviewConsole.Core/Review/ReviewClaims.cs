using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Review;

/// <summary>
/// The lease operations, each one conditional UPDATE that changes a row only if the condition the
/// caller relies on still holds when the row is written.
/// </summary>
/// <remarks>
/// Claim-next is <c>UPDATE ReviewTasks SET (lease) WHERE Id IN (SELECT TOP 1 Id ... claimable ...
/// ORDER BY priority) AND (claimable)</c>, one statement. Why two claimers never get the same row:
/// <list type="bullet">
/// <item>SQLite has one writer at a time. A writing statement takes the write lock before it reads,
/// so the subquery and the update see the same, latest state; the second claimer's statement runs
/// after the first committed and its subquery already skips the claimed row.</item>
/// <item>SQL Server may run both subqueries at once (read committed releases shared locks) and pick
/// the same id. The update then takes that row's update lock, so the second waits for the first to
/// commit and evaluates the outer WHERE on the committed row, which is no longer claimable: it
/// changes 0 rows. That repeated condition is what makes the claim atomic.</item>
/// </list>
/// Losing is therefore "0 rows changed", never an exception: the loser tries again, and the next
/// round's subquery skips the row it lost.
/// </remarks>
internal static class ReviewClaims
{
    /// <summary>Rounds lost in a row before claim-next gives up; under real contention a round is rarely lost twice.</summary>
    private const int MaxRounds = 8;

    /// <summary>Claims the highest-priority claimable task of <paramref name="queue"/> for <paramref name="userId"/>, or returns null when none is left.</summary>
    public static async Task<ReviewTask?> ClaimNextAsync(ReviewDbContext db, string queue, string userId, DateTimeOffset now, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken)
    {
        var claimable = ReviewTask.ClaimableAt(now);
        var offered = Offered(db, queue, userId, now);
        for (var round = 0; round < MaxRounds; round++)
        {
            var leaseId = Guid.NewGuid();
            var next = NextOf(offered);
            var changed = await db.ReviewTasks
                .Where(t => next.Contains(t.Id))
                .Where(claimable)
                .ExecuteUpdateAsync(
                    setters => setters
                        .SetProperty(t => t.State, ReviewTaskState.Claimed)
                        .SetProperty(t => t.LeaseHolder, userId)
                        .SetProperty(t => t.LeaseExpiresAt, leaseExpiresAt)
                        .SetProperty(t => t.LeaseId, leaseId)
                        .SetProperty(t => t.ClaimedAt, now),
                    cancellationToken);
            if (changed == 1)
            {
                return await db.ReviewTasks.AsNoTracking().SingleAsync(t => t.LeaseId == leaseId, cancellationToken);
            }

            if (!await offered.AnyAsync(cancellationToken))
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>The id claim-next would take now for <paramref name="userId"/>: the head of the queue in priority order.</summary>
    internal static IQueryable<Guid> NextCandidate(ReviewDbContext db, string queue, string userId, DateTimeOffset now) =>
        NextOf(Offered(db, queue, userId, now));

    private static IQueryable<ReviewTask> Offered(ReviewDbContext db, string queue, string userId, DateTimeOffset now) =>
        // "Not decided" is implied by claimable, but stated for SQLite's planner: it is the filter of the
        // partial index that serves this query in priority order (IX_ReviewTasks_OpenByPriority).
        db.ReviewTasks
            .Where(t => t.Queue == queue && t.State != ReviewTaskState.Decided)
            .Where(ReviewTask.ClaimableAt(now))
            .Where(t => !(t.SkippedBy == userId && t.SkippedUntil > now))
            .Where(t => t.ExcludedUserId == null || t.ExcludedUserId != userId);

    private static IQueryable<Guid> NextOf(IQueryable<ReviewTask> offered) =>
        offered
            .OrderByDescending(t => t.PriorityBand)
            .ThenBy(t => t.ReceivedAt)
            .ThenBy(t => t.Id)
            .Select(t => t.Id)
            .Take(1);

    /// <summary>
    /// Claims one named task of <paramref name="queue"/> for <paramref name="userId"/> if anyone may claim it
    /// now: the same conditional UPDATE as claim-next, for a group decision's members. False when
    /// someone else holds it, it was decided, or it moved to another queue.
    /// </summary>
    public static async Task<bool> ClaimAsync(ReviewDbContext db, Guid taskId, string queue, string userId, DateTimeOffset now, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken)
    {
        var leaseId = Guid.NewGuid();
        return await db.ReviewTasks
            .Where(t => t.Id == taskId && t.Queue == queue)
            .Where(ReviewTask.ClaimableAt(now))
            .ExecuteUpdateAsync(
                setters => setters
                    .SetProperty(t => t.State, ReviewTaskState.Claimed)
                    .SetProperty(t => t.LeaseHolder, userId)
                    .SetProperty(t => t.LeaseExpiresAt, leaseExpiresAt)
                    .SetProperty(t => t.LeaseId, leaseId),
                cancellationToken) == 1;
    }

    /// <summary>The image of the task claim-next would serve <paramref name="userId"/> after <paramref name="exceptTaskId"/>, without claiming it: for preloading.</summary>
    public static Task<Guid?> PeekNextImageAsync(ReviewDbContext db, string queue, string userId, Guid? exceptTaskId, DateTimeOffset now, CancellationToken cancellationToken) =>
        Offered(db, queue, userId, now).AsNoTracking()
            .Where(t => t.Id != exceptTaskId)
            .OrderByDescending(t => t.PriorityBand)
            .ThenBy(t => t.ReceivedAt)
            .ThenBy(t => t.Id)
            .Select(t => (Guid?)t.ImageId)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>The caller's own live claim in <paramref name="queue"/>, if any: a reloaded workbench gets its item back.</summary>
    public static Task<ReviewTask?> HeldAsync(ReviewDbContext db, string queue, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.ReviewTasks.AsNoTracking()
            .Where(t => t.Queue == queue && t.State == ReviewTaskState.Claimed && t.LeaseHolder == userId && t.LeaseExpiresAt > now)
            .OrderBy(t => t.LeaseExpiresAt)
            .FirstOrDefaultAsync(cancellationToken);

    /// <summary>Extends a lease the caller still holds; false when it lapsed or was taken over.</summary>
    public static async Task<bool> RenewAsync(ReviewDbContext db, Guid taskId, string userId, DateTimeOffset now, DateTimeOffset leaseExpiresAt, CancellationToken cancellationToken) =>
        await db.ReviewTasks
            .Where(t => t.Id == taskId && t.State == ReviewTaskState.Claimed && t.LeaseHolder == userId && t.LeaseExpiresAt > now)
            .ExecuteUpdateAsync(setters => setters.SetProperty(t => t.LeaseExpiresAt, leaseExpiresAt), cancellationToken) == 1;

    /// <summary>Hands a task the caller holds back to its queue at once, without recording anything.</summary>
    public static async Task<bool> ReleaseAsync(ReviewDbContext db, Guid taskId, string userId, DateTimeOffset now, CancellationToken cancellationToken) =>
        await db.ReviewTasks
            .Where(t => t.Id == taskId && t.State == ReviewTaskState.Claimed && t.LeaseHolder == userId && t.LeaseExpiresAt > now)
            .ExecuteUpdateAsync(
                setters => setters
                    .SetProperty(t => t.State, ReviewTaskState.Waiting)
                    .SetProperty(t => t.LeaseHolder, (string?)null)
                    .SetProperty(t => t.LeaseExpiresAt, (DateTimeOffset?)null)
                    .SetProperty(t => t.LeaseId, (Guid?)null),
                cancellationToken) == 1;
}
