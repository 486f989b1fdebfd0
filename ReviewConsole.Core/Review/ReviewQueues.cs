namespace ReviewConsole.Core.Review;

/// <summary>
/// The review domain: images the AI could not decide (and audit samples of those it did) wait as
/// <see cref="ReviewTask"/>s in named queues until a person claims one under a lease and decides it;
/// every decision is an append-only <see cref="ReviewDecision"/>. These are the fixed queue names;
/// the others are named after the policy that sent the image to review.
/// </summary>
public static class ReviewQueues
{
    /// <summary>Auto-decided images sampled to measure the AI's error; their status stands.</summary>
    public const string Audit = "audit";

    /// <summary>Items a moderator escalated; claimed by supervisors only.</summary>
    public const string Escalation = "escalation";

    public const int NameMaxLength = 100;
}
