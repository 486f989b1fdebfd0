using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Core.Feedback;

/// <summary>
/// Takes an integrating app's feedback on one of its images. If no person has decided the image it
/// goes to people: a review task in the image's policy queue (or the one already open), with the
/// feedback as a reason; the status stands until a person decides, and the usual webhook follows.
/// If a person has decided, it is kept as a labelled example for retraining exports.
/// </summary>
public sealed partial class ImageFeedbackIntake(IDbContextFactory<ReviewDbContext> dbFactory, TimeProvider clock, ILogger<ImageFeedbackIntake> logger)
{
    private static readonly HashSet<string> BuiltInLabels = new(StringComparer.Ordinal)
    {
        ImageFeedback.SafeLabel,
        Categories.Nudity,
        Categories.Suggestive,
        Categories.ExplicitDrawing,
        Categories.Illustration,
        Categories.Text,
        Categories.SpamText,
        Categories.Disallowed,
    };

    /// <summary>
    /// Records <paramref name="label"/> (a category or <c>safe</c>) and an optional note from
    /// <paramref name="sourceId"/> on its image <paramref name="imageId"/>. Another source's image is
    /// not found; a pending image (not scored yet) is refused.
    /// </summary>
    public async Task<FeedbackResult> SubmitAsync(Guid sourceId, Guid imageId, string? label, string? note, CancellationToken cancellationToken = default)
    {
        var normalized = label?.Trim().ToLowerInvariant();
        if (string.IsNullOrEmpty(normalized) || normalized.Length > Categories.NameMaxLength)
        {
            return FeedbackResult.Refused(FeedbackRefusal.Invalid, $"label is a category name or '{ImageFeedback.SafeLabel}'.");
        }

        if (note is { Length: > ImageFeedback.NoteMaxLength })
        {
            return FeedbackResult.Refused(FeedbackRefusal.Invalid, $"note is at most {ImageFeedback.NoteMaxLength} characters.");
        }

        // Two feedbacks racing to open the image's one review task: the loser finds it open and joins it.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await SubmitOnceAsync(sourceId, imageId, normalized, note, cancellationToken);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
            }
        }
    }

    private async Task<FeedbackResult> SubmitOnceAsync(Guid sourceId, Guid imageId, string label, string? note, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var image = await db.Images.Include(i => i.Scores).FirstOrDefaultAsync(i => i.Id == imageId && i.SourceId == sourceId, cancellationToken);
        if (image is null)
        {
            return FeedbackResult.Refused(FeedbackRefusal.NotFound, $"This source has no image {imageId}.");
        }

        if (image.Status == ImageStatus.Pending)
        {
            return FeedbackResult.Refused(FeedbackRefusal.Pending, "The image is still being scored; send feedback once it has a status.");
        }

        if (!BuiltInLabels.Contains(label) && !image.Scores.Any(s => s.Category == label))
        {
            return FeedbackResult.Refused(FeedbackRefusal.Invalid, $"Unknown label '{label}': use '{ImageFeedback.SafeLabel}' or a category ({string.Join(", ", BuiltInLabels.Where(l => l != ImageFeedback.SafeLabel).Union(image.Scores.Select(s => s.Category)).Order(StringComparer.Ordinal))}).");
        }

        var now = clock.GetUtcNow();
        var events = await db.ReviewDecisions.AsNoTracking().Where(d => d.ImageId == imageId).ToListAsync(cancellationToken);
        var task = await db.ReviewTasks.AsNoTracking().FirstOrDefaultAsync(t => t.ImageId == imageId && t.Kind == ReviewTaskKind.Review, cancellationToken);
        FeedbackOutcome outcome;
        Guid? taskId = null;
        if (EffectiveDecision.Of(events) is not null || task is { State: ReviewTaskState.Decided })
        {
            outcome = FeedbackOutcome.LabelledExample;
        }
        else
        {
            var score = label == ImageFeedback.SafeLabel ? 0 : image.Scores.FirstOrDefault(s => s.Category == label)?.Score ?? 0;
            image.RecordFeedback(label, score, note);
            if (task is null)
            {
                outcome = FeedbackOutcome.ReviewOpened;
                taskId = ReviewIntake.OpenForFeedback(db, image, now).Id;
            }
            else
            {
                outcome = FeedbackOutcome.ReviewPending;
                taskId = task.Id;
            }
        }

        var feedback = ImageFeedback.Create(imageId, sourceId, label, note, outcome, taskId, now);
        db.ImageFeedback.Add(feedback);
        await db.SaveChangesAsync(cancellationToken);
        LogFeedback(imageId, label, outcome);
        return new FeedbackResult(FeedbackRefusal.None, feedback, null);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Feedback on image {ImageId}: {Label}, {Outcome}")]
    private partial void LogFeedback(Guid imageId, string label, FeedbackOutcome outcome);
}

/// <summary>The feedback stored, or why it was not. Refusals are expected and come back here.</summary>
public sealed record FeedbackResult(FeedbackRefusal Refusal, ImageFeedback? Feedback, string? Message)
{
    public bool Succeeded => Refusal == FeedbackRefusal.None;

    internal static FeedbackResult Refused(FeedbackRefusal refusal, string message) => new(refusal, null, message);
}

public enum FeedbackRefusal
{
    None,

    /// <summary>No such image for this source.</summary>
    NotFound,

    /// <summary>Unknown label, or a note too long.</summary>
    Invalid,

    /// <summary>The image is not scored yet.</summary>
    Pending,
}
