using System.ComponentModel.DataAnnotations;

namespace ReviewConsole.Core.Review;

/// <summary>Leases, undo, queue SLAs and the QA samples (double review, gold). Bound to the <c>Review</c> section and validated at start.</summary>
public sealed class ReviewOptions : IValidatableObject
{
    public const string SectionName = "Review";

    /// <summary>How long a claim lasts unless renewed (the workbench renews while the item is open). Defaults to 2 minutes.</summary>
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How long a moderator who skipped an item is not offered it again. Defaults to 10 minutes.</summary>
    public TimeSpan SkipExclusion { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long after a decision its author can undo it. Defaults to 5 seconds.</summary>
    public TimeSpan UndoWindow { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long an item may wait in a queue with no SLA of its own. Defaults to 4 hours.</summary>
    public TimeSpan DefaultSla { get; set; } = TimeSpan.FromHours(4);

    /// <summary>Per-queue SLAs by queue name (a policy's name, <c>audit</c>, <c>escalation</c>); others get <see cref="DefaultSla"/>.</summary>
    public Dictionary<string, TimeSpan> QueueSlas { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Share of the SLA after which the oldest waiting item makes a queue "at risk". Defaults to 0.75.</summary>
    public double AtRiskShare { get; set; } = 0.75;

    /// <summary>How often missing tasks are looked for (images put in review outside the scorer's hook). Defaults to 1 minute.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the live queue numbers are recounted when nothing changes, so ages and SLA states move. Defaults to 5 seconds.</summary>
    public TimeSpan BoardRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Share (0..1) of in-review images that get a second, blind, independent look by another moderator
    /// once the first has decided, to measure agreement. Defaults to 0.05.
    /// </summary>
    public double DoubleReviewRate { get; set; } = 0.05;

    /// <summary>
    /// Chance (0..1) that a claim is served a gold item (a supervisor's known answer) the moderator has
    /// not answered yet, instead of the queue's next item. Defaults to 0.02; 0 turns gold serving off.
    /// </summary>
    public double GoldRate { get; set; } = 0.02;

    public TimeSpan SlaOf(string queue) => QueueSlas.TryGetValue(queue, out var sla) ? sla : DefaultSla;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        static ValidationResult Error(string message, string member) => new($"{SectionName}:{member} {message}", [member]);

        if (LeaseDuration < TimeSpan.FromSeconds(10) || LeaseDuration > TimeSpan.FromHours(1))
        {
            yield return Error("must be between 00:00:10 and 01:00:00.", nameof(LeaseDuration));
        }

        if (SkipExclusion < TimeSpan.Zero || SkipExclusion > TimeSpan.FromDays(1))
        {
            yield return Error("must be between 00:00:00 and 1.00:00:00.", nameof(SkipExclusion));
        }

        if (UndoWindow < TimeSpan.Zero || UndoWindow > TimeSpan.FromMinutes(5))
        {
            yield return Error("must be between 00:00:00 and 00:05:00.", nameof(UndoWindow));
        }

        if (DefaultSla <= TimeSpan.Zero)
        {
            yield return Error("must be more than 0.", nameof(DefaultSla));
        }

        foreach (var queue in QueueSlas.Where(q => q.Value <= TimeSpan.Zero || string.IsNullOrWhiteSpace(q.Key)).Select(q => q.Key))
        {
            yield return Error($"'{queue}' must name a queue and give it an SLA of more than 0.", nameof(QueueSlas));
        }

        if (AtRiskShare is <= 0 or > 1 || double.IsNaN(AtRiskShare))
        {
            yield return Error("must be more than 0 and at most 1.", nameof(AtRiskShare));
        }

        if (BoardRefreshInterval < TimeSpan.FromMilliseconds(100) || BoardRefreshInterval > TimeSpan.FromMinutes(10))
        {
            yield return Error("must be between 00:00:00.1 and 00:10:00.", nameof(BoardRefreshInterval));
        }

        if (DoubleReviewRate is < 0 or > 1 || double.IsNaN(DoubleReviewRate))
        {
            yield return Error("must be between 0 and 1.", nameof(DoubleReviewRate));
        }

        if (GoldRate is < 0 or > 1 || double.IsNaN(GoldRate))
        {
            yield return Error("must be between 0 and 1.", nameof(GoldRate));
        }

        if (SweepInterval < TimeSpan.FromSeconds(1))
        {
            yield return Error("must be at least 00:00:01.", nameof(SweepInterval));
        }
    }
}
