namespace ReviewConsole.Core.Policies;

/// <summary>
/// One category's two thresholds. Scores below <see cref="ApproveBelow"/> approve, scores at or above
/// <see cref="RejectAtOrAbove"/> reject, scores between go to review. A null threshold never fires
/// (no auto-approve, or no auto-reject); an <see cref="Ignored"/> category is not evaluated at all.
/// </summary>
public sealed record CategoryRule(string Category, double? ApproveBelow, double? RejectAtOrAbove, bool Ignored = false)
{
    /// <summary>Why the rule is invalid, or null when it is fine.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(Category) || Category.Length > Categories.NameMaxLength)
        {
            return $"A category name is 1 to {Categories.NameMaxLength} characters.";
        }

        if (ApproveBelow is < 0 or > 1 || RejectAtOrAbove is < 0 or > 1 || double.IsNaN(ApproveBelow ?? 0) || double.IsNaN(RejectAtOrAbove ?? 0))
        {
            return $"{Category}: thresholds are between 0 and 1.";
        }

        return ApproveBelow > RejectAtOrAbove
            ? $"{Category}: approve-below ({ApproveBelow}) must not exceed reject-at-or-above ({RejectAtOrAbove})."
            : null;
    }

    /// <summary>The band a score falls in under this rule.</summary>
    public Outcome Evaluate(double score) =>
        RejectAtOrAbove is { } reject && score >= reject ? Outcome.Reject
        : ApproveBelow is { } approve && score < approve ? Outcome.Approve
        : Outcome.Review;
}

/// <summary>What the policy says about one category, or about the whole image.</summary>
public enum Outcome
{
    Approve,
    Review,
    Reject,
}
