namespace ReviewConsole.Core.Feedback;

/// <summary>
/// An integrating app's report that the console got one of its images wrong: the label it thinks
/// right and why. Written once. Depending on whether a person had decided the image yet it opened a
/// review item, joined one already open, or is kept as a labelled example for retraining exports.
/// </summary>
public sealed class ImageFeedback
{
    /// <summary>The label that means "nothing wrong with it" (the image should be approved).</summary>
    public const string SafeLabel = "safe";

    public const int NoteMaxLength = 2000;

    private ImageFeedback()
    {
        Label = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid ImageId { get; private set; }

    /// <summary>The source that sent it: always the image's own source.</summary>
    public Guid SourceId { get; private set; }

    /// <summary>A category name, or <see cref="SafeLabel"/>.</summary>
    public string Label { get; private set; }

    public string? Note { get; private set; }

    public FeedbackOutcome Outcome { get; private set; }

    /// <summary>The review task it opened or joined; null for a labelled example.</summary>
    public Guid? TaskId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    internal static ImageFeedback Create(Guid imageId, Guid sourceId, string label, string? note, FeedbackOutcome outcome, Guid? taskId, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        ImageId = imageId,
        SourceId = sourceId,
        Label = label,
        Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
        Outcome = outcome,
        TaskId = taskId,
        CreatedAt = now,
    };
}

/// <summary>What became of a piece of feedback.</summary>
public enum FeedbackOutcome
{
    /// <summary>No person had decided the image: a review item was opened in its policy's queue.</summary>
    ReviewOpened,

    /// <summary>A review item for the image was already waiting (or held); the feedback joined it as a reason.</summary>
    ReviewPending,

    /// <summary>A person had already decided the image: the feedback is kept as a labelled example.</summary>
    LabelledExample,
}

/// <summary>The API's spelling of <see cref="FeedbackOutcome"/>.</summary>
public static class FeedbackOutcomeNames
{
    public static string ToApiName(this FeedbackOutcome outcome) => outcome switch
    {
        FeedbackOutcome.ReviewOpened => "review_opened",
        FeedbackOutcome.ReviewPending => "review_pending",
        FeedbackOutcome.LabelledExample => "labelled_example",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome)),
    };
}
