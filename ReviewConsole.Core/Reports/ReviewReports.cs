using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Core.Reports;

/// <summary>
/// Supervisor reports over a period: the AI against people, moderators' work and agreement, and the
/// queues over time. The decision-driven figures (labels, audit, moderators, agreement) are sums of the
/// daily rollups (<see cref="ReportRollups"/>, brought up to date first) plus the period's partial end
/// days counted from the source rows; the queue figures are counted in the database from the tasks
/// (GROUP BY, conditional counts, ORDER BY with OFFSET for percentiles, no window functions, so SQLite
/// and SQL Server alike). What comes back is a few rows per category, moderator or instant, never the decisions.
/// </summary>
/// <remarks>
/// Human labels of images come from two places: images a person decided (their final status, overturns
/// included), and audit samples (the audit answer; the image's status stayed the AI's). The AI side is
/// each category's band snapshot on the image's scores (<see cref="ImageScore.Band"/>).
/// </remarks>
public sealed class ReviewReports(IDbContextFactory<ReviewDbContext> dbFactory, IOptions<ReviewOptions> options, ReportRollups rollups)
{
    /// <summary>Score bins of the calibration table: tenths.</summary>
    public const int CalibrationBins = ReportRollups.CalibrationBins;

    /// <summary>How many instants the backlog is sampled at across the period, ends included.</summary>
    public const int BacklogPoints = 12;

    /// <summary>Every figure of the page for <paramref name="range"/>.</summary>
    public async Task<ReportSet> LoadAsync(ReportRange range, CancellationToken cancellationToken = default)
    {
        var facts = await FactsAsync(range, cancellationToken);
        var confusion = ConfusionOf(LabelCountsOf(facts));
        return new ReportSet(
            range,
            confusion,
            AutoRejectOf(confusion),
            AuditOf(facts),
            CalibrationOf(LabelCountsOf(facts)),
            await ModeratorsOfAsync(facts, cancellationToken),
            await AgreementOfAsync(facts, cancellationToken),
            await BacklogAsync(range, BacklogPoints, cancellationToken),
            await QueuesAsync(range, cancellationToken));
    }

    /// <summary>One table by its URL name, computing only what it needs; null for an unknown name.</summary>
    public async Task<ReportTable?> TableAsync(string name, ReportRange range, CancellationToken cancellationToken = default)
    {
        switch (name)
        {
            case ReportTables.ConfusionName:
                return ReportTables.Confusion(ConfusionOf(LabelCountsOf(await FactsAsync(range, cancellationToken))));
            case ReportTables.AutoRejectName:
                return ReportTables.AutoReject(AutoRejectOf(ConfusionOf(LabelCountsOf(await FactsAsync(range, cancellationToken)))));
            case ReportTables.CalibrationName:
                return ReportTables.Calibration(CalibrationOf(LabelCountsOf(await FactsAsync(range, cancellationToken))));
            case ReportTables.AuditName:
                return ReportTables.Audit(await AuditAsync(range, cancellationToken));
            case ReportTables.ModeratorsName:
                return ReportTables.Moderators(await ModeratorsAsync(range, cancellationToken));
            case ReportTables.AgreementName:
                return ReportTables.Agreement(await AgreementAsync(range, cancellationToken));
            case ReportTables.BacklogName:
                return ReportTables.Backlog(await BacklogAsync(range, BacklogPoints, cancellationToken));
            case ReportTables.QueuesName:
                return ReportTables.Queues(await QueuesAsync(range, cancellationToken));
            default:
                return null;
        }
    }

    /// <summary>The rolled-up figures of the period, after bringing the rollups up to the newest decision.</summary>
    private async Task<IReadOnlyList<RollupFact>> FactsAsync(ReportRange range, CancellationToken cancellationToken)
    {
        await rollups.RefreshAsync(cancellationToken);
        return await rollups.ReadAsync(range, cancellationToken);
    }

    /// <summary>Human-labelled (category, band, score bin, answer) counts: the input of the confusion, auto-reject and calibration tables.</summary>
    private static IReadOnlyList<LabelCount> LabelCountsOf(IReadOnlyList<RollupFact> facts) =>
        [.. facts.Where(f => f.Fact == ReportFacts.Label)
            .Select(f => new LabelCount(
                f.Key1,
                f.Key2.Length == 0 ? null : Enum.Parse<Outcome>(f.Key2),
                f.Bin,
                Enum.Parse<ImageStatus>(f.Key3),
                f.Count))];

    internal static IReadOnlyList<ConfusionCell> ConfusionOf(IReadOnlyList<LabelCount> labels) =>
        [.. labels.Where(l => l.Band is not null)
            .GroupBy(l => (l.Category, Band: l.Band!.Value))
            .Select(g => new ConfusionCell(
                g.Key.Category,
                g.Key.Band,
                g.Where(l => l.Status == ImageStatus.Approved).Sum(l => l.Count),
                g.Where(l => l.Status == ImageStatus.Rejected).Sum(l => l.Count)))
            .OrderBy(c => c.Category, StringComparer.Ordinal).ThenBy(c => c.Band)];

    internal static IReadOnlyList<AutoRejectQuality> AutoRejectOf(IReadOnlyList<ConfusionCell> confusion) =>
        [.. confusion.GroupBy(c => c.Category)
            .Select(g => new AutoRejectQuality(
                g.Key,
                g.Where(c => c.Band == Outcome.Reject).Sum(c => c.HumanRejected),
                g.Where(c => c.Band == Outcome.Reject).Sum(c => c.HumanApproved),
                g.Where(c => c.Band != Outcome.Reject).Sum(c => c.HumanRejected)))
            .OrderBy(q => q.Category, StringComparer.Ordinal)];

    internal static IReadOnlyList<CalibrationBin> CalibrationOf(IReadOnlyList<LabelCount> labels) =>
        [.. labels
            // A score of exactly 1 falls in the top bin, not an eleventh one.
            .GroupBy(l => (l.Category, Bin: Math.Clamp(l.Bin, 0, CalibrationBins - 1)))
            .Select(g => new CalibrationBin(
                g.Key.Category,
                (double)g.Key.Bin / CalibrationBins,
                (double)(g.Key.Bin + 1) / CalibrationBins,
                g.Sum(l => l.Count),
                g.Where(l => l.Status == ImageStatus.Rejected).Sum(l => l.Count)))
            .OrderBy(b => b.Category, StringComparer.Ordinal).ThenBy(b => b.Low)];

    /// <summary>Audit samples answered in the period, by the AI's auto-decision: how often a person disagreed, with Wilson intervals.</summary>
    public async Task<IReadOnlyList<AuditErrorRate>> AuditAsync(ReportRange range, CancellationToken cancellationToken = default) =>
        AuditOf(await FactsAsync(range, cancellationToken));

    private static IReadOnlyList<AuditErrorRate> AuditOf(IReadOnlyList<RollupFact> facts)
    {
        var audits = facts.Where(f => f.Fact == ReportFacts.Audit).ToList();
        return [.. new[] { Outcome.Approve, Outcome.Reject }.Select(outcome =>
        {
            var rows = audits.Where(a => a.Key1 == outcome.ToString()).ToList();
            var audited = rows.Sum(r => r.Count);
            var rejected = rows.Where(r => r.Key2 == nameof(ImageStatus.Rejected)).Sum(r => r.Count);
            var wrong = outcome == Outcome.Approve ? rejected : audited - rejected;
            return new AuditErrorRate(outcome, WilsonInterval.Of(wrong, audited));
        })];
    }

    /// <summary>
    /// Each moderator's decisions, pace, median handling time, overturns and gold accuracy in the period.
    /// The median comes from the handling-time histogram (<see cref="ReportRollups.BucketOf"/>): the mean
    /// of the bucket holding each middle rank, exact when that bucket's times are equal, otherwise within
    /// its width (5 s under 2 min, 30 s to 10 min, 5 min to 1 h; one bucket beyond).
    /// </summary>
    public async Task<IReadOnlyList<ModeratorFigures>> ModeratorsAsync(ReportRange range, CancellationToken cancellationToken = default) =>
        await ModeratorsOfAsync(await FactsAsync(range, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<ModeratorFigures>> ModeratorsOfAsync(IReadOnlyList<RollupFact> facts, CancellationToken cancellationToken)
    {
        var answers = facts.Where(f => f.Fact == ReportFacts.Answer).ToLookup(f => f.Key1);
        var handling = facts.Where(f => f.Fact == ReportFacts.Handling).ToLookup(f => f.Key1);
        var overturned = facts.Where(f => f.Fact == ReportFacts.Overturned).GroupBy(f => f.Key1).ToDictionary(g => g.Key, g => g.Sum(f => f.Count));
        var gold = facts.Where(f => f.Fact == ReportFacts.Gold).GroupBy(f => f.Key1).ToDictionary(g => g.Key, g => (Answered: g.Sum(f => f.Count), Correct: g.Sum(f => f.Sum)));

        var ids = answers.Select(a => a.Key).Union(gold.Keys).ToList();
        var names = await NamesAsync(ids, cancellationToken);
        var figures = new List<ModeratorFigures>(ids.Count);
        foreach (var id in ids)
        {
            var mine = answers[id].ToList();
            gold.TryGetValue(id, out var g);
            figures.Add(new ModeratorFigures(
                id,
                names.GetValueOrDefault(id, id),
                mine.Sum(a => a.Count),
                mine.Sum(a => a.Sum) / 3_600_000.0,
                MedianHandlingSeconds(handling[id]),
                mine.Where(a => a.Key2 == nameof(ReviewTaskKind.Review)).Sum(a => a.Count),
                overturned.GetValueOrDefault(id),
                g.Answered,
                g.Correct));
        }

        return [.. figures.OrderByDescending(f => f.Decisions).ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>The median from (bucket, count, summed milliseconds) rows: each middle rank's bucket mean, averaged.</summary>
    internal static double? MedianHandlingSeconds(IEnumerable<RollupFact> timed)
    {
        var buckets = timed.GroupBy(f => f.Bin)
            .Select(b => (Bin: b.Key, Count: b.Sum(f => f.Count), Ms: b.Sum(f => f.Sum)))
            .Where(b => b.Count > 0)
            .OrderBy(b => b.Bin)
            .ToList();
        if (Percentiles.MedianIndexes(buckets.Sum(b => b.Count)) is not { } middle)
        {
            return null;
        }

        double MeanAt(long rank)
        {
            var seen = 0L;
            foreach (var bucket in buckets)
            {
                seen += bucket.Count;
                if (rank < seen)
                {
                    return (double)bucket.Ms / bucket.Count;
                }
            }

            throw new InvalidOperationException("A median rank is past the last bucket.");
        }

        return (MeanAt(middle.Lower) + MeanAt(middle.Upper)) / 2 / 1000;
    }

    /// <summary>
    /// Agreement between the first look (the review task's answer) and the second (the double-review
    /// task's) on items whose second look was answered in the period: overall, then per moderator
    /// (their answer against the other look's, whichever side they were on).
    /// </summary>
    public async Task<IReadOnlyList<Agreement>> AgreementAsync(ReportRange range, CancellationToken cancellationToken = default) =>
        await AgreementOfAsync(await FactsAsync(range, cancellationToken), cancellationToken);

    private async Task<IReadOnlyList<Agreement>> AgreementOfAsync(IReadOnlyList<RollupFact> facts, CancellationToken cancellationToken)
    {
        var cells = facts.Where(f => f.Fact == ReportFacts.Agreement)
            .Select(f =>
            {
                var answers = f.Key3.Split('|');
                return new Cell(f.Key1, Enum.Parse<ImageStatus>(answers[0]), Enum.Parse<ImageStatus>(answers[1]), f.Count);
            })
            .ToList();
        var overall = cells.Where(c => c.Who.Length == 0).ToList();
        var sides = cells.Where(c => c.Who.Length > 0).ToList();
        var names = await NamesAsync([.. sides.Select(c => c.Who).Distinct()], cancellationToken);
        var result = new List<Agreement> { AgreementOf("all", overall) };
        result.AddRange(sides
            .GroupBy(c => c.Who)
            .Select(g => AgreementOf(names.GetValueOrDefault(g.Key, g.Key), [.. g]))
            .OrderBy(a => a.Who, StringComparer.Ordinal));
        return result;
    }
    /// <summary>
    /// The queues at <paramref name="points"/> evenly spaced instants of the period (ends included): tasks
    /// open then, their median and 90th-percentile age, and how many were past their queue's SLA.
    /// </summary>
    public async Task<IReadOnlyList<BacklogPoint>> BacklogAsync(ReportRange range, int points, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(points, 2);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var history = await HistoryAsync(db, cancellationToken);
        var result = new List<BacklogPoint>(points);
        var step = (range.To - range.From) / (points - 1);
        for (var i = 0; i < points; i++)
        {
            var at = i == points - 1 ? range.To : range.From + step * i;

            // Youngest first: the nearest-rank percentiles index straight into it.
            var open = (await CandidatesAsync(db, at, history, cancellationToken))
                .Where(t => t.DecidedAt is null || t.DecidedAt > at)
                .OrderByDescending(t => t.EnqueuedAt)
                .ToList();
            result.Add(new BacklogPoint(
                at,
                open.Count,
                AgeAt(open, at, Percentiles.NearestRankIndex(0.5, open.Count)),
                AgeAt(open, at, Percentiles.NearestRankIndex(0.9, open.Count)),
                open.LongCount(t => t.EnqueuedAt <= at - options.Value.SlaOf(t.Queue))));
        }

        return result;
    }

    /// <summary>Per queue: tasks enqueued and decided in the period, and open (and past the SLA) at its end.</summary>
    public async Task<IReadOnlyList<QueueFigures>> QueuesAsync(ReportRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var from = range.From;
        var to = range.To;
        var atEnd = await CandidatesAsync(db, to, await HistoryAsync(db, cancellationToken), cancellationToken);
        var result = new List<QueueFigures>();
        foreach (var queue in await QueueNamesAsync(db, cancellationToken))
        {
            var enqueued = await db.ReviewTasks.LongCountAsync(t => t.Queue == queue && t.EnqueuedAt >= from && t.EnqueuedAt < to, cancellationToken);
            var decided = await db.ReviewTasks.LongCountAsync(t => t.Queue == queue && t.DecidedAt >= from && t.DecidedAt < to && t.EnqueuedAt < to, cancellationToken);
            var open = atEnd.LongCount(t => t.Queue == queue && t.EnqueuedAt < to);
            if (enqueued + decided + open == 0)
            {
                continue;
            }

            var sla = options.Value.SlaOf(queue);
            var over = atEnd.LongCount(t => t.Queue == queue && (t.DecidedAt is null || t.DecidedAt > to) && t.EnqueuedAt <= to - sla);
            result.Add(new QueueFigures(queue, enqueued, decided, open, over, sla));
        }

        return result;
    }

    /// <summary>
    /// Tasks enqueued by <paramref name="at"/> and not decided before it (decided at it included, so each
    /// caller applies its own strictness): the still-undecided ones, then the ones decided later, walked from
    /// whichever side of the task history the instant is nearer to.
    /// </summary>
    private static async Task<List<OpenTask>> CandidatesAsync(ReviewDbContext db, DateTimeOffset at, TaskHistory history, CancellationToken cancellationToken)
    {
        var tasks = db.ReviewTasks.AsNoTracking();
        var candidates = await tasks.Where(t => t.DecidedAt == null && t.EnqueuedAt <= at)
            .Select(t => new OpenTask(t.EnqueuedAt, t.DecidedAt, t.Queue))
            .ToListAsync(cancellationToken);
        if (history.FirstEnqueued is not { } first || history.LastDecided is not { } last || last < at)
        {
            return candidates;
        }

        // Both filters are the same set; the closed range on one column is what steers SQLite to that
        // column's index (a closed range looks far more selective than an open one), so early instants
        // walk the few tasks enqueued before them and late ones the few decided after them.
        var later = at - first < last - at
            ? tasks.Where(t => t.EnqueuedAt >= first && t.EnqueuedAt <= at && t.DecidedAt >= at)
            : tasks.Where(t => t.DecidedAt >= at && t.DecidedAt <= last && t.EnqueuedAt <= at);
        candidates.AddRange(await later.Select(t => new OpenTask(t.EnqueuedAt, t.DecidedAt, t.Queue)).ToListAsync(cancellationToken));
        return candidates;
    }

    private static async Task<TaskHistory> HistoryAsync(ReviewDbContext db, CancellationToken cancellationToken) => new(
        await db.ReviewTasks.MinAsync(t => (DateTimeOffset?)t.EnqueuedAt, cancellationToken),
        await db.ReviewTasks.MaxAsync(t => t.DecidedAt, cancellationToken));

    /// <summary>Every queue name, one index seek each (a DISTINCT would read the whole index).</summary>
    private static async Task<List<string>> QueueNamesAsync(ReviewDbContext db, CancellationToken cancellationToken)
    {
        var names = new List<string>();
        string? next = await db.ReviewTasks.OrderBy(t => t.Queue).Select(t => t.Queue).FirstOrDefaultAsync(cancellationToken);
        while (next is { } name)
        {
            names.Add(name);
            next = await db.ReviewTasks.Where(t => string.Compare(t.Queue, name) > 0).OrderBy(t => t.Queue).Select(t => t.Queue).FirstOrDefaultAsync(cancellationToken);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }

    /// <summary>The age at <paramref name="at"/> of the open task at 0-based <paramref name="index"/> youngest-first.</summary>
    private static double? AgeAt(List<OpenTask> youngestFirst, DateTimeOffset at, int? index) =>
        index is { } i && i < youngestFirst.Count ? (at - youngestFirst[i].EnqueuedAt).TotalMinutes : null;

    private async Task<Dictionary<string, string>> NamesAsync(IReadOnlyList<string> ids, CancellationToken cancellationToken)
    {
        if (ids.Count == 0)
        {
            return [];
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);
    }

    private static Agreement AgreementOf(string who, IReadOnlyList<Cell> cells)
    {
        long Sum(ImageStatus mine, ImageStatus other) => cells.Where(c => c.Mine == mine && c.Other == other).Sum(c => c.Count);
        return new Agreement(
            who,
            Sum(ImageStatus.Approved, ImageStatus.Approved),
            Sum(ImageStatus.Approved, ImageStatus.Rejected),
            Sum(ImageStatus.Rejected, ImageStatus.Approved),
            Sum(ImageStatus.Rejected, ImageStatus.Rejected));
    }

    private sealed record Cell(string Who, ImageStatus Mine, ImageStatus Other, long Count);

    private sealed record OpenTask(DateTimeOffset EnqueuedAt, DateTimeOffset? DecidedAt, string Queue);

    private sealed record TaskHistory(DateTimeOffset? FirstEnqueued, DateTimeOffset? LastDecided);
}

/// <summary>Human-labelled score rows of one (category, band, score bin, answer), counted.</summary>
internal sealed record LabelCount(string Category, Outcome? Band, int Bin, ImageStatus Status, long Count);
