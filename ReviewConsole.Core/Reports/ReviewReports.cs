using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Core.Reports;

/// <summary>
/// Supervisor reports over a period: the AI against people, moderators' work and agreement, and the
/// queues over time. Every figure is counted in the database (GROUP BY, conditional counts, ORDER BY
/// with OFFSET for medians and percentiles, no window functions, so SQLite and SQL Server alike); what
/// comes back is a few rows per category, moderator or instant, never the decisions themselves.
/// </summary>
/// <remarks>
/// Human labels of images come from two places: images a person decided (their final status, overturns
/// included), and audit samples (the audit answer; the image's status stayed the AI's). The AI side is
/// each category's band snapshot on the image's scores (<see cref="ImageScore.Band"/>).
/// </remarks>
public sealed class ReviewReports(IDbContextFactory<ReviewDbContext> dbFactory, IOptions<ReviewOptions> options)
{
    /// <summary>Score bins of the calibration table: tenths.</summary>
    public const int CalibrationBins = 10;

    /// <summary>How many instants the backlog is sampled at across the period, ends included.</summary>
    public const int BacklogPoints = 12;

    private static readonly ReviewDecisionKind[] Answers = [ReviewDecisionKind.Approve, ReviewDecisionKind.Reject];

    /// <summary>Every figure of the page for <paramref name="range"/>.</summary>
    public async Task<ReportSet> LoadAsync(ReportRange range, CancellationToken cancellationToken = default)
    {
        var labels = await LabelCountsAsync(range, cancellationToken);
        var confusion = ConfusionOf(labels);
        return new ReportSet(
            range,
            confusion,
            AutoRejectOf(confusion),
            await AuditAsync(range, cancellationToken),
            CalibrationOf(labels),
            await ModeratorsAsync(range, cancellationToken),
            await AgreementAsync(range, cancellationToken),
            await BacklogAsync(range, BacklogPoints, cancellationToken),
            await QueuesAsync(range, cancellationToken));
    }

    /// <summary>One table by its URL name, computing only what it needs; null for an unknown name.</summary>
    public async Task<ReportTable?> TableAsync(string name, ReportRange range, CancellationToken cancellationToken = default)
    {
        switch (name)
        {
            case ReportTables.ConfusionName:
                return ReportTables.Confusion(ConfusionOf(await LabelCountsAsync(range, cancellationToken)));
            case ReportTables.AutoRejectName:
                return ReportTables.AutoReject(AutoRejectOf(ConfusionOf(await LabelCountsAsync(range, cancellationToken))));
            case ReportTables.CalibrationName:
                return ReportTables.Calibration(CalibrationOf(await LabelCountsAsync(range, cancellationToken)));
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

    /// <summary>
    /// Human-labelled (category, band, score bin, answer) counts, from both label sources in the period:
    /// the input of the confusion, auto-reject and calibration tables (one grouped query per source).
    /// </summary>
    internal async Task<IReadOnlyList<LabelCount>> LabelCountsAsync(ReportRange range, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var decided = await db.Images.AsNoTracking()
            .Where(i => i.DecidedBy == DecidedBy.Human && i.DecidedAt >= range.From && i.DecidedAt < range.To)
            .SelectMany(i => i.Scores, (i, s) => new { s.Category, s.Band, Bin = (int)(s.Score * CalibrationBins), i.Status })
            .GroupBy(x => new { x.Category, x.Band, x.Bin, x.Status })
            .Select(g => new LabelCount(g.Key.Category, g.Key.Band, g.Key.Bin, g.Key.Status, g.Count()))
            .ToListAsync(cancellationToken);
        var audited = await db.ReviewTasks.AsNoTracking()
            .Where(t => t.Kind == ReviewTaskKind.Audit && t.DecidedAt >= range.From && t.DecidedAt < range.To && t.DecidedStatus != null)
            .Join(db.Images, t => t.ImageId, i => i.Id, (t, i) => new { t.DecidedStatus, i })
            .SelectMany(x => x.i.Scores, (x, s) => new { s.Category, s.Band, Bin = (int)(s.Score * CalibrationBins), Status = x.DecidedStatus!.Value })
            .GroupBy(x => new { x.Category, x.Band, x.Bin, x.Status })
            .Select(g => new LabelCount(g.Key.Category, g.Key.Band, g.Key.Bin, g.Key.Status, g.Count()))
            .ToListAsync(cancellationToken);
        return [.. decided, .. audited];
    }

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
    public async Task<IReadOnlyList<AuditErrorRate>> AuditAsync(ReportRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var counts = await db.ReviewTasks.AsNoTracking()
            .Where(t => t.Kind == ReviewTaskKind.Audit && t.DecidedAt >= range.From && t.DecidedAt < range.To && t.DecidedStatus != null)
            .GroupBy(t => t.AiOutcome)
            .Select(g => new
            {
                Outcome = g.Key,
                Audited = g.LongCount(),
                Rejected = g.LongCount(t => t.DecidedStatus == ImageStatus.Rejected),
            })
            .ToListAsync(cancellationToken);
        return [.. new[] { Outcome.Approve, Outcome.Reject }.Select(outcome =>
        {
            var row = counts.FirstOrDefault(c => c.Outcome == outcome);
            var audited = row?.Audited ?? 0;
            var wrong = outcome == Outcome.Approve ? row?.Rejected ?? 0 : audited - (row?.Rejected ?? 0);
            return new AuditErrorRate(outcome, WilsonInterval.Of(wrong, audited));
        })];
    }

    /// <summary>Each moderator's decisions, pace, median handling time, overturns and gold accuracy in the period.</summary>
    public async Task<IReadOnlyList<ModeratorFigures>> ModeratorsAsync(ReportRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var answers = Answered(db, range);
        var work = await answers
            .GroupBy(d => d.ActorId)
            .Select(g => new
            {
                ActorId = g.Key,
                Decisions = g.LongCount(),
                HandledMs = g.Sum(d => d.HandlingMilliseconds ?? 0),
                Timed = g.LongCount(d => d.HandlingMilliseconds != null),
                Review = g.LongCount(d => d.TaskKind == ReviewTaskKind.Review),
            })
            .ToListAsync(cancellationToken);

        // An overturn after a moderator's review decision on the same image overturned it. Driven from the
        // overturns (few) to the answers they follow, rather than probing every answer for a later overturn.
        var overturned = await db.ReviewDecisions.AsNoTracking()
            .Where(o => o.Kind == ReviewDecisionKind.Overturn && o.CreatedAt >= range.From)
            .SelectMany(o => answers.Where(d => d.ImageId == o.ImageId && d.Id < o.Id && d.TaskKind == ReviewTaskKind.Review), (o, d) => new { d.ActorId, d.Id })
            .Distinct()
            .GroupBy(x => x.ActorId)
            .Select(g => new { ActorId = g.Key, Count = g.LongCount() })
            .ToDictionaryAsync(x => x.ActorId, x => x.Count, cancellationToken);
        var gold = await db.ReviewTasks.AsNoTracking()
            .Where(t => t.Kind == ReviewTaskKind.Gold && t.DecidedAt >= range.From && t.DecidedAt < range.To && t.DecidedBy != null)
            .GroupBy(t => t.DecidedBy!)
            .Select(g => new { ActorId = g.Key, Answered = g.LongCount(), Correct = g.LongCount(t => t.DecidedStatus == t.GoldLabel) })
            .ToDictionaryAsync(x => x.ActorId, cancellationToken);

        var ids = work.Select(w => w.ActorId).Union(gold.Keys).ToList();
        var names = await NamesAsync(db, ids, cancellationToken);
        var figures = new List<ModeratorFigures>(ids.Count);
        foreach (var id in ids)
        {
            var w = work.FirstOrDefault(x => x.ActorId == id);
            var median = w is { Timed: > 0 } ? await MedianHandlingSecondsAsync(answers.Where(d => d.ActorId == id && d.HandlingMilliseconds != null), w.Timed, cancellationToken) : null;
            gold.TryGetValue(id, out var g);
            figures.Add(new ModeratorFigures(
                id,
                names.GetValueOrDefault(id, id),
                w?.Decisions ?? 0,
                (w?.HandledMs ?? 0) / 3_600_000.0,
                median,
                w?.Review ?? 0,
                overturned.GetValueOrDefault(id),
                g?.Answered ?? 0,
                g?.Correct ?? 0));
        }

        return [.. figures.OrderByDescending(f => f.Decisions).ThenBy(f => f.Name, StringComparer.Ordinal)];
    }

    /// <summary>
    /// Agreement between the first look (the review task's answer) and the second (the double-review
    /// task's) on items whose second look was answered in the period: overall, then per moderator
    /// (their answer against the other look's, whichever side they were on).
    /// </summary>
    public async Task<IReadOnlyList<Agreement>> AgreementAsync(ReportRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var pairs = db.ReviewTasks.AsNoTracking()
            .Where(s => s.Kind == ReviewTaskKind.DoubleReview && s.DecidedAt >= range.From && s.DecidedAt < range.To && s.DecidedStatus != null)
            .Join(
                db.ReviewTasks.Where(f => f.Kind == ReviewTaskKind.Review && f.DecidedStatus != null),
                s => s.ImageId,
                f => f.ImageId,
                (s, f) => new { First = f.DecidedBy!, FirstStatus = f.DecidedStatus!.Value, Second = s.DecidedBy!, SecondStatus = s.DecidedStatus!.Value });
        var asFirst = await pairs
            .GroupBy(p => new { p.First, p.FirstStatus, p.SecondStatus })
            .Select(g => new Cell(g.Key.First, g.Key.FirstStatus, g.Key.SecondStatus, g.LongCount()))
            .ToListAsync(cancellationToken);
        var asSecond = await pairs
            .GroupBy(p => new { p.Second, p.FirstStatus, p.SecondStatus })
            .Select(g => new Cell(g.Key.Second, g.Key.SecondStatus, g.Key.FirstStatus, g.LongCount()))
            .ToListAsync(cancellationToken);

        var names = await NamesAsync(db, [.. asFirst.Concat(asSecond).Select(c => c.Who).Distinct()], cancellationToken);
        var result = new List<Agreement> { AgreementOf("all", asFirst) };
        result.AddRange(asFirst.Concat(asSecond)
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
        var result = new List<BacklogPoint>(points);
        var step = (range.To - range.From) / (points - 1);
        for (var i = 0; i < points; i++)
        {
            var at = i == points - 1 ? range.To : range.From + step * i;
            var open = OpenAt(db, at);

            // Every decided task was enqueued before it was decided, so open = arrived - decided: two index range counts.
            var arrived = await db.ReviewTasks.LongCountAsync(t => t.EnqueuedAt <= at, cancellationToken);
            var left = await db.ReviewTasks.LongCountAsync(t => t.DecidedAt != null && t.DecidedAt <= at, cancellationToken);
            var count = arrived - left;
            result.Add(new BacklogPoint(
                at,
                count,
                await AgeAtRankAsync(open, at, Percentiles.NearestRankIndex(0.5, count), cancellationToken),
                await AgeAtRankAsync(open, at, Percentiles.NearestRankIndex(0.9, count), cancellationToken),
                count == 0 ? 0 : await OverSlaAsync(db, at, cancellationToken)));
        }

        return result;
    }

    /// <summary>Per queue: tasks enqueued and decided in the period, and open (and past the SLA) at its end.</summary>
    public async Task<IReadOnlyList<QueueFigures>> QueuesAsync(ReportRange range, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var from = range.From;
        var to = range.To;
        var rows = await db.ReviewTasks.AsNoTracking()
            .Where(t => t.EnqueuedAt < to && (t.DecidedAt == null || t.DecidedAt >= from))
            .GroupBy(t => t.Queue)
            .Select(g => new
            {
                Queue = g.Key,
                Enqueued = g.LongCount(t => t.EnqueuedAt >= from),
                Decided = g.LongCount(t => t.DecidedAt != null && t.DecidedAt < to),
                Open = g.LongCount(t => t.DecidedAt == null || t.DecidedAt >= to),
            })
            .ToListAsync(cancellationToken);
        var result = new List<QueueFigures>(rows.Count);
        foreach (var row in rows.OrderBy(r => r.Queue, StringComparer.Ordinal))
        {
            var sla = options.Value.SlaOf(row.Queue);
            var due = to - sla;
            var over = row.Open == 0 ? 0 : await OpenAt(db, to).LongCountAsync(t => t.Queue == row.Queue && t.EnqueuedAt <= due, cancellationToken);
            result.Add(new QueueFigures(row.Queue, row.Enqueued, row.Decided, row.Open, over, sla));
        }

        return result;
    }

    /// <summary>Approvals and rejections in the period that were not undone: the moderators' answers.</summary>
    private static IQueryable<ReviewDecision> Answered(ReviewDbContext db, ReportRange range) =>
        db.ReviewDecisions.AsNoTracking()
            .Where(d => d.CreatedAt >= range.From && d.CreatedAt < range.To && Answers.Contains(d.Kind))
            .Where(d => !db.ReviewDecisions.Any(u => u.RevertsDecisionId == d.Id));

    private static async Task<double?> MedianHandlingSecondsAsync(IQueryable<ReviewDecision> timed, long count, CancellationToken cancellationToken)
    {
        if (Percentiles.MedianIndexes(count) is not { } middle)
        {
            return null;
        }

        var values = await timed.OrderBy(d => d.HandlingMilliseconds)
            .Skip(middle.Lower)
            .Take(middle.Upper - middle.Lower + 1)
            .Select(d => d.HandlingMilliseconds!.Value)
            .ToListAsync(cancellationToken);
        return values.Count == 0 ? null : (values[0] + values[^1]) / 2.0 / 1000;
    }

    /// <summary>Tasks open at <paramref name="at"/>: enqueued by then and not decided by then.</summary>
    private static IQueryable<ReviewTask> OpenAt(ReviewDbContext db, DateTimeOffset at) =>
        db.ReviewTasks.AsNoTracking().Where(t => t.EnqueuedAt <= at && (t.DecidedAt == null || t.DecidedAt > at));

    /// <summary>The age at <paramref name="at"/> of the open task at 0-based <paramref name="index"/> youngest-first.</summary>
    private static async Task<double?> AgeAtRankAsync(IQueryable<ReviewTask> open, DateTimeOffset at, int? index, CancellationToken cancellationToken)
    {
        if (index is not { } skip)
        {
            return null;
        }

        // Youngest first: the walk back from the instant stops at the rank, so short percentiles stay cheap.
        var enqueued = await open.OrderByDescending(t => t.EnqueuedAt).Skip(skip).Select(t => (DateTimeOffset?)t.EnqueuedAt).FirstOrDefaultAsync(cancellationToken);
        return enqueued is { } e ? (at - e).TotalMinutes : null;
    }

    /// <summary>Open tasks at <paramref name="at"/> older than their queue's SLA: one count per distinct SLA.</summary>
    private async Task<long> OverSlaAsync(ReviewDbContext db, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var custom = options.Value.QueueSlas;
        var customQueues = custom.Keys.ToList();
        var defaultDue = at - options.Value.DefaultSla;
        var over = await OpenAt(db, at).LongCountAsync(t => t.EnqueuedAt <= defaultDue && !customQueues.Contains(t.Queue), cancellationToken);
        foreach (var group in custom.GroupBy(q => q.Value))
        {
            var due = at - group.Key;
            var queues = group.Select(q => q.Key).ToList();
            over += await OpenAt(db, at).LongCountAsync(t => t.EnqueuedAt <= due && queues.Contains(t.Queue), cancellationToken);
        }

        return over;
    }

    private static async Task<Dictionary<string, string>> NamesAsync(ReviewDbContext db, IReadOnlyList<string> ids, CancellationToken cancellationToken) =>
        ids.Count == 0 ? []
        : await db.Users.AsNoTracking().Where(u => ids.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);

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
}

/// <summary>Human-labelled score rows of one (category, band, score bin, answer), counted.</summary>
internal sealed record LabelCount(string Category, Outcome? Band, int Bin, ImageStatus Status, long Count);
