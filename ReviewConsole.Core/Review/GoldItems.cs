using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Review;

/// <summary>
/// Gold items: images a supervisor marked as known answers. Marking and unmarking append
/// <see cref="GoldMark"/> events; <see cref="ServeAsync"/> hands one, blind, to a moderator who has not
/// answered it, as a <see cref="ReviewTaskKind.Gold"/> task whose answer is scored and changes nothing.
/// </summary>
public sealed class GoldItems(IDbContextFactory<ReviewDbContext> dbFactory, TimeProvider clock)
{
    /// <summary>
    /// Marks <paramref name="imageId"/> as gold with its final human decision as the label. Refused
    /// (a message) unless a supervisor asks and a person decided the image; marking twice is a no-op.
    /// </summary>
    public async Task<string?> MarkAsync(Guid imageId, Reviewer supervisor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(supervisor);
        if (!supervisor.IsSupervisor)
        {
            return "Only supervisors mark gold items.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var image = await db.Images.AsNoTracking().FirstOrDefaultAsync(i => i.Id == imageId, cancellationToken);
        if (image is null)
        {
            return $"No image {imageId}.";
        }

        if (!image.IsFinal || image.DecidedBy != Ingestion.DecidedBy.Human)
        {
            return "Only an image a person approved or rejected can be a gold item.";
        }

        if (await CurrentAsync(db, imageId, cancellationToken) is { IsGold: true } current && current.Label == image.Status)
        {
            return null;
        }

        var author = await db.ReviewDecisions.AsNoTracking()
            .Where(d => d.ImageId == imageId && d.Status == image.Status && (d.Kind == ReviewDecisionKind.Approve || d.Kind == ReviewDecisionKind.Reject || d.Kind == ReviewDecisionKind.Overturn))
            .OrderByDescending(d => d.Id)
            .Select(d => d.ActorId)
            .FirstOrDefaultAsync(cancellationToken);
        db.GoldMarks.Add(GoldMark.Mark(imageId, image.Status, author, supervisor.UserId, clock.GetUtcNow()));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    /// <summary>Takes <paramref name="imageId"/> out of the gold set (an event; answers already given keep their score). Unmarking a non-gold image is a no-op.</summary>
    public async Task<string?> UnmarkAsync(Guid imageId, Reviewer supervisor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(supervisor);
        if (!supervisor.IsSupervisor)
        {
            return "Only supervisors unmark gold items.";
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (await CurrentAsync(db, imageId, cancellationToken) is { IsGold: true } current)
        {
            db.GoldMarks.Add(GoldMark.Unmark(current, supervisor.UserId, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }

        return null;
    }

    /// <summary>The gold items now (latest event a mark), newest first, at most <paramref name="limit"/>.</summary>
    public async Task<IReadOnlyList<GoldMark>> ListAsync(int limit = 200, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Current(db).OrderByDescending(g => g.Id).Take(limit).ToListAsync(cancellationToken);
    }

    /// <summary>Whether <paramref name="imageId"/> is a gold item now.</summary>
    public async Task<bool> IsGoldAsync(Guid imageId, CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await CurrentAsync(db, imageId, cancellationToken) is { IsGold: true };
    }

    /// <summary>Gold marks that are each image's latest event and a mark: the current gold set, as a query.</summary>
    internal static IQueryable<GoldMark> Current(ReviewDbContext db) =>
        db.GoldMarks.AsNoTracking()
            .Where(g => g.IsGold && g.Id == db.GoldMarks.Where(o => o.ImageId == g.ImageId).Max(o => o.Id));

    /// <summary>
    /// Adds to <paramref name="db"/> (unsaved) a gold task for <paramref name="userId"/> in
    /// <paramref name="queue"/>, claimed by them: the oldest gold item they have not been served, did not
    /// label and never decided. Null when there is none.
    /// </summary>
    internal static async Task<ReviewTask?> ServeAsync(ReviewDbContext db, string queue, string userId, Guid leaseId, DateTimeOffset leaseExpiresAt, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var gold = await Current(db)
            .Where(g => g.LabelAuthorId == null || g.LabelAuthorId != userId)
            .Where(g => !db.ReviewTasks.Any(t => t.ImageId == g.ImageId && t.Kind == ReviewTaskKind.Gold && t.ServedTo == userId))
            .Where(g => !db.ReviewDecisions.Any(d => d.ImageId == g.ImageId && d.ActorId == userId))
            .OrderBy(g => g.Id)
            .FirstOrDefaultAsync(cancellationToken);
        if (gold is null)
        {
            return null;
        }

        var image = await db.Images.AsNoTracking().SingleAsync(i => i.Id == gold.ImageId, cancellationToken);
        var task = ReviewTask.ForGold(image, queue, userId, gold.Label, gold.LabelAuthorId, leaseId, leaseExpiresAt, now);
        db.ReviewTasks.Add(task);
        return task;
    }

    private static Task<GoldMark?> CurrentAsync(ReviewDbContext db, Guid imageId, CancellationToken cancellationToken) =>
        db.GoldMarks.AsNoTracking().Where(g => g.ImageId == imageId).OrderByDescending(g => g.Id).FirstOrDefaultAsync(cancellationToken);
}
