using ReviewConsole.Core.Lists;

namespace ReviewConsole.Core.Policies;

/// <summary>
/// What a candidate policy would have done to recent traffic, judged by the real
/// <see cref="PolicyEvaluator"/> over the images' recorded scores: the shares it would auto-approve,
/// send to review and auto-reject, and, on images people have labelled (review decisions and audit
/// labels), how often it would auto-approve what they rejected or auto-reject what they approved.
/// </summary>
/// <remarks>
/// A recorded disallow-list match (a <c>disallowed</c> score above 0) is replayed as a match that
/// sends to review: the list's own action is not part of the score snapshot, and a match never lets
/// an image be auto-approved whatever the thresholds, so the approve share and the false-approve rate
/// are exact and a reject-list match counts as reviewed rather than rejected.
/// </remarks>
public static class PolicyWhatIf
{
    private static readonly IReadOnlyList<ListMatch> NoMatch = [];
    private static readonly IReadOnlyList<ListMatch> RecordedMatch = [new ListMatch(0, "recorded match", ListAction.Review, 0, ExactSha256: true, Distance: 0)];

    /// <summary>Evaluates <paramref name="rules"/> over the recent and the labelled score snapshots.</summary>
    /// <param name="rules">The candidate rules (need not be valid yet; invalid thresholds evaluate as written).</param>
    /// <param name="recent">Recent images' scores (a bounded sample).</param>
    /// <param name="labelled">Images with a person's verdict and their scores at the time.</param>
    public static WhatIfResult Evaluate(IReadOnlyList<CategoryRule> rules, IReadOnlyList<IReadOnlyDictionary<string, double>> recent, IReadOnlyList<LabelledScores> labelled)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(recent);
        ArgumentNullException.ThrowIfNull(labelled);
        int approved = 0, reviewed = 0, rejected = 0;
        foreach (var scores in recent)
        {
            switch (OutcomeOf(rules, scores))
            {
                case Outcome.Approve:
                    approved++;
                    break;
                case Outcome.Reject:
                    rejected++;
                    break;
                default:
                    reviewed++;
                    break;
            }
        }

        int autoApproved = 0, approvedButRejected = 0, autoRejected = 0, rejectedButApproved = 0;
        foreach (var item in labelled)
        {
            var outcome = OutcomeOf(rules, item.Scores);
            if (outcome == Outcome.Approve)
            {
                autoApproved++;
                approvedButRejected += item.HumanApproved ? 0 : 1;
            }
            else if (outcome == Outcome.Reject)
            {
                autoRejected++;
                rejectedButApproved += item.HumanApproved ? 1 : 0;
            }
        }

        return new WhatIfResult(
            recent.Count,
            approved,
            reviewed,
            rejected,
            new ErrorEstimate(approvedButRejected, autoApproved),
            new ErrorEstimate(rejectedButApproved, autoRejected),
            labelled.Count);
    }

    private static Outcome OutcomeOf(IReadOnlyList<CategoryRule> rules, IReadOnlyDictionary<string, double> scores) =>
        PolicyEvaluator.Decide(
            rules,
            scores,
            scores.TryGetValue(Categories.Disallowed, out var listScore) && listScore > 0 ? RecordedMatch : NoMatch,
            auditSampleRate: 0,
            auditDraw: 1).Outcome;
}

/// <summary>A labelled image: its recorded scores and whether the person approved (else rejected) it.</summary>
public sealed record LabelledScores(IReadOnlyDictionary<string, double> Scores, bool HumanApproved);

/// <summary>
/// A rate estimated from <see cref="N"/> cases: <see cref="Errors"/> of them wrong. The rate is null
/// when there is no case; show <see cref="N"/> beside it, since a rate from a handful means little.
/// </summary>
public sealed record ErrorEstimate(int Errors, int N)
{
    public double? Rate => N == 0 ? null : (double)Errors / N;
}

/// <summary>What a candidate policy would do: counts over the recent sample and error estimates over the labelled set.</summary>
/// <param name="Sample">Recent images evaluated.</param>
/// <param name="Approved">Of those, auto-approved.</param>
/// <param name="Reviewed">Sent to review.</param>
/// <param name="Rejected">Auto-rejected.</param>
/// <param name="FalseApprove">Labelled images it would auto-approve, and how many of them people rejected.</param>
/// <param name="FalseReject">Labelled images it would auto-reject, and how many of them people approved.</param>
/// <param name="Labelled">Labelled images evaluated.</param>
public sealed record WhatIfResult(int Sample, int Approved, int Reviewed, int Rejected, ErrorEstimate FalseApprove, ErrorEstimate FalseReject, int Labelled)
{
    public double ApprovedShare => Share(Approved);

    public double ReviewedShare => Share(Reviewed);

    public double RejectedShare => Share(Rejected);

    private double Share(int count) => Sample == 0 ? 0 : (double)count / Sample;
}
