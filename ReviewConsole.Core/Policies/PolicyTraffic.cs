using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Core.Policies;

/// <summary>
/// Reads what the policy editor's what-if needs from recorded traffic: recent images' score
/// snapshots, labelled images (people's verdicts with the scores the image had) and per-category
/// score histograms. Everything is bounded and read as compact projections (ids, categories, scores).
/// </summary>
public sealed class PolicyTraffic(ReviewDbContext db)
{
    /// <summary>The most images the what-if reads per side; enough for shares to two decimals, small enough to re-evaluate per keystroke.</summary>
    public const int DefaultSample = 20_000;

    /// <summary>The latest <paramref name="max"/> scored images since <paramref name="since"/>, as score maps (images with no scores, e.g. failed ones, are left out).</summary>
    public async Task<IReadOnlyList<IReadOnlyDictionary<string, double>>> RecentScoresAsync(DateTimeOffset since, int max = DefaultSample, CancellationToken cancellationToken = default)
    {
        var rows = await Scored(since)
            .OrderByDescending(i => i.ScoredAt)
            .Take(max)
            .SelectMany(i => i.Scores, (i, s) => new ScoreRow(i.Id, s.Category, s.Score))
            .ToListAsync(cancellationToken);
        return [.. Group(rows).Values];
    }

    /// <summary>
    /// Images people gave a verdict on since <paramref name="since"/>, with the scores they had: images
    /// decided by a person (review or overturn; the current status is the verdict) and audit samples
    /// labelled approve or reject. The latest <paramref name="max"/> of each kind.
    /// </summary>
    public async Task<IReadOnlyList<LabelledScores>> LabelledAsync(DateTimeOffset since, int max = DefaultSample, CancellationToken cancellationToken = default)
    {
        var verdicts = new Dictionary<Guid, bool>();
        var audited = await db.ReviewDecisions.AsNoTracking()
            .Where(d => d.Queue == ReviewQueues.Audit && (d.Kind == ReviewDecisionKind.Approve || d.Kind == ReviewDecisionKind.Reject) && d.CreatedAt >= since)
            .OrderByDescending(d => d.Id)
            .Take(max)
            .Select(d => new { d.ImageId, Approved = d.Kind == ReviewDecisionKind.Approve })
            .ToListAsync(cancellationToken);

        // Newest first: the first label seen for an image is its latest.
        foreach (var label in audited)
        {
            verdicts.TryAdd(label.ImageId, label.Approved);
        }

        var decided = await db.Images.AsNoTracking()
            .Where(i => i.DecidedBy == DecidedBy.Human && i.DecidedAt >= since && (i.Status == ImageStatus.Approved || i.Status == ImageStatus.Rejected))
            .OrderByDescending(i => i.DecidedAt)
            .Take(max)
            .Select(i => new { i.Id, Approved = i.Status == ImageStatus.Approved })
            .ToListAsync(cancellationToken);

        // A person's decision on the image itself outranks an audit label.
        foreach (var image in decided)
        {
            verdicts[image.Id] = image.Approved;
        }

        var ids = verdicts.Keys.ToList();
        var rows = new List<ScoreRow>();
        foreach (var chunk in ids.Chunk(2000))
        {
            rows.AddRange(await db.Images.AsNoTracking()
                .Where(i => chunk.Contains(i.Id))
                .SelectMany(i => i.Scores, (i, s) => new ScoreRow(i.Id, s.Category, s.Score))
                .ToListAsync(cancellationToken));
        }

        return [.. Group(rows).Select(kv => new LabelledScores(kv.Value, verdicts[kv.Key]))];
    }

    /// <summary>
    /// How many images scored since <paramref name="since"/> fall in each of <paramref name="buckets"/>
    /// equal bins of <paramref name="category"/>'s score; counted in the database (bin <c>floor(score*N)</c>, a score of 1 in the last bin).
    /// </summary>
    public async Task<int[]> HistogramAsync(string category, DateTimeOffset since, int buckets = 20, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        var counts = await Scored(since)
            .SelectMany(i => i.Scores)
            .Where(s => s.Category == category)
            .GroupBy(s => (int)(s.Score * buckets))
            .Select(g => new { Bucket = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var histogram = new int[buckets];
        foreach (var c in counts)
        {
            histogram[Math.Clamp(c.Bucket, 0, buckets - 1)] += c.Count;
        }

        return histogram;
    }

    private IQueryable<ImageSubmission> Scored(DateTimeOffset since) =>
        db.Images.AsNoTracking().Where(i => i.ScoredAt != null && i.ScoredAt >= since);

    private static Dictionary<Guid, IReadOnlyDictionary<string, double>> Group(List<ScoreRow> rows)
    {
        var byImage = new Dictionary<Guid, IReadOnlyDictionary<string, double>>();
        foreach (var group in rows.GroupBy(r => r.ImageId))
        {
            byImage[group.Key] = group.ToDictionary(r => r.Category, r => r.Score, StringComparer.Ordinal);
        }

        return byImage;
    }

    private sealed record ScoreRow(Guid ImageId, string Category, double Score);
}
