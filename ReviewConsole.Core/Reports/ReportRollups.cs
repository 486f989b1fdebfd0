using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Core.Reports;

/// <summary>
/// The reports' rollups (<see cref="ReportDailyCount"/>): the decision-driven figures of each UTC hour and
/// day, counted once, so a report over a month adds up a few thousand rows instead of a million decisions.
/// </summary>
/// <remarks>
/// A refresh recomputes whole hours from the source rows and replaces them, then each affected day's row
/// from its hours, so it is idempotent and safe under undo and overturn: a decision newer than the mark
/// dirties every hour its image has anything in (its decisions, its tasks' answers, its own decision time),
/// which covers the hour an undone answer or an overturned image used to count in. A period reads day rows
/// for its whole days, hour rows for the whole hours of its partial days, and counts its partial first and
/// last hours from the source rows by the same queries, so every figure stays exact, ends included.
/// </remarks>
public sealed class ReportRollups(IDbContextFactory<ReviewDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Score bins of the calibration table: tenths.</summary>
    public const int CalibrationBins = 10;

    private static readonly ReviewDecisionKind[] Answers = [ReviewDecisionKind.Approve, ReviewDecisionKind.Reject];

    // One refresh at a time in this process: two pages loading together would otherwise both rewrite the same
    // hours, and on SQLite two read-then-write transactions can fail each other with "database is locked".
    private readonly SemaphoreSlim _refreshing = new(1, 1);

    /// <summary>
    /// Brings the rollups up to the newest decision: recomputes the hours the decisions since the mark touched
    /// (every hour with data on the first run), then their days. Returns how many hours were rewritten.
    /// </summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            return await RefreshOnceAsync(cancellationToken);
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task<int> RefreshOnceAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mark = await db.ReportRollupMarks.SingleOrDefaultAsync(m => m.Id == ReportRollupMark.SingletonId, cancellationToken);
        var last = mark?.LastDecisionId ?? 0;
        var top = await db.ReviewDecisions.MaxAsync(d => (long?)d.Id, cancellationToken) ?? 0;
        if (mark is not null && top <= last)
        {
            return 0;
        }

        var hours = mark is null ? await AllHoursAsync(db, cancellationToken) : await TouchedHoursAsync(db, last, top, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RewriteAsync(db, hours, cancellationToken);
        if (mark is null)
        {
            mark = ReportRollupMark.Start();
            db.ReportRollupMarks.Add(mark);
        }

        mark.Advance(top, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return hours.Count;
    }

    /// <summary>Recomputes one UTC day's rows (its hours, then the day) from the source rows, whatever the mark says (repairs, tests).</summary>
    public async Task RewriteDayAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RewriteAsync(db, [.. Enumerable.Range(0, 24).Select(h => StartOf(day).AddHours(h))], cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The figures of <paramref name="range"/>: day rows for its whole days and hour rows for the whole hours
    /// of its partial days, summed in the database, plus its partial first and last hours counted from the
    /// source rows. Call <see cref="RefreshAsync"/> first.
    /// </summary>
    internal async Task<IReadOnlyList<RollupFact>> ReadAsync(ReportRange range, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var facts = new List<RollupFact>();
        var firstDay = DayOf(Ceiling(range.From, TimeSpan.FromDays(1)));
        var endDay = DayOf(Floor(range.To, TimeSpan.FromDays(1)));
        if (firstDay < endDay)
        {
            facts.AddRange(await db.ReportDailyCounts.AsNoTracking()
                .Where(c => c.Hour == ReportDailyCount.WholeDay && c.Day >= firstDay && c.Day < endDay)
                .GroupBy(c => new { c.Fact, c.Key1, c.Key2, c.Key3, c.Bin })
                .Select(g => new RollupFact(g.Key.Fact, g.Key.Key1, g.Key.Key2, g.Key.Key3, g.Key.Bin, g.Sum(c => c.Count), g.Sum(c => c.Sum)))
                .ToListAsync(cancellationToken));
            await ReadHoursAsync(db, range.From, StartOf(firstDay), facts, cancellationToken);
            await ReadHoursAsync(db, StartOf(endDay), range.To, facts, cancellationToken);
        }
        else
        {
            await ReadHoursAsync(db, range.From, range.To, facts, cancellationToken);
        }

        return Combine(facts);
    }

    /// <summary>
    /// The handling-time bucket of a duration: 5 s wide under 2 min, 30 s to 10 min, 5 min to 1 h, then one
    /// bucket. Coarse on purpose: a moderator's day has at most 51 rows whatever their volume.
    /// </summary>
    public static int BucketOf(long milliseconds) =>
        milliseconds < 120_000 ? (int)(milliseconds / 5_000)
        : milliseconds < 600_000 ? 24 + (int)((milliseconds - 120_000) / 30_000)
        : milliseconds < 3_600_000 ? 40 + (int)((milliseconds - 600_000) / 300_000)
        : 50;

    internal static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    private static DateTimeOffset Floor(DateTimeOffset instant, TimeSpan grain) =>
        new(instant.UtcTicks - instant.UtcTicks % grain.Ticks, TimeSpan.Zero);

    private static DateTimeOffset Ceiling(DateTimeOffset instant, TimeSpan grain)
    {
        var floor = Floor(instant, grain);
        return floor == instant ? floor : floor + grain;
    }

    /// <summary>[<paramref name="from"/>, <paramref name="to"/>) within at most two partial days: hour rows for its whole hours, source rows for the rest.</summary>
    private static async Task ReadHoursAsync(ReviewDbContext db, DateTimeOffset from, DateTimeOffset to, List<RollupFact> facts, CancellationToken cancellationToken)
    {
        if (from >= to)
        {
            return;
        }

        var first = Ceiling(from, TimeSpan.FromHours(1));
        var end = Floor(to, TimeSpan.FromHours(1));
        if (first >= end)
        {
            facts.AddRange(await ComputeAsync(db, from, to, cancellationToken));
            return;
        }

        var (firstDay, firstHour, endDay, endHour) = (DayOf(first), first.UtcDateTime.Hour, DayOf(end), end.UtcDateTime.Hour);
        facts.AddRange(await db.ReportDailyCounts.AsNoTracking()
            .Where(c => c.Hour != ReportDailyCount.WholeDay
                && (c.Day > firstDay || (c.Day == firstDay && c.Hour >= firstHour))
                && (c.Day < endDay || (c.Day == endDay && c.Hour < endHour)))
            .GroupBy(c => new { c.Fact, c.Key1, c.Key2, c.Key3, c.Bin })
            .Select(g => new RollupFact(g.Key.Fact, g.Key.Key1, g.Key.Key2, g.Key.Key3, g.Key.Bin, g.Sum(c => c.Count), g.Sum(c => c.Sum)))
            .ToListAsync(cancellationToken));
        if (from < first)
        {
            facts.AddRange(await ComputeAsync(db, from, first, cancellationToken));
        }

        if (end < to)
        {
            facts.AddRange(await ComputeAsync(db, end, to, cancellationToken));
        }
    }

    private static IReadOnlyList<RollupFact> Combine(List<RollupFact> facts) =>
        [.. facts.GroupBy(f => (f.Fact, f.Key1, f.Key2, f.Key3, f.Bin))
            .Select(g => g.Count() == 1 ? g.First() : g.First() with { Count = g.Sum(f => f.Count), Sum = g.Sum(f => f.Sum) })];

    /// <summary>Rewrites each hour from the source rows, then each of their days from its hour rows (no second pass over the decisions).</summary>
    private static async Task RewriteAsync(ReviewDbContext db, IReadOnlyCollection<DateTimeOffset> hours, CancellationToken cancellationToken)
    {
        foreach (var hour in hours.Order())
        {
            var (day, h) = (DayOf(hour), hour.UtcDateTime.Hour);
            await db.ReportDailyCounts.Where(c => c.Day == day && c.Hour == h).ExecuteDeleteAsync(cancellationToken);
            var facts = await ComputeAsync(db, hour, hour.AddHours(1), cancellationToken);
            db.ReportDailyCounts.AddRange(facts.Select(f => ReportDailyCount.Of(day, h, f)));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        foreach (var day in hours.Select(DayOf).Distinct().Order())
        {
            await db.ReportDailyCounts.Where(c => c.Day == day && c.Hour == ReportDailyCount.WholeDay).ExecuteDeleteAsync(cancellationToken);
            var sums = await db.ReportDailyCounts.AsNoTracking()
                .Where(c => c.Day == day && c.Hour != ReportDailyCount.WholeDay)
                .GroupBy(c => new { c.Fact, c.Key1, c.Key2, c.Key3, c.Bin })
                .Select(g => new RollupFact(g.Key.Fact, g.Key.Key1, g.Key.Key2, g.Key.Key3, g.Key.Bin, g.Sum(c => c.Count), g.Sum(c => c.Sum)))
                .ToListAsync(cancellationToken);
            db.ReportDailyCounts.AddRange(sums.Select(f => ReportDailyCount.Of(day, ReportDailyCount.WholeDay, f)));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>Every hour from the first to the last decision, decided task or decided image: the first run's work.</summary>
    private static async Task<List<DateTimeOffset>> AllHoursAsync(ReviewDbContext db, CancellationToken cancellationToken)
    {
        var bounds = new List<DateTimeOffset?>
        {
            await db.ReviewDecisions.MinAsync(d => (DateTimeOffset?)d.CreatedAt, cancellationToken),
            await db.ReviewDecisions.MaxAsync(d => (DateTimeOffset?)d.CreatedAt, cancellationToken),
            await db.ReviewTasks.MinAsync(t => t.DecidedAt, cancellationToken),
            await db.ReviewTasks.MaxAsync(t => t.DecidedAt, cancellationToken),
            await db.Images.Where(i => i.DecidedBy == DecidedBy.Human).MinAsync(i => i.DecidedAt, cancellationToken),
            await db.Images.Where(i => i.DecidedBy == DecidedBy.Human).MaxAsync(i => i.DecidedAt, cancellationToken),
        };
        var known = bounds.OfType<DateTimeOffset>().ToList();
        var hours = new List<DateTimeOffset>();
        if (known.Count == 0)
        {
            return hours;
        }

        for (var hour = Floor(known.Min(), TimeSpan.FromHours(1)); hour <= known.Max(); hour = hour.AddHours(1))
        {
            hours.Add(hour);
        }

        return hours;
    }

    /// <summary>The hours anything of the images behind decisions (<paramref name="after"/>, <paramref name="upTo"/>] counts in.</summary>
    private static async Task<List<DateTimeOffset>> TouchedHoursAsync(ReviewDbContext db, long after, long upTo, CancellationToken cancellationToken)
    {
        var images = db.ReviewDecisions.Where(d => d.Id > after && d.Id <= upTo).Select(d => d.ImageId).Distinct();
        var instants = new List<DateTimeOffset?>();
        instants.AddRange(await db.ReviewDecisions.Where(d => images.Contains(d.ImageId)).Select(d => (DateTimeOffset?)d.CreatedAt).ToListAsync(cancellationToken));
        instants.AddRange(await db.ReviewTasks.Where(t => images.Contains(t.ImageId)).Select(t => t.DecidedAt).ToListAsync(cancellationToken));
        instants.AddRange(await db.Images.Where(i => images.Contains(i.Id)).Select(i => i.DecidedAt).ToListAsync(cancellationToken));
        return [.. instants.OfType<DateTimeOffset>().Select(i => Floor(i, TimeSpan.FromHours(1))).Distinct()];
    }

    /// <summary>Every rolled-up figure of [<paramref name="from"/>, <paramref name="to"/>), counted from the source rows.</summary>
    private static async Task<List<RollupFact>> ComputeAsync(ReviewDbContext db, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        var facts = new List<RollupFact>();

        // Human labels: images a person decided (their final status, overturns included), and audit answers.
        var decided = await db.Images.AsNoTracking()
            .Where(i => i.DecidedBy == DecidedBy.Human && i.DecidedAt >= from && i.DecidedAt < to)
            .SelectMany(i => i.Scores, (i, s) => new { s.Category, s.Band, Bin = (int)(s.Score * CalibrationBins), i.Status })
            .GroupBy(x => new { x.Category, x.Band, x.Bin, x.Status })
            .Select(g => new { g.Key.Category, g.Key.Band, g.Key.Bin, g.Key.Status, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        var audited = await db.ReviewTasks.AsNoTracking()
            .Where(t => t.Kind == ReviewTaskKind.Audit && t.DecidedAt >= from && t.DecidedAt < to && t.DecidedStatus != null)
            .Join(db.Images, t => t.ImageId, i => i.Id, (t, i) => new { t.DecidedStatus, i })
            .SelectMany(x => x.i.Scores, (x, s) => new { s.Category, s.Band, Bin = (int)(s.Score * CalibrationBins), Status = x.DecidedStatus!.Value })
            .GroupBy(x => new { x.Category, x.Band, x.Bin, x.Status })
            .Select(g => new { g.Key.Category, g.Key.Band, g.Key.Bin, g.Key.Status, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        facts.AddRange(decided.Concat(audited).Select(l => new RollupFact(ReportFacts.Label, l.Category, l.Band?.ToString() ?? string.Empty, l.Status.ToString(), l.Bin, l.Count, 0)));

        var audits = await db.ReviewTasks.AsNoTracking()
            .Where(t => t.Kind == ReviewTaskKind.Audit && t.DecidedAt >= from && t.DecidedAt < to && t.DecidedStatus != null)
            .GroupBy(t => new { t.AiOutcome, t.DecidedStatus })
            .Select(g => new { g.Key.AiOutcome, g.Key.DecidedStatus, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        facts.AddRange(audits.Select(a => new RollupFact(ReportFacts.Audit, a.AiOutcome?.ToString() ?? string.Empty, a.DecidedStatus!.Value.ToString(), string.Empty, 0, a.Count, 0)));

        var answers = Answered(db, from, to);
        var work = await answers
            .GroupBy(d => new { d.ActorId, d.TaskKind })
            .Select(g => new { g.Key.ActorId, g.Key.TaskKind, Count = g.LongCount(), HandledMs = g.Sum(d => d.HandlingMilliseconds ?? 0) })
            .ToListAsync(cancellationToken);
        facts.AddRange(work.Select(w => new RollupFact(ReportFacts.Answer, w.ActorId, w.TaskKind?.ToString() ?? string.Empty, string.Empty, 0, w.Count, w.HandledMs)));

        // The bucket arithmetic mirrors BucketOf, in SQL so only (moderator, bucket) rows come back.
        var handling = await answers
            .Where(d => d.HandlingMilliseconds != null)
            .GroupBy(d => new
            {
                d.ActorId,
                Bucket = d.HandlingMilliseconds < 120_000 ? (int)(d.HandlingMilliseconds!.Value / 5_000)
                    : d.HandlingMilliseconds < 600_000 ? 24 + (int)((d.HandlingMilliseconds!.Value - 120_000) / 30_000)
                    : d.HandlingMilliseconds < 3_600_000 ? 40 + (int)((d.HandlingMilliseconds!.Value - 600_000) / 300_000)
                    : 50,
            })
            .Select(g => new { g.Key.ActorId, g.Key.Bucket, Count = g.LongCount(), HandledMs = g.Sum(d => d.HandlingMilliseconds!.Value) })
            .ToListAsync(cancellationToken);
        facts.AddRange(handling.Select(h => new RollupFact(ReportFacts.Handling, h.ActorId, string.Empty, string.Empty, h.Bucket, h.Count, h.HandledMs)));

        // An overturn after a moderator's review answer on the same image overturned it. Probed from the
        // slice's review answers (image-and-id index), so an hour's rollup costs that hour's answers, not every later overturn.
        var overturned = await answers
            .Where(d => d.TaskKind == ReviewTaskKind.Review
                && db.ReviewDecisions.Any(o => o.ImageId == d.ImageId && o.Id > d.Id && o.Kind == ReviewDecisionKind.Overturn))
            .GroupBy(d => d.ActorId)
            .Select(g => new { ActorId = g.Key, Count = g.LongCount() })
            .ToListAsync(cancellationToken);
        facts.AddRange(overturned.Select(o => new RollupFact(ReportFacts.Overturned, o.ActorId, string.Empty, string.Empty, 0, o.Count, 0)));

        var gold = await db.ReviewTasks.AsNoTracking()
            .Where(t => t.Kind == ReviewTaskKind.Gold && t.DecidedAt >= from && t.DecidedAt < to && t.DecidedBy != null)
            .GroupBy(t => t.DecidedBy!)
            .Select(g => new { ActorId = g.Key, Answered = g.LongCount(), Correct = g.LongCount(t => t.DecidedStatus == t.GoldLabel) })
            .ToListAsync(cancellationToken);
        facts.AddRange(gold.Select(g => new RollupFact(ReportFacts.Gold, g.ActorId, string.Empty, string.Empty, 0, g.Answered, g.Correct)));

        var pairs = await db.ReviewTasks.AsNoTracking()
            .Where(s => s.Kind == ReviewTaskKind.DoubleReview && s.DecidedAt >= from && s.DecidedAt < to && s.DecidedStatus != null)
            .Join(
                db.ReviewTasks.Where(f => f.Kind == ReviewTaskKind.Review && f.DecidedStatus != null),
                s => s.ImageId,
                f => f.ImageId,
                (s, f) => new { First = f.DecidedBy!, FirstStatus = f.DecidedStatus!.Value, Second = s.DecidedBy!, SecondStatus = s.DecidedStatus!.Value })
            .GroupBy(p => new { p.First, p.FirstStatus, p.Second, p.SecondStatus })
            .Select(g => new { g.Key.First, g.Key.FirstStatus, g.Key.Second, g.Key.SecondStatus, Count = g.LongCount() })
            .ToListAsync(cancellationToken);

        // Stored as each side's cells (who, "mine|other") and the overall first-against-second cells (who ""),
        // not as pairs of moderators: a day stays at a few hundred rows however many pairs there were.
        var cells = pairs.Select(p => (Who: string.Empty, Mine: p.FirstStatus, Other: p.SecondStatus, p.Count))
            .Concat(pairs.Select(p => (Who: p.First, Mine: p.FirstStatus, Other: p.SecondStatus, p.Count)))
            .Concat(pairs.Select(p => (Who: p.Second, Mine: p.SecondStatus, Other: p.FirstStatus, p.Count)))
            .GroupBy(c => (c.Who, c.Mine, c.Other));
        facts.AddRange(cells.Select(c => new RollupFact(ReportFacts.Agreement, c.Key.Who, string.Empty, $"{c.Key.Mine}|{c.Key.Other}", 0, c.Sum(x => x.Count), 0)));
        return facts;
    }

    /// <summary>Approvals and rejections in the period that were not undone: the moderators' answers.</summary>
    private static IQueryable<ReviewDecision> Answered(ReviewDbContext db, DateTimeOffset from, DateTimeOffset to) =>
        db.ReviewDecisions.AsNoTracking()
            .Where(d => d.CreatedAt >= from && d.CreatedAt < to && Answers.Contains(d.Kind))
            .Where(d => !db.ReviewDecisions.Any(u => u.RevertsDecisionId == d.Id));
}
