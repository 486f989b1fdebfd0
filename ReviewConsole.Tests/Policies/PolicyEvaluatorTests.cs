using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Policies;

namespace ReviewConsole.Tests.Policies;

public sealed class PolicyEvaluatorTests
{
    private static readonly CategoryRule[] Rules =
    [
        new(Categories.Nudity, ApproveBelow: 0.2, RejectAtOrAbove: 0.9),
        new(Categories.Suggestive, ApproveBelow: 0.5, RejectAtOrAbove: null),
        new(Categories.Illustration, null, null, Ignored: true),
    ];

    public static TheoryData<double, double, double, Outcome> Cases() => new()
    {
        // nudity, suggestive, illustration -> outcome
        { 0.0, 0.0, 1.0, Outcome.Approve },     // ignored categories never decide
        { 0.1999, 0.4999, 0.0, Outcome.Approve }, // just below both approve thresholds
        { 0.2, 0.0, 0.0, Outcome.Review },       // at approve-below: no longer approved
        { 0.8999, 0.0, 0.0, Outcome.Review },
        { 0.9, 0.0, 0.0, Outcome.Reject },       // at reject-at-or-above: rejected
        { 1.0, 0.0, 0.0, Outcome.Reject },
        { 0.0, 1.0, 0.0, Outcome.Review },       // no reject threshold: review at most
        { 0.95, 0.7, 0.0, Outcome.Reject },      // any reject wins over review
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AppliesTheThreeBandRule(double nudity, double suggestive, double illustration, Outcome expected)
    {
        var scores = new Dictionary<string, double> { [Categories.Nudity] = nudity, [Categories.Suggestive] = suggestive, [Categories.Illustration] = illustration };

        var decision = PolicyEvaluator.Decide(Rules, scores, [], auditSampleRate: 0, auditDraw: 0.5);

        Assert.Equal(expected, decision.Outcome);
    }

    [Fact]
    public void GivesOneReasonPerFiringRuleStrongestFirst()
    {
        var scores = new Dictionary<string, double> { [Categories.Nudity] = 0.95, [Categories.Suggestive] = 0.7 };

        var decision = PolicyEvaluator.Decide(Rules, scores, [], 0, 0.5);

        Assert.Equal(
            [(Categories.Nudity, "reject_at_or_above"), (Categories.Suggestive, "review_band")],
            decision.Reasons.Select(r => (r.Category, r.Rule)));
        Assert.Equal(0.95, decision.Reasons[0].Score);
    }

    [Fact]
    public void SkipsRulesWhoseCategoryWasNotScored()
    {
        var decision = PolicyEvaluator.Decide(Rules, new Dictionary<string, double> { [Categories.Suggestive] = 0.1 }, [], 0, 0.5);

        Assert.Equal(Outcome.Approve, decision.Outcome);
        Assert.Empty(decision.Reasons);
    }

    [Fact]
    public void AppendsDetectorEvidenceToTheCategorysReason()
    {
        var evidence = new Dictionary<string, string> { [Categories.Suggestive] = "matched url: www.example.com" };

        var decision = PolicyEvaluator.Decide(Rules, new Dictionary<string, double> { [Categories.Suggestive] = 0.7 }, [], 0, 0.5, evidence);

        Assert.EndsWith("; matched url: www.example.com", Assert.Single(decision.Reasons).Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ListAction.Reject, Outcome.Reject)]
    [InlineData(ListAction.Review, Outcome.Review)]
    public void ListMatchDecidesPerItsListGivenCleanScores(ListAction action, Outcome expected)
    {
        var match = new ListMatch(1, "banned", action, EntryId: 7, ExactSha256: false, Distance: 12);

        var decision = PolicyEvaluator.Decide(Rules, new Dictionary<string, double> { [Categories.Nudity] = 0.01 }, [match], 0, 0.5);

        Assert.Equal(expected, decision.Outcome);
        var reason = Assert.Single(decision.Reasons);
        Assert.Equal((Categories.Disallowed, "list:banned"), (reason.Category, reason.Rule));
        Assert.Contains("PDQ distance 12", reason.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0, 0.05, false)]   // approved, draw above the rate
    [InlineData(0.0, 0.01, true)]    // approved, draw below the rate: sampled
    [InlineData(0.95, 0.01, true)]   // auto-rejected images are sampled too
    [InlineData(0.5, 0.01, false)]   // in review already: a person sees it anyway
    public void SamplesOnlyAutoDecidedImagesForAudit(double nudity, double draw, bool sampled)
    {
        var decision = PolicyEvaluator.Decide(Rules, new Dictionary<string, double> { [Categories.Nudity] = nudity }, [], auditSampleRate: 0.02, auditDraw: draw);

        Assert.Equal(sampled, decision.AuditSampled);
    }

    [Theory]
    [InlineData(-0.1, 0.5)]
    [InlineData(0.6, 0.5)]
    [InlineData(0.2, 1.5)]
    public void RefusesInvalidThresholds(double approveBelow, double rejectAtOrAbove)
    {
        var settings = new PolicySettings([new CategoryRule(Categories.Nudity, approveBelow, rejectAtOrAbove)], 0.01, TextDetection: false);

        Assert.Throws<InvalidPolicyException>(() => Policy.Create("p", settings, "admin", DateTimeOffset.UnixEpoch));
    }

    [Fact]
    public void RevisingWritesTheNextVersionWithItsAuthor()
    {
        var (policy, first) = Policy.Create("p", DefaultPolicies.Default, "admin@example.org", DateTimeOffset.UnixEpoch);

        var second = policy.Revise(DefaultPolicies.Default with { AuditSampleRate = 0.1 }, "other@example.org", DateTimeOffset.UnixEpoch.AddDays(1));

        Assert.Equal((1, 2, 2), (first.Version, second.Version, policy.CurrentVersion));
        Assert.Equal("other@example.org", second.CreatedBy);
        Assert.Equal(0.1, second.AuditSampleRate);
        Assert.Equal(DefaultPolicies.Default.Rules, second.Rules);
    }

    [Fact]
    public void RecordsEachEvaluatedCategorysBandAndNoneForIgnoredOrUnruledOnes()
    {
        var scores = new Dictionary<string, double> { [Categories.Nudity] = 0.95, [Categories.Suggestive] = 0.1, [Categories.Illustration] = 0.9, ["text"] = 0.5 };

        var decision = PolicyEvaluator.Decide(Rules, scores, [], 0, 0.5);

        Assert.Equal(Outcome.Reject, decision.BandOf(Categories.Nudity));
        Assert.Equal(Outcome.Approve, decision.BandOf(Categories.Suggestive));
        Assert.Null(decision.BandOf(Categories.Illustration));
        Assert.Null(decision.BandOf("text"));
    }
}
