using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Notifications;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Review;

/// <summary>
/// What a moderator (and a supervisor) does with review tasks: claim the next one, keep or hand back
/// the lease, decide, skip, escalate, undo, overturn. Each call is its own unit of work on a fresh
/// context, so it is safe from Blazor circuits. Expected refusals come back as results.
/// </summary>
public sealed partial class ReviewWorkbench(
    IDbContextFactory<ReviewDbContext> dbFactory,
    DisallowListIndex listIndex,
    WebhookOutbox outbox,
    ReviewEvents events,
    IOptions<ReviewOptions> options,
    TimeProvider clock,
    ILogger<ReviewWorkbench> logger)
{
    private ReviewOptions Options => options.Value;

    /// <summary>
    /// Claims the highest-priority waiting item of <paramref name="queue"/> (strongest score band first,
    /// then oldest) under a lease of <see cref="ReviewOptions.LeaseDuration"/>. If the reviewer already
    /// holds a live claim there, that one comes back instead. Items the reviewer skipped recently are
    /// not offered. An empty queue is <see cref="ClaimOutcome.QueueEmpty"/>.
    /// </summary>
    public async Task<ClaimResult> ClaimNextAsync(string queue, Reviewer reviewer, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(queue);
        ArgumentNullException.ThrowIfNull(reviewer);
        if (queue == ReviewQueues.Escalation && !reviewer.IsSupervisor)
        {
            return ClaimResult.NotAllowed;
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var held = await ReviewClaims.HeldAsync(db, queue, reviewer.UserId, now, cancellationToken);
        if (held is not null)
        {
            return new ClaimResult(ClaimOutcome.Claimed, ReviewClaim.Of(held));
        }

        var task = await ServeGoldAsync(db, queue, reviewer.UserId, now, cancellationToken)
            ?? await ReviewClaims.ClaimNextAsync(db, queue, reviewer.UserId, now, now + Options.LeaseDuration, cancellationToken);
        if (task is null)
        {
            return ClaimResult.Empty;
        }

        events.Raise(new ReviewChange(ReviewChangeKind.Claimed, task.Queue, task.Id, task.ImageId, reviewer.UserId, now));
        return new ClaimResult(ClaimOutcome.Claimed, ReviewClaim.Of(task));
    }

    /// <summary>
    /// With chance <see cref="ReviewOptions.GoldRate"/>, a gold item the reviewer has not answered, served
    /// claimed in <paramref name="queue"/> like any other item. A random draw (not per image): which claim
    /// gets gold must not be predictable from the items. Never in the escalation queue.
    /// </summary>
    private async Task<ReviewTask?> ServeGoldAsync(ReviewDbContext db, string queue, string userId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (queue == ReviewQueues.Escalation || Options.GoldRate <= 0 || Random.Shared.NextDouble() >= Options.GoldRate)
        {
            return null;
        }

        var task = await GoldItems.ServeAsync(db, queue, userId, Guid.NewGuid(), now + Options.LeaseDuration, now, cancellationToken);
        if (task is null)
        {
            return null;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return task;
        }
        catch (DbUpdateException)
        {
            // The same reviewer claiming twice at once was served the same item: the other claim has it.
            db.ChangeTracker.Clear();
            return null;
        }
    }

    /// <summary>Extends the reviewer's lease by <see cref="ReviewOptions.LeaseDuration"/> from now; null when it is no longer theirs.</summary>
    public async Task<DateTimeOffset?> RenewAsync(Guid taskId, Reviewer reviewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var expires = now + Options.LeaseDuration;
        return await ReviewClaims.RenewAsync(db, taskId, reviewer.UserId, now, expires, cancellationToken) ? expires : null;
    }

    /// <summary>Hands a held item back to its queue without a decision (the workbench closed); false when it was not held.</summary>
    public async Task<bool> ReleaseAsync(Guid taskId, Reviewer reviewer, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var task = await db.ReviewTasks.AsNoTracking().FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null || !await ReviewClaims.ReleaseAsync(db, taskId, reviewer.UserId, now, cancellationToken))
        {
            return false;
        }

        events.Raise(new ReviewChange(ReviewChangeKind.Released, task.Queue, task.Id, task.ImageId, reviewer.UserId, now));
        return true;
    }

    /// <summary>Approves a held item: the image is approved by a person and the app is told (<c>image.decided</c>).</summary>
    public Task<ReviewResult> ApproveAsync(Guid taskId, Reviewer reviewer, DecisionInput? input = null, CancellationToken cancellationToken = default) =>
        DecideAsync(taskId, reviewer, ReviewDecisionKind.Approve, input ?? new DecisionInput(), cancellationToken);

    /// <summary>
    /// Rejects a held item: the image is rejected by a person, the app is told, and unless
    /// <see cref="DecisionInput.AddToDisallowList"/> is false the image (SHA-256, and PDQ when its
    /// quality allows) goes on the default disallow list, so re-uploads are rejected automatically.
    /// </summary>
    public Task<ReviewResult> RejectAsync(Guid taskId, Reviewer reviewer, DecisionInput? input = null, CancellationToken cancellationToken = default) =>
        DecideAsync(taskId, reviewer, ReviewDecisionKind.Reject, input ?? new DecisionInput(), cancellationToken);

    /// <summary>Hands a held item back to its queue; the reviewer is not offered it again for <see cref="ReviewOptions.SkipExclusion"/>.</summary>
    public Task<ReviewResult> SkipAsync(Guid taskId, Reviewer reviewer, string? note = null, CancellationToken cancellationToken = default) =>
        DecideAsync(taskId, reviewer, ReviewDecisionKind.Skip, new DecisionInput(Note: note, AddToDisallowList: false), cancellationToken);

    /// <summary>Moves a held item to the supervisors' <see cref="ReviewQueues.Escalation"/> queue; the image stays in review.</summary>
    public Task<ReviewResult> EscalateAsync(Guid taskId, Reviewer reviewer, string? note = null, CancellationToken cancellationToken = default) =>
        DecideAsync(taskId, reviewer, ReviewDecisionKind.Escalate, new DecisionInput(Note: note, AddToDisallowList: false), cancellationToken);

    private async Task<ReviewResult> DecideAsync(Guid taskId, Reviewer reviewer, ReviewDecisionKind kind, DecisionInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        if (ReviewDecision.Problem(input.Labels, input.Note) is { } problem)
        {
            return ReviewResult.Refused(ReviewRefusal.Invalid, problem);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var task = await db.ReviewTasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken);
        if (task is null)
        {
            return ReviewResult.Refused(ReviewRefusal.NotFound, $"No review task {taskId}.");
        }

        if (!task.IsHeldBy(reviewer.UserId, now))
        {
            return LeaseNotHeld(taskId);
        }

        var image = await db.Images.Include(i => i.Scores).SingleAsync(i => i.Id == task.ImageId, cancellationToken);
        var queue = task.Queue;
        ImageStatus? status = null;
        DisallowListEntry? entry = null;
        var change = ReviewChangeKind.Decided;
        switch (kind)
        {
            case ReviewDecisionKind.Skip:
                task.Skip(reviewer.UserId, now + Options.SkipExclusion);
                change = ReviewChangeKind.Released;
                break;
            case ReviewDecisionKind.Escalate:
                task.Escalate(now);
                change = ReviewChangeKind.Escalated;
                break;
            default:
                task.Decide(reviewer.UserId, kind == ReviewDecisionKind.Approve ? ImageStatus.Approved : ImageStatus.Rejected, now);
                break;
        }

        var setsStatus = kind is ReviewDecisionKind.Approve or ReviewDecisionKind.Reject && task.Kind == ReviewTaskKind.Review;
        if (setsStatus)
        {
            await OpenDoubleReviewIfSampledAsync(db, image, reviewer.UserId, now, cancellationToken);
        }

        return await CommitAsync(db, async lists =>
        {
            // Audit, double-review and gold answers are labels that measure (the AI, agreement, accuracy):
            // the image's status stands, nothing goes on a list and the app hears nothing.
            if (setsStatus)
            {
                status = kind == ReviewDecisionKind.Approve ? ImageStatus.Approved : ImageStatus.Rejected;
                image.DecideByHuman(status.Value, now);
                await NotifyAsync(db, image, cancellationToken);
                if (status == ImageStatus.Rejected && input.AddToDisallowList)
                {
                    entry = await AddToDefaultListAsync(lists, image, reviewer, input.Note, cancellationToken);
                }
            }

            return ReviewDecision.Create(
                image.Id, task.Id, reviewer.UserId, kind, queue, status, input.Labels, input.Note,
                setsStatus && kind == ReviewDecisionKind.Reject && input.AddToDisallowList, entry?.Id, null, now, task);
        },
        decision => new ReviewChange(change, queue, task.Id, image.Id, reviewer.UserId, now),
        image,
        cancellationToken) ?? LeaseNotHeld(taskId);
    }

    /// <summary>
    /// Undoes the reviewer's own latest event on a task within <see cref="ReviewOptions.UndoWindow"/>:
    /// the task is theirs again (claimed, fresh lease, in the queue it was decided in), the image is back
    /// in review (the app is told if it heard of the decision), a disallow entry the decision added is
    /// removed, and an undo event is appended.
    /// </summary>
    public async Task<ReviewResult> UndoAsync(long decisionId, Reviewer reviewer, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reviewer);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var decision = await db.ReviewDecisions.AsNoTracking().FirstOrDefaultAsync(d => d.Id == decisionId, cancellationToken);
        if (decision?.TaskId is not { } taskId)
        {
            return ReviewResult.Refused(ReviewRefusal.NotFound, $"No decision {decisionId} on a task.");
        }

        if (decision.ActorId != reviewer.UserId || decision.Kind is ReviewDecisionKind.Undo or ReviewDecisionKind.Overturn)
        {
            return ReviewResult.Refused(ReviewRefusal.UndoNotPossible, "Only your own approve, reject, skip or escalate can be undone.");
        }

        if (now - decision.CreatedAt > Options.UndoWindow)
        {
            return ReviewResult.Refused(ReviewRefusal.UndoNotPossible, $"The undo window of {Options.UndoWindow.TotalSeconds:0.#} s has closed.");
        }

        var latest = await db.ReviewDecisions.Where(d => d.TaskId == taskId).MaxAsync(d => d.Id, cancellationToken);
        var task = await db.ReviewTasks.SingleAsync(t => t.Id == taskId, cancellationToken);
        var intact = decision.Kind switch
        {
            ReviewDecisionKind.Approve or ReviewDecisionKind.Reject => task.State == ReviewTaskState.Decided,
            ReviewDecisionKind.Escalate => task.State == ReviewTaskState.Waiting && task.Queue == ReviewQueues.Escalation,
            _ => task.State == ReviewTaskState.Waiting && task.Queue == decision.Queue,
        };
        if (latest != decision.Id || !intact)
        {
            return ReviewResult.Refused(ReviewRefusal.UndoNotPossible, "The item has moved on since (someone claimed it, or it was undone already).");
        }

        var image = await db.Images.Include(i => i.Scores).SingleAsync(i => i.Id == task.ImageId, cancellationToken);
        task.Reclaim(reviewer.UserId, decision.Queue, Guid.NewGuid(), now + Options.LeaseDuration, now);
        var result = await CommitAsync(db, async lists =>
        {
            ImageStatus? status = null;
            if (decision.Status is not null && task.Kind == ReviewTaskKind.Review)
            {
                status = ImageStatus.InReview;
                image.DecideByHuman(ImageStatus.InReview, now);
                await NotifyChangeIfToldAsync(db, image, cancellationToken);
            }

            if (decision.DisallowEntryId is { } entryId)
            {
                await lists.RemoveEntryAsync(DisallowList.DefaultName, entryId, cancellationToken);
            }

            return ReviewDecision.Create(image.Id, task.Id, reviewer.UserId, ReviewDecisionKind.Undo, decision.Queue, status, null, null, false, null, decision.Id, now, task);
        },
        _ => new ReviewChange(ReviewChangeKind.Undone, decision.Queue, task.Id, image.Id, reviewer.UserId, now),
        image,
        cancellationToken);
        return result ?? ReviewResult.Refused(ReviewRefusal.UndoNotPossible, "The item was claimed by someone else meanwhile.");
    }

    /// <summary>
    /// A supervisor changes a decided image's status (approved to rejected or back). Disallow entries
    /// that earlier decisions on the image added are removed when it becomes approved; a new reject adds
    /// one unless unticked. An overturn event is appended and the app is told (<c>image.decision_changed</c>).
    /// </summary>
    public async Task<ReviewResult> OverturnAsync(Guid imageId, Reviewer supervisor, ImageStatus status, DecisionInput? input = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(supervisor);
        input ??= new DecisionInput();
        if (!supervisor.IsSupervisor)
        {
            return ReviewResult.Refused(ReviewRefusal.NotAllowed, "Only supervisors overturn decisions.");
        }

        if (status is not (ImageStatus.Approved or ImageStatus.Rejected) || ReviewDecision.Problem(input.Labels, input.Note) is not null)
        {
            return ReviewResult.Refused(ReviewRefusal.Invalid, ReviewDecision.Problem(input.Labels, input.Note) ?? "An overturn approves or rejects.");
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var image = await db.Images.Include(i => i.Scores).FirstOrDefaultAsync(i => i.Id == imageId, cancellationToken);
        if (image is null)
        {
            return ReviewResult.Refused(ReviewRefusal.NotFound, $"No image {imageId}.");
        }

        if (!image.IsFinal || image.Status == status)
        {
            return ReviewResult.Refused(ReviewRefusal.NotDecided, $"The image is {image.Status.ToApiName()}: there is nothing to overturn to {status.ToApiName()}.");
        }

        var added = await db.ReviewDecisions.AsNoTracking()
            .Where(d => d.ImageId == imageId && d.DisallowEntryId != null)
            .Select(d => d.DisallowEntryId!.Value)
            .ToListAsync(cancellationToken);
        image.DecideByHuman(status, now);
        return await CommitAsync(db, async lists =>
        {
            await outbox.EnqueueAsync(db, image, WebhookEventTypes.DecisionChanged, WebhookPayload.ForDecision(image), cancellationToken);
            DisallowListEntry? entry = null;
            if (status == ImageStatus.Approved)
            {
                foreach (var entryId in added)
                {
                    await lists.RemoveEntryAsync(DisallowList.DefaultName, entryId, cancellationToken);
                }
            }
            else if (input.AddToDisallowList)
            {
                entry = await AddToDefaultListAsync(lists, image, supervisor, input.Note, cancellationToken);
            }

            return ReviewDecision.Create(
                image.Id, null, supervisor.UserId, ReviewDecisionKind.Overturn, string.Empty, status, input.Labels, input.Note,
                status == ImageStatus.Rejected && input.AddToDisallowList, entry?.Id, null, now);
        },
        _ => new ReviewChange(ReviewChangeKind.Overturned, string.Empty, null, image.Id, supervisor.UserId, now),
        image,
        cancellationToken) ?? ReviewResult.Refused(ReviewRefusal.NotDecided, "The image changed meanwhile.");
    }

    /// <summary>
    /// Opens the second, blind look when <paramref name="image"/> falls in the double-review sample and has
    /// none yet (an undo and a new decision must not open a second one). Opened now, not at intake: only
    /// now is the first moderator known, so the task can keep exactly them away, and the two looks can
    /// never be held at the same time. It is added to <paramref name="db"/> and commits with the decision.
    /// </summary>
    private async Task OpenDoubleReviewIfSampledAsync(ReviewDbContext db, ImageSubmission image, string firstModerator, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (ReviewSampling.Draw(image.Id, ReviewSampling.DoubleReviewSalt) >= Options.DoubleReviewRate
            || await db.ReviewTasks.AnyAsync(t => t.ImageId == image.Id && t.Kind == ReviewTaskKind.DoubleReview, cancellationToken))
        {
            return;
        }

        // No notice of its own: the decision's change, raised after the commit, already makes the queue
        // board recount, and a notice raised before the commit could announce a task that never was.
        db.ReviewTasks.Add(ReviewTask.ForDoubleReview(image, firstModerator, now));
    }

    /// <summary>Every event on an image, oldest first: the workbench's "earlier decisions" and the audit trail.</summary>
    public async Task<IReadOnlyList<ReviewDecision>> HistoryAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ReviewDecisions.AsNoTracking().Where(d => d.ImageId == imageId).OrderBy(d => d.Id).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="record"/> and saves everything in one transaction: the task, the image, the
    /// webhook, the list entries and the event commit together or not at all. Null when the task's
    /// lease changed hands since it was read (the concurrency token), which the caller reports as a refusal.
    /// </summary>
    private async Task<ReviewResult?> CommitAsync(
        ReviewDbContext db,
        Func<DisallowLists, Task<ReviewDecision>> record,
        Func<ReviewDecision, ReviewChange> change,
        ImageSubmission image,
        CancellationToken cancellationToken)
    {
        var lists = new DisallowLists(db, listIndex, clock);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        try
        {
            var decision = await record(lists);
            db.ReviewDecisions.Add(decision);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            events.Raise(change(decision));
            LogDecision(decision.Kind, image.Id, decision.ActorId, image.Status.ToApiName());
            return ReviewResult.Done(decision.Id, image.Status);
        }
        catch (Exception ex)
        {
            // DisallowLists updates the in-memory index as soon as its own save succeeds, inside this
            // transaction; rolled back, the index must reload from what was actually committed.
            listIndex.Invalidate();
            if (ex is DbUpdateConcurrencyException)
            {
                return null;
            }

            throw;
        }
    }

    /// <summary><c>image.decided</c> the first time the app hears of a final status; <c>image.decision_changed</c> after that (a decision after an undo).</summary>
    private async Task NotifyAsync(ReviewDbContext db, ImageSubmission image, CancellationToken cancellationToken)
    {
        var told = await db.WebhookDeliveries.AnyAsync(d => d.ImageId == image.Id && d.EventType == WebhookEventTypes.Decided, cancellationToken);
        await outbox.EnqueueAsync(db, image, told ? WebhookEventTypes.DecisionChanged : WebhookEventTypes.Decided, WebhookPayload.ForDecision(image), cancellationToken);
    }

    /// <summary>An undone decision the app may already have been sent: it hears the image is back in review.</summary>
    private async Task NotifyChangeIfToldAsync(ReviewDbContext db, ImageSubmission image, CancellationToken cancellationToken)
    {
        if (await db.WebhookDeliveries.AnyAsync(d => d.ImageId == image.Id && d.EventType == WebhookEventTypes.Decided, cancellationToken))
        {
            await outbox.EnqueueAsync(db, image, WebhookEventTypes.DecisionChanged, WebhookPayload.ForDecision(image), cancellationToken);
        }
    }

    private static async Task<DisallowListEntry> AddToDefaultListAsync(DisallowLists lists, ImageSubmission image, Reviewer reviewer, string? note, CancellationToken cancellationToken)
    {
        await lists.EnsureDefaultAsync(cancellationToken);

        // A low-quality PDQ (flat or tiny images) matches unrelated images by distance: such entries match by SHA-256 only.
        var pdq = image.Pdq is not null && image.PdqQuality >= DisallowListEntry.MinPdqQuality ? PdqHash.Parse(image.Pdq) : (PdqHash?)null;
        return await lists.AddEntryAsync(DisallowList.DefaultName, image.Sha256, pdq, pdq is null ? null : image.PdqQuality, image.Id, reviewer.UserId, note, cancellationToken);
    }

    private static ReviewResult LeaseNotHeld(Guid taskId) =>
        ReviewResult.Refused(ReviewRefusal.LeaseNotHeld, $"You do not hold review task {taskId} (its lease lapsed or someone else has it).");

    [LoggerMessage(Level = LogLevel.Information, Message = "Review {Kind} on image {ImageId} by {Actor}: now {Status}")]
    private partial void LogDecision(ReviewDecisionKind kind, Guid imageId, string actor, string status);
}
