using ReviewConsole.Core.Policies;

namespace ReviewConsole.Core.Reports;

/// <summary>How many human-labelled images of a category the AI put in <paramref name="Band"/>, by the human's answer.</summary>
public sealed record ConfusionCell(string Category, Outcome Band, long HumanApproved, long HumanRejected);

/// <summary>
/// Auto-reject quality for a category, from human labels: precision = TP / (TP + FP), recall = TP / (TP + FN),
/// where TP is a reject band the human also rejected, FP a reject band the human approved, FN a human reject
/// the AI did not put in the reject band. Null where the denominator is 0.
/// </summary>
public sealed record AutoRejectQuality(string Category, long TruePositives, long FalsePositives, long FalseNegatives)
{
    public double? Precision => TruePositives + FalsePositives == 0 ? null : (double)TruePositives / (TruePositives + FalsePositives);

    public double? Recall => TruePositives + FalseNegatives == 0 ? null : (double)TruePositives / (TruePositives + FalseNegatives);
}

/// <summary>An auto-decision's error rate on audit samples, with its Wilson 95% interval: how often people disagreed.</summary>
/// <param name="AutoDecision">Approve (the miss rate: auto-approved, a person rejected) or reject (auto-rejected, a person approved).</param>
/// <param name="Errors">The interval; <see cref="ProportionInterval.Successes"/> counts the disagreements.</param>
public sealed record AuditErrorRate(Outcome AutoDecision, ProportionInterval Errors);

/// <summary>A score bin of a category: of the human-labelled images scoring in [<paramref name="Low"/>, <paramref name="High"/>), how many people rejected.</summary>
public sealed record CalibrationBin(string Category, double Low, double High, long Labelled, long HumanRejected)
{
    public double? RejectRate => Labelled == 0 ? null : (double)HumanRejected / Labelled;
}

/// <summary>One moderator's work in the period.</summary>
/// <param name="ModeratorId">The user id.</param>
/// <param name="Name">Their e-mail, or the id when the user is gone.</param>
/// <param name="Decisions">Approvals and rejections not undone, on any kind of task.</param>
/// <param name="HandledHours">Claim-to-decision time summed over those decisions, in hours.</param>
/// <param name="MedianHandlingSeconds">Median claim-to-decision time.</param>
/// <param name="ReviewDecisions">Decisions that set an image's status (review tasks).</param>
/// <param name="Overturned">Of those, how many a supervisor overturned later.</param>
/// <param name="GoldAnswered">Gold items answered.</param>
/// <param name="GoldCorrect">Gold items answered as labelled.</param>
public sealed record ModeratorFigures(
    string ModeratorId,
    string Name,
    long Decisions,
    double HandledHours,
    double? MedianHandlingSeconds,
    long ReviewDecisions,
    long Overturned,
    long GoldAnswered,
    long GoldCorrect)
{
    /// <summary>Decisions per hour of handling (claim to decision), the pace while working items.</summary>
    public double? DecisionsPerHour => HandledHours <= 0 ? null : Decisions / HandledHours;

    public double? OverturnRate => ReviewDecisions == 0 ? null : (double)Overturned / ReviewDecisions;

    public double? GoldAccuracy => GoldAnswered == 0 ? null : (double)GoldCorrect / GoldAnswered;
}

/// <summary>Agreement on double-reviewed items: the 2x2 table of (this side's answer, the other side's answer) and Cohen's kappa.</summary>
/// <param name="Who">A moderator's name (their answers against the other look's), or "all" (first look against second).</param>
public sealed record Agreement(string Who, long BothApproved, long ApprovedRejected, long RejectedApproved, long BothRejected)
{
    public long Pairs => BothApproved + ApprovedRejected + RejectedApproved + BothRejected;

    public double? ObservedAgreement => Pairs == 0 ? null : (double)(BothApproved + BothRejected) / Pairs;

    public double? Kappa => CohensKappa.OfTwoByTwo(BothApproved, ApprovedRejected, RejectedApproved, BothRejected);
}

/// <summary>The queues at one instant: tasks open then (enqueued by then, not decided by then) and how long they had waited.</summary>
public sealed record BacklogPoint(DateTimeOffset At, long Open, double? MedianAgeMinutes, double? P90AgeMinutes, long OverSla);

/// <summary>One queue over the period: arrivals, decisions, and what was left open (and past its SLA) at the end.</summary>
public sealed record QueueFigures(string Queue, long Enqueued, long Decided, long OpenAtEnd, long OverSlaAtEnd, TimeSpan Sla);

/// <summary>Everything the reports page shows for one period.</summary>
public sealed record ReportSet(
    ReportRange Range,
    IReadOnlyList<ConfusionCell> Confusion,
    IReadOnlyList<AutoRejectQuality> AutoReject,
    IReadOnlyList<AuditErrorRate> Audit,
    IReadOnlyList<CalibrationBin> Calibration,
    IReadOnlyList<ModeratorFigures> Moderators,
    IReadOnlyList<Agreement> Agreement,
    IReadOnlyList<BacklogPoint> Backlog,
    IReadOnlyList<QueueFigures> Queues)
{
    /// <summary>The tables, in page order; each is also <c>/reports/{name}.csv</c>.</summary>
    public IReadOnlyList<ReportTable> Tables => ReportTables.All(this);
}
