using ReviewConsole.Core.Policies;

namespace ReviewConsole.Tests.Policies;

/// <summary>The what-if on small hand-computed fixtures: every share and rate below was worked out by hand from the tables.</summary>
public sealed class PolicyWhatIfTests
{
    private static readonly CategoryRule[] Rules =
    [
        new(Categories.Nudity, ApproveBelow: 0.2, RejectAtOrAbove: 0.9),
        new(Categories.SpamText, ApproveBelow: 0.5, RejectAtOrAbove: null),
    ];

    // nudity, spam_text (-1 = absent), disallowed (-1 = absent): what the rules above do to each.
    private static readonly IReadOnlyList<IReadOnlyDictionary<string, double>> Recent =
    [
        Scores(0.10, 0.1),          // approve
        Scores(0.05),               // approve (no spam score: not evaluated)
        Scores(0.50),               // review
        Scores(0.95),               // reject
        Scores(0.10, 0.7),          // review (spam)
        Scores(0.92, 0.7),          // reject (a reject outranks a review)
        Scores(0.10, -1, 1.0),      // review (a recorded list match is never auto-approved)
        Scores(0.20),               // review (0.2 is not below 0.2)
    ];

    private static readonly IReadOnlyList<LabelledScores> Labelled =
    [
        new(Scores(0.10), HumanApproved: false), // would approve, people rejected: a false approve
        new(Scores(0.15), HumanApproved: true),  // would approve, right
        new(Scores(0.05), HumanApproved: true),  // would approve, right
        new(Scores(0.95), HumanApproved: true),  // would reject, people approved: a false reject
        new(Scores(0.99), HumanApproved: false), // would reject, right
        new(Scores(0.50), HumanApproved: false), // would review: counts in neither rate
    ];

    [Fact]
    public void CountsSharesOfRecentTrafficPerOutcome()
    {
        var result = PolicyWhatIf.Evaluate(Rules, Recent, Labelled);

        Assert.Equal((8, 2, 4, 2), (result.Sample, result.Approved, result.Reviewed, result.Rejected));
        Assert.Equal((0.25, 0.5, 0.25), (result.ApprovedShare, result.ReviewedShare, result.RejectedShare));
    }

    [Fact]
    public void EstimatesErrorRatesOnlyOverTheLabelledImagesTheCandidateWouldAutoDecide()
    {
        var result = PolicyWhatIf.Evaluate(Rules, Recent, Labelled);

        Assert.Equal(6, result.Labelled);
        Assert.Equal(new ErrorEstimate(1, 3), result.FalseApprove);
        Assert.Equal(1.0 / 3, result.FalseApprove.Rate!.Value, 12);
        Assert.Equal(new ErrorEstimate(1, 2), result.FalseReject);
        Assert.Equal(0.5, result.FalseReject.Rate);
    }

    [Fact]
    public void LoweringTheApproveThresholdMovesImagesFromApprovedToReview()
    {
        var stricter = new[] { Rules[0] with { ApproveBelow = 0.12 }, Rules[1] };

        var result = PolicyWhatIf.Evaluate(stricter, Recent, Labelled);

        // Recent: nothing between 0.12 and 0.2 was approved before, so the shares hold; labelled: the 0.15 leaves the approved set.
        Assert.Equal((2, 4, 2), (result.Approved, result.Reviewed, result.Rejected));
        Assert.Equal(new ErrorEstimate(1, 2), result.FalseApprove);
    }

    [Fact]
    public void AnIgnoredCategoryIsNotEvaluated()
    {
        var nudityIgnored = new[] { Rules[0] with { Ignored = true }, Rules[1] };

        var result = PolicyWhatIf.Evaluate(nudityIgnored, Recent, Labelled);

        // Only spam_text and the list match decide: 5 and 6 review (spam 0.7), 7 reviews (match), the rest approve.
        Assert.Equal((5, 3, 0), (result.Approved, result.Reviewed, result.Rejected));
        Assert.Equal(new ErrorEstimate(3, 6), result.FalseApprove);
        Assert.Equal(new ErrorEstimate(0, 0), result.FalseReject);
    }

    [Fact]
    public void ReportsNoRateAndZeroSharesGivenNoTraffic()
    {
        var result = PolicyWhatIf.Evaluate(Rules, [], []);

        Assert.Equal((0, 0.0, 0.0, 0.0), (result.Sample, result.ApprovedShare, result.ReviewedShare, result.RejectedShare));
        Assert.Null(result.FalseApprove.Rate);
        Assert.Null(result.FalseReject.Rate);
    }

    private static Dictionary<string, double> Scores(double nudity, double spam = -1, double disallowed = -1)
    {
        var scores = new Dictionary<string, double> { [Categories.Nudity] = nudity };
        if (spam >= 0)
        {
            scores[Categories.SpamText] = spam;
        }

        if (disallowed >= 0)
        {
            scores[Categories.Disallowed] = disallowed;
        }

        return scores;
    }
}
