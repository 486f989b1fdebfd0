using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Review;

/// <summary>Opens review tasks for images that need a person: in review, or sampled for audit.</summary>
public static class ReviewIntake
{
    /// <summary>
    /// Adds the task <paramref name="image"/> needs now that it is scored, to <paramref name="db"/>
    /// without saving: the caller's SaveChanges commits the status and the task together, so an image
    /// is never in review without a task. Listeners hear of it once that save succeeds.
    /// </summary>
    /// <returns>The task added, or null when the image needs no person.</returns>
    public static ReviewTask? Open(ReviewDbContext db, ImageSubmission image, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(image);
        var task = image.Status == ImageStatus.InReview ? ReviewTask.ForReview(image, now)
            : image.IsFinal && image.AuditSampled ? ReviewTask.ForAudit(image, now)
            : null;
        if (task is null)
        {
            return null;
        }

        db.ReviewTasks.Add(task);
        RaiseAfterSave(db, new ReviewChange(ReviewChangeKind.Enqueued, task.Queue, task.Id, task.ImageId, null, now));
        return task;
    }

    /// <summary>
    /// Opens a review task for an image an integrating app says was misjudged and no person has decided
    /// yet, in its policy's queue; the image keeps its status until a person decides. Added to
    /// <paramref name="db"/> without saving, like <see cref="Open"/>.
    /// </summary>
    public static ReviewTask OpenForFeedback(ReviewDbContext db, ImageSubmission image, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(image);
        var task = ReviewTask.ForReview(image, now);
        db.ReviewTasks.Add(task);
        RaiseAfterSave(db, new ReviewChange(ReviewChangeKind.Enqueued, task.Queue, task.Id, task.ImageId, null, now));
        return task;
    }

    /// <summary>
    /// Opens tasks for in-review images that have none (put in review by the scorer's failure path, or
    /// before this feature existed), up to <paramref name="batchSize"/>, oldest first. Returns how many.
    /// </summary>
    public static async Task<int> OpenMissingAsync(ReviewDbContext db, DateTimeOffset now, int batchSize, CancellationToken cancellationToken = default)
    {
        var images = await db.Images.AsNoTracking()
            .Where(i => i.Status == ImageStatus.InReview && !db.ReviewTasks.Any(t => t.ImageId == i.Id && t.Kind == ReviewTaskKind.Review))
            .OrderBy(i => i.ReceivedAt)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        foreach (var image in images)
        {
            Open(db, image, now);
        }

        await db.SaveChangesAsync(cancellationToken);
        return images.Count;
    }

    /// <summary>
    /// The pipeline only has a context, not our services: the notice reaches <see cref="ReviewEvents"/>
    /// through the application's provider, which EF keeps on every context the host creates. A context
    /// made by hand (a test, a tool) has none, and nobody to tell.
    /// </summary>
    private static void RaiseAfterSave(ReviewDbContext db, ReviewChange change)
    {
        var events = db.GetService<IDbContextOptions>().FindExtension<CoreOptionsExtension>()?.ApplicationServiceProvider?.GetService(typeof(ReviewEvents)) as ReviewEvents;
        if (events is null)
        {
            return;
        }

        void OnSaved(object? sender, SavedChangesEventArgs e)
        {
            db.SavedChanges -= OnSaved;
            events.Raise(change);
        }

        db.SavedChanges += OnSaved;
    }
}
