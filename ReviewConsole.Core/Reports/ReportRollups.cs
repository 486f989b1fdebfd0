using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Core.Reports;

/// <summary>
/// The reports' daily rollups (<see cref="ReportDailyCount"/>): the decision-driven figures of each UTC
/// day, counted once, so a report over a month adds up a few thousand rows instead of a million decisions.
/// </summary>
/// <remarks>
/// A refresh recomputes whole days from the source rows and replaces them, so it is idempotent and safe
/// under undo and overturn: a decision newer than the mark dirties every day its image has anything on
/// (its decisions, its tasks' answers, its own decision time), which covers the day an undone answer or
/// an overturned image used to count in. A period's partial first and last days are counted from the
/// source rows by the same queries, so every figure stays exact, ends included.
/// </remarks>
public sealed class ReportRollups(IDbContextFactory<ReviewDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>Score bins of the calibration table: tenths.</summary>
    public const int CalibrationBins = 10;

    /// <summary>The handling-time bucket of untimed answers.</summary>
    public const int Untimed = -1;

    private static readonly ReviewDecisionKind[] Answers = [ReviewDecisionKind.Approve, ReviewDecisionKind.Reject];

    /// <summary>
    /// Brings the rollups up to the newest decision: recomputes the days the decisions since the mark touched
    /// (every day with data on the first run). Returns how many days were rewritten.
    /// </summary>
    public async Task<int> RefreshAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var mark = await db.ReportRollupMarks.SingleOrDefaultAsync(m => m.Id == ReportRollupMark.SingletonId, cancellationToken);
        var last = mark?.LastDecisionId ?? 0;
        var top = await db.ReviewDecisions.MaxAsync(d => (long?)d.Id, cancellationToken) ?? 0;
        if (mark is not null && top <= last)
        {
            return 0;
        }

        var days = mark is null ? await AllDaysAsync(db, cancellationToken) : await TouchedDaysAsync(db, last, top, cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        foreach (var day in days.Order())
        {
            await RewriteDayAsync(db, day, cancellationToken);
        }

        if (mark is null)
        {
            mark = ReportRollupMark.Start();
            db.ReportRollupMarks.Add(mark);
        }

        mark.Advance(top, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return days.Count;
    }

    /// <summary>Recomputes one UTC day's rows from the source rows, whatever the mark says (repairs, tests).</summary>
    public async Task RewriteDayAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await RewriteDayAsync(db, day, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// The figures of <paramref name="range"/>: stored rows for its whole days, summed in the database,
    /// plus its partial first and last days counted from the source rows. Call <see cref="RefreshAsync"/> first.
    /// </summary>
    internal async Task<IReadOnlyList<RollupFact>> ReadAsync(ReportRange range, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var firstWhole = CeilingDay(range.From);
        var endWhole = DayOf(range.To);
        var facts = new List<RollupFact>();
        if (StartOf(firstWhole) >= range.To || endWhole <= firstWhole)
        {
            facts.AddRange(await ComputeAsync(db, range.From, range.To, cancellationToken));
            return Combine(facts);
        }

        facts.AddRange(await db.ReportDailyCounts.AsNoTracking()
            .Where(c => c.Day >= firstWhole && c.Day < endWhole)
            .GroupBy(c => new { c.Fact, c.Key1, c.Key2, c.Key3, c.Bin })
            .Select(g => new RollupFact(g.Key.Fact, g.Key.Key1, g.Key.Key2, g.Key.Key3, g.Key.Bin, g.Sum(c => c.Count), g.Sum(c => c.Sum)))
            .ToListAsync(cancellationToken));
        if (range.From < StartOf(firstWhole))
        {
            facts.AddRange(await ComputeAsync(db, range.From, StartOf(firstWhole), cancellationToken));
        }

        if (StartOf(endWhole) < range.To)
        {
            facts.AddRange(await ComputeAsync(db, StartOf(endWhole), range.To, cancellationToken));
        }

        return Combine(facts);
    }

    /// <summary>The handling-time bucket of a duration: 1 s wide under 2 min, 10 s to 10 min, 1 min to 1 h, then one bucket.</summary>
    public static int BucketOf(long milliseconds) =>
        milliseconds < 120_000 ? (int)(milliseconds / 1000)
        : milliseconds < 600_000 ? 120 + (int)((milliseconds - 120_000) / 10_000)
        : milliseconds < 3_600_000 ? 168 + (int)((milliseconds - 600_000) / 60_000)
        : 218;

    internal static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static DateOnly DayOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.UtcDateTime);

    private static DateOnly CeilingDay(DateTimeOffset instant)
    {
        var day = DayOf(instant);
        return StartOf(day) == instant ? day : day.AddDays(1);
    }

    private static IReadOnlyList<RollupFact> Combine(List<RollupFact> facts) =>
        [.. facts.GroupBy(f => (f.Fact, f.Key1, f.Key2, f.Key3, f.Bin))
            .Select(g => g.Count() == 1 ? g.First() : g.First() with { Count = g.Sum(f => f.Count), Sum = g.Sum(f => f.Sum) })];

    private static async Task RewriteDayAsync(ReviewDbContext db, DateOnly day, CancellationToken cancellationToken)
    {
        await db.ReportDailyCounts.Where(c => c.Day == day).ExecuteDeleteAsync(cancellationToken);
        var facts = await ComputeAsync(db, StartOf(day), StartOf(day.AddDays(1)), cancellationToken);
        db.ReportDailyCounts.AddRange(facts.Select(f => ReportDailyCount.Of(day, f)));
        await db.SaveChangesAsync(cancellationToken);
        db.ChangeTracker.Clear();
    }

    /// <summary>Every day with a decision, a decided task or a decided image: the first run's work.</summary>
    private static async Task<HashSet<DateOnly>> AllDaysAsync(ReviewDbContext db, CancellationToken cancellationToken)
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
        var days = new HashSet<DateOnly>();
        if (known.Count == 0)
        {
            return days;
        }

        for (var day = DayOf(known.Min()); day <= DayOf(known.Max()); day = day.AddDays(1))
        {
            days.Add(day);
        }

        return days;
    }

    /// <summary>The days anything of the images behind decisions (<paramref name="after"/>, <paramref name="upTo"/>] counts in.</summary>
    private static async Task<HashSet<DateOnly>> TouchedDaysAsync(ReviewDbContext db, long after, long upTo, CancellationToken cancellationToken)
    {
        var images = db.ReviewDecisions.Where(d => d.Id > after && d.Id <= upTo).Select(d => d.ImageId).Distinct();
        var instants = new List<DateTimeOffset?>();
        instants.AddRange(await db.ReviewDecisions.Where(d => images.Contains(d.ImageId)).Select(d => (DateTimeOffset?)d.CreatedAt).ToListAsync(cancellationToken));
        instants.AddRange(await db.ReviewTasks.Where(t => images.Contains(t.ImageId)).Select(t => t.DecidedAt).ToListAsync(cancellationToken));
        instants.AddRange(await db.Images.Where(i => images.Contains(i.Id)).Select(i => i.DecidedAt).ToListAsync(cancellationToken));
        return [.. instants.OfType<DateTimeOffset>().Select(DayOf)];
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

        // The bucket arithmetic mirrors BucketOf, in SQL so only (moderator, kind, bucket) rows come back.
        var answers = Answered(db, from, to);
        var work = await answers
            .GroupBy(d => new
            {
                d.ActorId,
                d.TaskKind,
                Bucket = d.HandlingMilliseconds == null ? Untimed
                    : d.HandlingMilliseconds < 120_000 ? (int)(d.HandlingMilliseconds.Value / 1000)
                    : d.HandlingMilliseconds < 600_000 ? 120 + (int)((d.HandlingMilliseconds.Value - 120_000) / 10_000)
                    : d.HandlingMilliseconds < 3_600_000 ? 168 + (int)((d.HandlingMilliseconds.Value - 600_000) / 60_000)
                    : 218,
            })
            .Select(g => new { g.Key.ActorId, g.Key.TaskKind, g.Key.Bucket, Count = g.LongCount(), HandledMs = g.Sum(d => d.HandlingMilliseconds ?? 0) })
            .ToListAsync(cancellationToken);
        facts.AddRange(work.Select(w => new RollupFact(ReportFacts.Answer, w.ActorId, w.TaskKind?.ToString() ?? string.Empty, string.Empty, w.Bucket, w.Count, w.HandledMs)));

        // An overturn after a moderator's review answer on the same image overturned it. Driven from the
        // overturns (few) to the answers they follow, rather than probing every answer for a later overturn.
        var overturned = await db.ReviewDecisions.AsNoTracking()
            .Where(o => o.Kind == ReviewDecisionKind.Overturn && o.CreatedAt >= from)
            .SelectMany(o => answers.Where(d => d.ImageId == o.ImageId && d.Id < o.Id && d.TaskKind == ReviewTaskKind.Review), (o, d) => new { d.ActorId, d.Id })
            .Distinct()
            .GroupBy(x => x.ActorId)
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
        facts.AddRange(pairs.Select(p => new RollupFact(ReportFacts.Agreement, p.First, p.Second, $"{p.FirstStatus}|{p.SecondStatus}", 0, p.Count, 0)));
        return facts;
    }

    /// <summary>Approvals and rejections in the period that were not undone: the moderators' answers.</summary>
    private static IQueryable<ReviewDecision> Answered(ReviewDbContext db, DateTimeOffset from, DateTimeOffset to) =>
        db.ReviewDecisions.AsNoTracking()
            .Where(d => d.CreatedAt >= from && d.CreatedAt < to && Answers.Contains(d.Kind))
            .Where(d => !db.ReviewDecisions.Any(u => u.RevertsDecisionId == d.Id));
}
