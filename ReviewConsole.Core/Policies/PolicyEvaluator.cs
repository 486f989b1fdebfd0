using System.Globalization;
using ReviewConsole.Core.Lists;

namespace ReviewConsole.Core.Policies;

/// <summary>
/// The decision rule of PRODUCT.md, as a pure function: any reject rejects; else any review reviews;
/// else the image is approved. A disallow-list match rejects or reviews, per its list.
/// </summary>
public static class PolicyEvaluator
{
    /// <param name="rules">The policy version's rules.</param>
    /// <param name="scores">Category scores in [0,1]; categories with no rule are informational.</param>
    /// <param name="matches">Disallow-list matches for the image.</param>
    /// <param name="auditSampleRate">Share of auto-decided images to sample for audit.</param>
    /// <param name="auditDraw">A uniform draw in [0,1) for this image (deterministic per image, so a retry samples alike).</param>
    /// <param name="evidence">What a detector found per category (e.g. the matched text snippets), appended to that category's reason.</param>
    public static PolicyDecision Decide(
        IReadOnlyList<CategoryRule> rules,
        IReadOnlyDictionary<string, double> scores,
        IReadOnlyList<ListMatch> matches,
        double auditSampleRate,
        double auditDraw,
        IReadOnlyDictionary<string, string>? evidence = null)
    {
        var reasons = new List<DecisionReason>();
        var bands = new Dictionary<string, Outcome>(StringComparer.Ordinal);
        var outcome = Outcome.Approve;
        foreach (var rule in rules)
        {
            if (rule.Ignored || !scores.TryGetValue(rule.Category, out var score))
            {
                continue;
            }

            var outcomeOf = rule.Evaluate(score);
            bands[rule.Category] = outcomeOf;
            if (outcomeOf == Outcome.Reject)
            {
                reasons.Add(new DecisionReason(rule.Category, score, "reject_at_or_above", WithEvidence($"{F(score)} >= {F(rule.RejectAtOrAbove!.Value)}", rule.Category, evidence)));
            }
            else if (outcomeOf == Outcome.Review)
            {
                var band = $"{F(rule.ApproveBelow ?? 0)} <= {F(score)}{(rule.RejectAtOrAbove is { } r ? $" < {F(r)}" : string.Empty)}";
                reasons.Add(new DecisionReason(rule.Category, score, "review_band", WithEvidence(band, rule.Category, evidence)));
            }

            outcome = Max(outcome, outcomeOf);
        }

        foreach (var match in matches)
        {
            var band = match.Action == ListAction.Reject ? Outcome.Reject : Outcome.Review;
            reasons.Add(new DecisionReason(Categories.Disallowed, match.Score, $"list:{match.ListName}", match.Describe()));
            outcome = Max(outcome, band);
        }

        // Reasons read strongest first: rejects, then reviews.
        reasons.Sort((a, b) => Severity(b).CompareTo(Severity(a)));
        var sampled = outcome != Outcome.Review && auditDraw < auditSampleRate;
        return new PolicyDecision(outcome, reasons, sampled, bands);
    }

    private static string WithEvidence(string detail, string category, IReadOnlyDictionary<string, string>? evidence) =>
        evidence is not null && evidence.TryGetValue(category, out var found) && found.Length > 0 ? $"{detail}; {found}" : detail;

    private static Outcome Max(Outcome a, Outcome b) => (Outcome)Math.Max((int)a, (int)b);

    private static int Severity(DecisionReason reason) => reason.Rule == "review_band" ? 0 : 1;

    private static string F(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}

/// <summary>The automatic decision for an image: outcome, the reasons behind it, and whether it is an audit sample.</summary>
/// <param name="Bands">Each evaluated category's band; when absent (a hand-made decision) it is read back from the reasons.</param>
public sealed record PolicyDecision(Outcome Outcome, IReadOnlyList<DecisionReason> Reasons, bool AuditSampled, IReadOnlyDictionary<string, Outcome>? Bands = null)
{
    /// <summary>The band of <paramref name="category"/>, or null when no rule evaluated it.</summary>
    public Outcome? BandOf(string category)
    {
        if (Bands is not null)
        {
            return Bands.TryGetValue(category, out var band) ? band : null;
        }

        var reason = Reasons.FirstOrDefault(r => r.Category == category);
        return reason?.Rule switch
        {
            "reject_at_or_above" => Outcome.Reject,
            "review_band" => Outcome.Review,
            _ => null,
        };
    }
}

/// <summary>One reason behind a decision: which category, its score, the rule that fired and a detail.</summary>
public sealed record DecisionReason(string Category, double Score, string Rule, string? Detail);
