namespace ReviewConsole.Core.Policies;

/// <summary>The policy seeded on a fresh database.</summary>
public static class DefaultPolicies
{
    /// <summary>
    /// Conservative defaults: auto-approve only clearly clean images, auto-reject only near-certain
    /// nudity, send the rest to people. Illustration and text share are informational; spam text
    /// never rejects on its own (a URL is not a violation), it asks a person.
    /// </summary>
    public static PolicySettings Default { get; } = new(
        [
            new CategoryRule(Categories.Nudity, ApproveBelow: 0.20, RejectAtOrAbove: 0.90),
            new CategoryRule(Categories.Suggestive, ApproveBelow: 0.50, RejectAtOrAbove: null),
            new CategoryRule(Categories.ExplicitDrawing, ApproveBelow: 0.30, RejectAtOrAbove: 0.90),
            new CategoryRule(Categories.Illustration, null, null, Ignored: true),
            new CategoryRule(Categories.Text, null, null, Ignored: true),
            new CategoryRule(Categories.SpamText, ApproveBelow: 0.50, RejectAtOrAbove: null),
        ],
        AuditSampleRate: 0.02,
        TextDetection: true,
        Note: "Seeded default");
}
