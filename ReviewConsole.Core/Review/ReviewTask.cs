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

    /// <summary>When the current (or last) lease was taken: the start of a decision's handling time.</summary>
    public DateTimeOffset? ClaimedAt { get; private set; }

    /// <summary>Who decided it (approve or reject); cleared by an undo. Reports read agreement and gold answers from here.</summary>
    public string? DecidedBy { get; private set; }

    /// <summary>The answer given (approved or rejected); cleared by an undo. For review tasks it is also what the image became.</summary>
    public ImageStatus? DecidedStatus { get; private set; }

    /// <summary>
    /// What the AI decided for the image when the task was opened: review, or the auto-decision an audit
    /// checks. Null on tasks opened before it was recorded.
    /// </summary>
    public Policies.Outcome? AiOutcome { get; private set; }

    /// <summary>A user who may not claim it: the first moderator of a double review, the author of a gold label.</summary>
    public string? ExcludedUserId { get; private set; }

    /// <summary>For a <see cref="ReviewTaskKind.Gold"/> task: the moderator it was served to; empty for other kinds.</summary>
    public string ServedTo { get; private set; } = string.Empty;

    /// <summary>For a <see cref="ReviewTaskKind.Gold"/> task: the expected answer, the gold label when it was served.</summary>
    public ImageStatus? GoldLabel { get; private set; }

    /// <summary>
    /// Whether whoever works it must not see earlier decisions on the image: a second, independent look
    /// (double review) or a test against a known answer (gold). The workbench asks this, nothing else.
    /// </summary>
    public bool IsBlind => IsBlindKind(Kind);

    /// <summary>See <see cref="IsBlind"/>: gold and double-review tasks are blind.</summary>
    public static bool IsBlindKind(ReviewTaskKind kind) => kind is ReviewTaskKind.Gold or ReviewTaskKind.DoubleReview;

    /// <summary>A task for an image the policy put in review; it waits in the policy's queue.</summary>
    public static ReviewTask ForReview(ImageSubmission image, DateTimeOffset now) =>
        Create(image, image.PolicyName ?? Policies.Policy.DefaultName, ReviewTaskKind.Review, now);

    /// <summary>A task for an auto-decided image sampled for audit; a decision on it labels, it does not change the status.</summary>
    public static ReviewTask ForAudit(ImageSubmission image, DateTimeOffset now) =>
        Create(image, ReviewQueues.Audit, ReviewTaskKind.Audit, now);

    /// <summary>
    /// A second, independent look at an in-review image its first moderator (<paramref name="firstModerator"/>)
    /// just decided; it waits in the image's policy queue and that moderator cannot claim it.
    /// </summary>
    public static ReviewTask ForDoubleReview(ImageSubmission image, string firstModerator, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(firstModerator);
        var task = Create(image, image.PolicyName ?? Policies.Policy.DefaultName, ReviewTaskKind.DoubleReview, now);
        task.AiOutcome = Policies.Outcome.Review;
        task.ExcludedUserId = firstModerator;
        return task;
    }

    /// <summary>
    /// A gold item served to <paramref name="moderator"/> in <paramref name="queue"/>, already claimed by
    /// them under <paramref name="leaseId"/>: their answer is scored against <paramref name="label"/>.
    /// </summary>
    internal static ReviewTask ForGold(ImageSubmission image, string queue, string moderator, ImageStatus label, string? labelAuthor, Guid leaseId, DateTimeOffset leaseExpiresAt, DateTimeOffset now)
    {
        var task = Create(image, queue, ReviewTaskKind.Gold, now);
        task.AiOutcome = Policies.Outcome.Review;
        task.ServedTo = moderator;
        task.GoldLabel = label;
        task.ExcludedUserId = labelAuthor;
        task.State = ReviewTaskState.Claimed;
        task.LeaseHolder = moderator;
        task.LeaseId = leaseId;
        task.LeaseExpiresAt = leaseExpiresAt;
        task.ClaimedAt = now;
        return task;
    }

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
            AiOutcome = image.Status switch
            {
                ImageStatus.Approved => Policies.Outcome.Approve,
                ImageStatus.Rejected => Policies.Outcome.Reject,
                _ => Policies.Outcome.Review,
            },
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
    internal void Decide(string userId, ImageStatus answer, DateTimeOffset now)
    {
        EnsureClaimed();
        State = ReviewTaskState.Decided;
        DecidedAt = now;
        DecidedBy = userId;
        DecidedStatus = answer;
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
    internal void Reclaim(string userId, string queue, Guid leaseId, DateTimeOffset leaseExpiresAt, DateTimeOffset now)
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
        ClaimedAt = now;
        DecidedAt = null;
        DecidedBy = null;
        DecidedStatus = null;
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

/// <summary>Why a task exists. Only <see cref="Review"/> decisions change an image's status; the others measure.</summary>
public enum ReviewTaskKind
{
    /// <summary>A decision is needed: the image is in review.</summary>
    Review,

    /// <summary>An auto-decision is being audited (a label measuring the AI's error).</summary>
    Audit,

    /// <summary>A second, blind look at a sampled in-review image by another moderator (measures agreement).</summary>
    DoubleReview,

    /// <summary>A known answer served blind to a moderator (measures accuracy).</summary>
    Gold,
}
