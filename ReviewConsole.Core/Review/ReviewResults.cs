using ReviewConsole.Core.Ingestion;

namespace ReviewConsole.Core.Review;

/// <summary>Who is acting. Supervisors may work the escalation queue and overturn decisions.</summary>
/// <param name="UserId">The user's id (the lease holder and the events' actor).</param>
/// <param name="IsSupervisor">Whether the user is a supervisor (or admin): the caller maps roles to this.</param>
public sealed record Reviewer(string UserId, bool IsSupervisor = false);

/// <summary>A task held by the caller: what the workbench shows and acts on.</summary>
/// <param name="TaskId">The task to pass to renew, skip, decide and escalate.</param>
/// <param name="ImageId">The image to show.</param>
/// <param name="Queue">The queue it was claimed from.</param>
/// <param name="Kind">
/// Review or audit (an audit decision labels; the status stands). Gold and double-review tasks are
/// presented as <see cref="ReviewTaskKind.Review"/>, so the workbench cannot tell them apart.
/// </param>
/// <param name="LeaseExpiresAt">When the claim lapses unless renewed.</param>
/// <param name="IsBlind">Whether earlier decisions on the image must not be shown (<see cref="ReviewTask.IsBlind"/>).</param>
public sealed record ReviewClaim(Guid TaskId, Guid ImageId, string Queue, ReviewTaskKind Kind, DateTimeOffset LeaseExpiresAt, bool IsBlind = false)
{
    internal static ReviewClaim Of(ReviewTask task) =>
        new(task.Id, task.ImageId, task.Queue, task.IsBlind ? ReviewTaskKind.Review : task.Kind, task.LeaseExpiresAt!.Value, task.IsBlind);
}

/// <summary>The answer to claim-next: a claim, or why there is none. Nothing to claim is a normal answer.</summary>
public sealed record ClaimResult(ClaimOutcome Outcome, ReviewClaim? Claim)
{
    public static ClaimResult Empty { get; } = new(ClaimOutcome.QueueEmpty, null);

    public static ClaimResult NotAllowed { get; } = new(ClaimOutcome.NotAllowed, null);

    public bool Succeeded => Outcome == ClaimOutcome.Claimed;
}

public enum ClaimOutcome
{
    Claimed,

    /// <summary>Nothing claimable right now (empty, all claimed, or only items this user skipped).</summary>
    QueueEmpty,

    /// <summary>The escalation queue is for supervisors.</summary>
    NotAllowed,
}

/// <summary>What a person asks for on a claimed task.</summary>
/// <param name="Labels">The categories ticked (1-9 in the workbench).</param>
/// <param name="Note">An optional note.</param>
/// <param name="AddToDisallowList">On a reject: add the image to the default disallow list. Defaults to true (ticked).</param>
public sealed record DecisionInput(IReadOnlyList<string>? Labels = null, string? Note = null, bool AddToDisallowList = true);

/// <summary>
/// The result of a decision, skip, escalation, undo or overturn. Refusals are expected (someone else
/// holds the item, the undo window closed) and come back here, never as exceptions.
/// </summary>
public sealed record ReviewResult(ReviewRefusal Refusal, long? DecisionId, ImageStatus? ImageStatus, string? Message)
{
    public bool Succeeded => Refusal == ReviewRefusal.None;

    internal static ReviewResult Done(long decisionId, ImageStatus status) => new(ReviewRefusal.None, decisionId, status, null);

    internal static ReviewResult Refused(ReviewRefusal refusal, string message) => new(refusal, null, null, message);
}

public enum ReviewRefusal
{
    None,

    /// <summary>No such task, image or decision.</summary>
    NotFound,

    /// <summary>The caller does not hold the task's lease (never had it, it lapsed, or someone took it over).</summary>
    LeaseNotHeld,

    /// <summary>The caller's role does not allow it (escalation queue, overturn).</summary>
    NotAllowed,

    /// <summary>The undo window has closed, or the decision is not the caller's latest on the task.</summary>
    UndoNotPossible,

    /// <summary>An overturn of an image that has no final status, or to the status it already has.</summary>
    NotDecided,

    /// <summary>Labels or note out of bounds.</summary>
    Invalid,
}
