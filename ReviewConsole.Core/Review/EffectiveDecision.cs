using ReviewConsole.Core.Ingestion;

namespace ReviewConsole.Core.Review;

/// <summary>
/// The person's word on an image as its events stand: the latest approve, reject or overturn that was
/// not undone. Overturns win over earlier decisions because they come later; an audit decision counts
/// as a label even though the image's status stood.
/// </summary>
/// <param name="DecisionId">The event it comes from.</param>
/// <param name="ActorId">Who made it.</param>
/// <param name="Decision">Approved or rejected.</param>
/// <param name="Labels">The categories the person ticked, distinct, in ordinal order.</param>
/// <param name="DecidedAt">When the event was written.</param>
/// <param name="Kind">Approve, reject or overturn.</param>
public sealed record EffectiveDecision(long DecisionId, string ActorId, ImageStatus Decision, IReadOnlyList<string> Labels, DateTimeOffset DecidedAt, ReviewDecisionKind Kind)
{
    /// <summary>The effective decision among <paramref name="events"/> (one image's, in any order), or null when no person decided it.</summary>
    public static EffectiveDecision? Of(IEnumerable<ReviewDecision> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var ordered = events.OrderBy(e => e.Id).ToList();
        var undone = ordered.Where(e => e.Kind == ReviewDecisionKind.Undo && e.RevertsDecisionId is not null)
            .Select(e => e.RevertsDecisionId!.Value)
            .ToHashSet();
        var latest = ordered.LastOrDefault(e => e.IsFinal && !undone.Contains(e.Id));
        if (latest is null)
        {
            return null;
        }

        var decision = latest.Kind switch
        {
            ReviewDecisionKind.Approve => ImageStatus.Approved,
            ReviewDecisionKind.Reject => ImageStatus.Rejected,
            _ => latest.Status ?? ImageStatus.Rejected,
        };
        var labels = latest.Labels.Select(l => l.Trim().ToLowerInvariant()).Where(l => l.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();
        return new EffectiveDecision(latest.Id, latest.ActorId, decision, labels, latest.CreatedAt, latest.Kind);
    }
}
