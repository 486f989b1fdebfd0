using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;

namespace ReviewConsole.Core.Review;

/// <summary>
/// Everything the workbench shows about a claimed item, read in one place: the image, its scores
/// against the policy version that judged it, its reasons, near-duplicates and earlier decisions.
/// </summary>
public sealed class ReviewItems(IDbContextFactory<ReviewDbContext> dbFactory, NearDuplicates nearDuplicates)
{
    /// <summary>Categories whose high scores are hidden (blurred or grey) until the moderator reveals the image.</summary>
    public static readonly IReadOnlySet<string> SensitiveCategories = new HashSet<string>(StringComparer.Ordinal)
    {
        Categories.Nudity, Categories.Suggestive, Categories.ExplicitDrawing,
    };

    private static readonly string[] LabelOrder =
    [
        Categories.Nudity, Categories.Suggestive, Categories.ExplicitDrawing, Categories.Illustration,
        Categories.Text, Categories.SpamText, Categories.Disallowed,
    ];

    /// <summary>
    /// Whether a task of <paramref name="kind"/> may show what people decided before on the image and
    /// its near-duplicates. Only a plain review may: an audit sample, a second opinion or a gold task
    /// measures a person's independent judgement, which earlier decisions on screen would bias. The
    /// one place this rule lives.
    /// </summary>
    public static bool ShowsEarlierDecisions(ReviewTaskKind kind) => kind == ReviewTaskKind.Review;

    /// <summary>The item behind <paramref name="claim"/>, or null when its image is gone.</summary>
    public async Task<ReviewItem?> LoadAsync(ReviewClaim claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var image = await db.Images.AsNoTracking().Include(i => i.Scores).FirstOrDefaultAsync(i => i.Id == claim.ImageId, cancellationToken);
        if (image is null)
        {
            return null;
        }

        var rules = image.PolicyName is null ? [] : (await db.PolicyVersions.AsNoTracking()
            .FirstOrDefaultAsync(v => v.PolicyName == image.PolicyName && v.Version == image.PolicyVersion, cancellationToken))?.Rules ?? [];
        var ruleOf = rules.Where(r => !r.Ignored).GroupBy(r => r.Category, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var scores = image.Scores
            .OrderBy(s => OrderOf(s.Category))
            .ThenBy(s => s.Category, StringComparer.Ordinal)
            .Select(s =>
            {
                var rule = ruleOf.GetValueOrDefault(s.Category);
                return new ItemScore(s.Category, s.Score, rule?.ApproveBelow, rule?.RejectAtOrAbove, IsHigh(s.Category, s.Score, rule));
            })
            .ToList();
        var labels = scores.Select(s => s.Category)
            .Union(ruleOf.Keys, StringComparer.Ordinal)
            .OrderBy(OrderOf)
            .ThenBy(c => c, StringComparer.Ordinal)
            .ToList();

        var shows = ShowsEarlierDecisions(claim.Kind);
        var history = shows ? await HistoryAsync(db, image.Sha256, cancellationToken) : [];
        var decided = shows ? await nearDuplicates.DecidedNearAsync(image.Id, cancellationToken) : [];
        var group = claim.Kind == ReviewTaskKind.Review ? await nearDuplicates.WaitingNearAsync(image.Id, claim.Queue, cancellationToken) : [];
        return new ReviewItem(
            claim,
            image.Id,
            image.Sha256,
            image.Format,
            image.Width,
            image.Height,
            image.ReceivedAt,
            image.PolicyName,
            image.PolicyVersion,
            scores,
            image.Reasons,
            labels,
            history,
            decided,
            [.. group.Where(g => g.TaskId != claim.TaskId)]);
    }

    /// <summary>
    /// "High": a sensitive category at or above its policy's approve-below threshold, so the AI could
    /// not approve it on that category. A rule that never approves (no threshold) makes any score high.
    /// </summary>
    public static bool IsHigh(string category, double score, CategoryRule? rule) =>
        SensitiveCategories.Contains(category) && rule is not null && (rule.ApproveBelow is not { } approveBelow || score >= approveBelow);

    private static int OrderOf(string category)
    {
        var index = Array.IndexOf(LabelOrder, category);
        return index < 0 ? LabelOrder.Length : index;
    }

    /// <summary>Every event on every submission of the same bytes (this one included), newest first, with the actor's name.</summary>
    private static async Task<IReadOnlyList<EarlierDecision>> HistoryAsync(ReviewDbContext db, string sha256, CancellationToken cancellationToken)
    {
        var rows = await db.ReviewDecisions.AsNoTracking()
            .Where(d => db.Images.Any(i => i.Id == d.ImageId && i.Sha256 == sha256))
            .OrderByDescending(d => d.Id)
            .Take(50)
            .ToListAsync(cancellationToken);
        var actors = rows.Select(r => r.ActorId).Distinct().ToList();
        var names = await db.Users.AsNoTracking()
            .Where(u => actors.Contains(u.Id))
            .Select(u => new { u.Id, u.UserName })
            .ToDictionaryAsync(u => u.Id, u => u.UserName, cancellationToken);
        return [.. rows.Select(r => new EarlierDecision(r.ImageId, r.Kind, r.Status, names.GetValueOrDefault(r.ActorId) ?? r.ActorId, r.Labels, r.Note, r.CreatedAt))];
    }
}

/// <summary>What the workbench shows for one claimed item.</summary>
/// <param name="Claim">The lease it is shown under.</param>
/// <param name="ImageId">The image (served by <c>/media/images/{id}</c>).</param>
/// <param name="Sha256">Its content hash.</param>
/// <param name="Format">Its format.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="PolicyName">The policy that judged it.</param>
/// <param name="PolicyVersion">That policy's version.</param>
/// <param name="Scores">Every category's score with the policy's thresholds.</param>
/// <param name="Reasons">Why it is in review (rule, score and evidence per reason).</param>
/// <param name="LabelCategories">The categories a moderator can label, in key order (1-9 toggle the first nine).</param>
/// <param name="EarlierDecisions">Events on the same SHA-256; empty when <see cref="ReviewItems.ShowsEarlierDecisions"/> says no.</param>
/// <param name="DecidedNearDuplicates">Decided images within the near-duplicate distance; empty when earlier decisions are not shown.</param>
/// <param name="WaitingGroup">Other claimable items of the queue within the group distance (the group a decision can apply to).</param>
public sealed record ReviewItem(
    ReviewClaim Claim,
    Guid ImageId,
    string Sha256,
    ImageFormat Format,
    int Width,
    int Height,
    DateTimeOffset ReceivedAt,
    string? PolicyName,
    int? PolicyVersion,
    IReadOnlyList<ItemScore> Scores,
    IReadOnlyList<DecisionReason> Reasons,
    IReadOnlyList<string> LabelCategories,
    IReadOnlyList<EarlierDecision> EarlierDecisions,
    IReadOnlyList<DecidedNearDuplicate> DecidedNearDuplicates,
    IReadOnlyList<WaitingNearDuplicate> WaitingGroup)
{
    /// <summary>Whether any sensitive category scored high: the image is hidden until revealed (per the user's preference).</summary>
    public bool IsSensitive => Scores.Any(s => s.IsHigh);
}

/// <summary>One category's score next to its thresholds.</summary>
/// <param name="Category">The category.</param>
/// <param name="Score">0..1.</param>
/// <param name="ApproveBelow">The policy's approve-below threshold, if any.</param>
/// <param name="RejectAtOrAbove">The policy's reject-at-or-above threshold, if any.</param>
/// <param name="IsHigh">A sensitive category at or above its approve-below threshold.</param>
public sealed record ItemScore(string Category, double Score, double? ApproveBelow, double? RejectAtOrAbove, bool IsHigh);

/// <summary>An event on an image with the same bytes.</summary>
/// <param name="ImageId">The submission it was made on.</param>
/// <param name="Kind">What was done.</param>
/// <param name="Status">The status it set, if any.</param>
/// <param name="Actor">Who (user name, or id when the user is gone).</param>
/// <param name="Labels">The categories ticked.</param>
/// <param name="Note">The note.</param>
/// <param name="At">When.</param>
public sealed record EarlierDecision(Guid ImageId, ReviewDecisionKind Kind, ImageStatus? Status, string Actor, IReadOnlyList<string> Labels, string? Note, DateTimeOffset At);
