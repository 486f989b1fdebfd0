using System.Linq.Expressions;
using ReviewConsole.Core.Ingestion;

namespace ReviewConsole.Core.Review;

/// <summary>
/// One image waiting for a person, in one queue. It is claimed under a lease (holder and expiry) taken
/// by one atomic conditional UPDATE (see <see cref="ReviewClaims"/>), so nobody else can decide it
/// while the lease runs; a lapsed lease makes it claimable again.
/// </summary>
public sealed class ReviewTask
{
    public const int UserIdMaxLength = 450;

    /// <summary>Scores are cut into this many bands; within a band the oldest image comes first.</summary>
    public const int PriorityBands = 10;

    private ReviewTask()
    {
        Queue = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid ImageId { get; private set; }

    /// <summary>The queue it waits in now: a policy's name, <see cref="ReviewQueues.Audit"/> or <see cref="ReviewQueues.Escalation"/>.</summary>
    public string Queue { get; private set; }

    public ReviewTaskKind Kind { get; private set; }

    /// <summary>0 to <see cref="PriorityBands"/>: the strongest score among the image's reasons, banded; higher is served first.</summary>
    public int PriorityBand { get; private set; }

    /// <summary>When the image was received; the tie-breaker within a band (oldest first).</summary>
    public DateTimeOffset ReceivedAt { get; private set; }

    /// <summary>When the task was first queued: the start of its SLA clock, until it is escalated.</summary>
    public DateTimeOffset EnqueuedAt { get; private set; }

    /// <summary>When it moved to <see cref="ReviewQueues.Escalation"/>: the start of its SLA clock there.</summary>
    public DateTimeOffset? EscalatedAt { get; private set; }

    public ReviewTaskState State { get; private set; }

    /// <summary>The user id holding the lease; meaningful while <see cref="State"/> is claimed and the lease runs.</summary>
    public string? LeaseHolder { get; private set; }

    public DateTimeOffset? LeaseExpiresAt { get; private set; }

    /// <summary>New on every claim. A concurrency token: a change saved under a lease that was since taken over fails.</summary>
    public Guid? LeaseId { get; private set; }

    /// <summary>The last moderator who skipped it, kept away from it until <see cref="SkippedUntil"/>.</summary>
    public string? SkippedBy { get; private set; }

    public DateTimeOffset? SkippedUntil { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? DecidedAt { get; private set; }

    /// <summary>A task for an image the policy put in review; it waits in the policy's queue.</summary>
    public static ReviewTask ForReview(ImageSubmission image, DateTimeOffset now) =>
        Create(image, image.PolicyName ?? Policies.Policy.DefaultName, ReviewTaskKind.Review, now);

    /// <summary>A task for an auto-decided image sampled for audit; a decision on it labels, it does not change the status.</summary>
    public static ReviewTask ForAudit(ImageSubmission image, DateTimeOffset now) =>
        Create(image, ReviewQueues.Audit, ReviewTaskKind.Audit, now);

    private static ReviewTask Create(ImageSubmission image, string queue, ReviewTaskKind kind, DateTimeOffset now)
    {
        var strongest = image.Reasons.Select(r => r.Score).DefaultIfEmpty(0).Max();
        return new ReviewTask
        {
            Id = Guid.CreateVersion7(now),
            ImageId = image.Id,
            Queue = queue,
            Kind = kind,
            PriorityBand = BandOf(strongest),
            ReceivedAt = image.ReceivedAt,
            EnqueuedAt = now,
            State = ReviewTaskState.Waiting,
            CreatedAt = now,
        };
    }

    internal static int BandOf(double score) => (int)Math.Floor(Math.Clamp(double.IsNaN(score) ? 0 : score, 0, 1) * PriorityBands);

    /// <summary>Whether <paramref name="userId"/> holds a lease on it that has not run out at <paramref name="now"/>.</summary>
    public bool IsHeldBy(string userId, DateTimeOffset now) =>
        State == ReviewTaskState.Claimed && LeaseHolder == userId && LeaseExpiresAt > now;

    /// <summary>
    /// Waiting, or claimed under a lease that ran out: the condition the atomic claim re-checks on the
    /// row it updates. An expression, so the database evaluates exactly what the domain means.
    /// </summary>
    internal static Expression<Func<ReviewTask, bool>> ClaimableAt(DateTimeOffset now) =>
        t => t.State == ReviewTaskState.Waiting || (t.State == ReviewTaskState.Claimed && t.LeaseExpiresAt <= now);

    /// <summary>Closes it with a person's decision; the caller has checked the lease.</summary>
    internal void Decide(DateTimeOffset now)
    {
        EnsureClaimed();
        State = ReviewTaskState.Decided;
        DecidedAt = now;
        ClearLease();
    }

    /// <summary>Moves it to the supervisors' queue, waiting, its SLA clock restarted.</summary>
    internal void Escalate(DateTimeOffset now)
    {
        EnsureClaimed();
        Queue = ReviewQueues.Escalation;
        EscalatedAt = now;
        State = ReviewTaskState.Waiting;
        ClearLease();
    }

    /// <summary>Hands it back to the queue, keeping <paramref name="userId"/> away from it until <paramref name="excludedUntil"/>.</summary>
    internal void Skip(string userId, DateTimeOffset excludedUntil)
    {
        EnsureClaimed();
        State = ReviewTaskState.Waiting;
        SkippedBy = userId;
        SkippedUntil = excludedUntil;
        ClearLease();
    }

    /// <summary>Undo: the task is the undoer's again, under a fresh lease, in the queue it was decided in.</summary>
    internal void Reclaim(string userId, string queue, Guid leaseId, DateTimeOffset leaseExpiresAt)
    {
        Queue = queue;
        if (queue != ReviewQueues.Escalation)
        {
            EscalatedAt = null;
        }

        State = ReviewTaskState.Claimed;
        LeaseHolder = userId;
        LeaseId = leaseId;
        LeaseExpiresAt = leaseExpiresAt;
        DecidedAt = null;
        if (SkippedBy == userId)
        {
            (SkippedBy, SkippedUntil) = (null, null);
        }
    }

    private void EnsureClaimed()
    {
        if (State != ReviewTaskState.Claimed)
        {
            throw new InvalidOperationException($"Review task {Id} is {State}, not claimed.");
        }
    }

    private void ClearLease()
    {
        LeaseHolder = null;
        LeaseExpiresAt = null;
        LeaseId = null;
    }
}

/// <summary>Where a task stands. An escalated task is waiting again, in <see cref="ReviewQueues.Escalation"/>.</summary>
public enum ReviewTaskState
{
    Waiting,
    Claimed,
    Decided,
}

/// <summary>Why a task exists: a decision is needed, or an auto-decision is being audited.</summary>
public enum ReviewTaskKind
{
    Review,
    Audit,
}
