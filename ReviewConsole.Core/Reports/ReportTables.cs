using System.Globalization;
using ReviewConsole.Core.Policies;

namespace ReviewConsole.Core.Reports;

/// <summary>The report figures as tables (page and CSV share them), with their URL names.</summary>
public static class ReportTables
{
    public const string ConfusionName = "confusion";
    public const string AutoRejectName = "auto-reject";
    public const string AuditName = "audit";
    public const string CalibrationName = "calibration";
    public const string ModeratorsName = "moderators";
    public const string AgreementName = "agreement";
    public const string BacklogName = "backlog";
    public const string QueuesName = "queues";

    /// <summary>Every table name, in page order.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [ConfusionName, AutoRejectName, AuditName, CalibrationName, ModeratorsName, AgreementName, BacklogName, QueuesName];

    internal static IReadOnlyList<ReportTable> All(ReportSet set) =>
    [
        Confusion(set.Confusion),
        AutoReject(set.AutoReject),
        Audit(set.Audit),
        Calibration(set.Calibration),
        Moderators(set.Moderators),
        Agreement(set.Agreement),
        Backlog(set.Backlog),
        Queues(set.Queues),
    ];

    public static ReportTable Confusion(IReadOnlyList<ConfusionCell> cells) => new(
        ConfusionName,
        "AI band against the human decision, per category",
        ["category", "ai_band", "human_approved", "human_rejected"],
        [.. cells.Select(c => Row(c.Category, Band(c.Band), N(c.HumanApproved), N(c.HumanRejected)))]);

    public static ReportTable AutoReject(IReadOnlyList<AutoRejectQuality> rows) => new(
        AutoRejectName,
        "Auto-reject precision and recall, per category",
        ["category", "true_positives", "false_positives", "false_negatives", "precision", "recall"],
        [.. rows.Select(r => Row(r.Category, N(r.TruePositives), N(r.FalsePositives), N(r.FalseNegatives), F(r.Precision), F(r.Recall)))]);

    public static ReportTable Audit(IReadOnlyList<AuditErrorRate> rows) => new(
        AuditName,
        "Audit samples: auto-decision error rate (Wilson 95% interval)",
        ["auto_decision", "audited", "errors", "error_rate", "ci95_low", "ci95_high"],
        [.. rows.Select(r => Row(Band(r.AutoDecision), N(r.Errors.Trials), N(r.Errors.Successes), F(r.Errors.Trials == 0 ? null : r.Errors.Rate), F(r.Errors.Low), F(r.Errors.High)))]);

    public static ReportTable Calibration(IReadOnlyList<CalibrationBin> bins) => new(
        CalibrationName,
        "Calibration: human reject rate per score bin",
        ["category", "score_from", "score_to", "labelled", "human_rejected", "reject_rate"],
        [.. bins.Select(b => Row(b.Category, F(b.Low), F(b.High), N(b.Labelled), N(b.HumanRejected), F(b.RejectRate)))]);

    public static ReportTable Moderators(IReadOnlyList<ModeratorFigures> rows) => new(
        ModeratorsName,
        "Moderators",
        ["moderator", "decisions", "decisions_per_hour", "median_handling_seconds", "review_decisions", "overturned", "overturn_rate", "gold_answered", "gold_correct", "gold_accuracy"],
        [.. rows.Select(m => Row(m.Name, N(m.Decisions), F(m.DecisionsPerHour), F(m.MedianHandlingSeconds), N(m.ReviewDecisions), N(m.Overturned), F(m.OverturnRate), N(m.GoldAnswered), N(m.GoldCorrect), F(m.GoldAccuracy)))]);

    public static ReportTable Agreement(IReadOnlyList<Agreement> rows) => new(
        AgreementName,
        "Agreement on double-reviewed items (Cohen's kappa)",
        ["who", "pairs", "both_approved", "approved_other_rejected", "rejected_other_approved", "both_rejected", "observed_agreement", "kappa"],
        [.. rows.Select(a => Row(a.Who, N(a.Pairs), N(a.BothApproved), N(a.ApprovedRejected), N(a.RejectedApproved), N(a.BothRejected), F(a.ObservedAgreement), F(a.Kappa)))]);

    public static ReportTable Backlog(IReadOnlyList<BacklogPoint> points) => new(
        BacklogName,
        "Backlog over time",
        ["at", "open", "median_age_minutes", "p90_age_minutes", "over_sla"],
        [.. points.Select(p => Row(p.At.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), N(p.Open), F(p.MedianAgeMinutes), F(p.P90AgeMinutes), N(p.OverSla)))]);

    public static ReportTable Queues(IReadOnlyList<QueueFigures> rows) => new(
        QueuesName,
        "Queues and SLA breaches",
        ["queue", "enqueued", "decided", "open_at_end", "over_sla_at_end", "sla_hours"],
        [.. rows.Select(q => Row(q.Queue, N(q.Enqueued), N(q.Decided), N(q.OpenAtEnd), N(q.OverSlaAtEnd), F(q.Sla.TotalHours)))]);

    /// <summary>Invariant, 4 decimals, empty for "not defined" (no data).</summary>
    public static string F(double? value) => value is { } v && !double.IsNaN(v) ? v.ToString("0.####", CultureInfo.InvariantCulture) : string.Empty;

    private static string N(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Band(Outcome band) => band.ToString().ToLowerInvariant();

    private static IReadOnlyList<string> Row(params string[] cells) => cells;
}
