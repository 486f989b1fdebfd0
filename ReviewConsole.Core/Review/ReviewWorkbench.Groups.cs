using Microsoft.EntityFrameworkCore;

namespace ReviewConsole.Core.Review;

public sealed partial class ReviewWorkbench
{
    /// <summary>
    /// Applies one approve or reject to a group of near-duplicate items of one queue (issue 5). The
    /// first task is the one the reviewer holds; each other member is claimed by the same conditional
    /// UPDATE as claim-next and then decided on its own, with its own <see cref="ReviewDecision"/>,
    /// webhook and disallow-list entry. Members someone else holds (or that were decided or moved
    /// meanwhile) are skipped and reported, never taken over.
    /// </summary>
    /// <param name="taskIds">The held item first, then the members the reviewer saw in its group.</param>
    /// <param name="reviewer">Who decides.</param>
    /// <param name="kind">Approve or reject.</param>
    /// <param name="input">Labels, note and the disallow-list tick, the same for every member.</param>
    /// <param name="cancellationToken">Cancels between members; those decided stay decided.</param>
    public async Task<GroupDecisionResult> DecideGroupAsync(
        IReadOnlyList<Guid> taskIds,
        Reviewer reviewer,
        ReviewDecisionKind kind,
        DecisionInput? input = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(taskIds);
        ArgumentNullException.ThrowIfNull(reviewer);
        if (kind is not (ReviewDecisionKind.Approve or ReviewDecisionKind.Reject))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "A group is approved or rejected.");
        }

        input ??= new DecisionInput();
        if (taskIds.Count == 0)
        {
            return new GroupDecisionResult([]);
        }

        string queue;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var lead = await db.ReviewTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskIds[0], cancellationToken);
            if (lead is null || !lead.IsHeldBy(reviewer.UserId, clock.GetUtcNow()))
            {
                var refusal = lead is null
                    ? ReviewResult.Refused(ReviewRefusal.NotFound, $"No review task {taskIds[0]}.")
                    : LeaseNotHeld(taskIds[0]);
                return new GroupDecisionResult([new GroupMemberResult(taskIds[0], refusal)]);
            }

            queue = lead.Queue;
        }

        var results = new List<GroupMemberResult>(taskIds.Count);
        foreach (var taskId in taskIds.Distinct())
        {
            if (results.Count > 0 && !await ClaimMemberAsync(taskId, queue, reviewer, cancellationToken))
            {
                results.Add(new GroupMemberResult(taskId, ReviewResult.Refused(
                    ReviewRefusal.LeaseNotHeld, $"Review task {taskId} is held by someone else, decided, or no longer in {queue}; skipped.")));
                continue;
            }

            results.Add(new GroupMemberResult(taskId, await DecideAsync(taskId, reviewer, kind, input, cancellationToken)));
        }

        return new GroupDecisionResult(results);
    }

    /// <summary>Takes a member's lease for a group decision; the reviewer's own live lease on it counts as taken.</summary>
    private async Task<bool> ClaimMemberAsync(Guid taskId, string queue, Reviewer reviewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        if (await db.ReviewTasks.AnyAsync(t => t.Id == taskId && t.Queue == queue && t.State == ReviewTaskState.Claimed && t.LeaseHolder == reviewer.UserId && t.LeaseExpiresAt > now, cancellationToken))
        {
            return true;
        }

        if (!await ReviewClaims.ClaimAsync(db, taskId, queue, reviewer.UserId, now, now + Options.LeaseDuration, cancellationToken))
        {
            return false;
        }

        var imageId = await db.ReviewTasks.Where(t => t.Id == taskId).Select(t => t.ImageId).SingleAsync(cancellationToken);
        events.Raise(new ReviewChange(ReviewChangeKind.Claimed, queue, taskId, imageId, reviewer.UserId, now));
        return true;
    }

    /// <summary>
    /// The image claim-next would serve the reviewer after <paramref name="currentTaskId"/>, without
    /// claiming it, so the workbench can preload its picture while the current item is decided. Someone
    /// else may claim it first; then the preload was merely wasted.
    /// </summary>
    public async Task<Guid?> PeekNextImageAsync(string queue, Reviewer reviewer, Guid? currentTaskId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        ArgumentNullException.ThrowIfNull(reviewer);
        if (queue == ReviewQueues.Escalation && !reviewer.IsSupervisor)
        {
            return null;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await ReviewClaims.PeekNextImageAsync(db, queue, reviewer.UserId, currentTaskId, clock.GetUtcNow(), cancellationToken);
    }
}

/// <summary>What became of each member of a group decision, in the order given.</summary>
/// <param name="Members">One result per distinct task.</param>
public sealed record GroupDecisionResult(IReadOnlyList<GroupMemberResult> Members)
{
    /// <summary>How many members were decided.</summary>
    public int Decided => Members.Count(m => m.Result.Succeeded);

    /// <summary>Members not decided (held by someone else, gone, or refused), with why.</summary>
    public IReadOnlyList<GroupMemberResult> Skipped => [.. Members.Where(m => !m.Result.Succeeded)];
}

/// <summary>One member of a group decision and its result.</summary>
/// <param name="TaskId">The member's task.</param>
/// <param name="Result">Its decision, or why it was skipped.</param>
public sealed record GroupMemberResult(Guid TaskId, ReviewResult Result);
