using System.Text.Json;
using ReviewConsole.Core.Ingestion;

namespace ReviewConsole.Core.Review;

/// <summary>
/// One thing a person did to an image: an append-only event, written once and never updated or
/// deleted. The image's current status is the one set by its latest effective (not undone) event;
/// together with the AI's scores recorded on the image these rows are the retraining labels.
/// </summary>
public sealed class ReviewDecision
{
    public const int NoteMaxLength = 2000;
    public const int MaxLabels = 20;
    public const int LabelsMaxLength = 2000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private ReviewDecision()
    {
        ActorId = string.Empty;
        Queue = string.Empty;
        LabelsJson = "[]";
    }

    /// <summary>Increasing in commit order per image, so "latest" needs no clock.</summary>
    public long Id { get; private set; }

    public Guid ImageId { get; private set; }

    /// <summary>The task it was made on; null for a supervisor's overturn of a decided image.</summary>
    public Guid? TaskId { get; private set; }

    /// <summary>The user id of who made it.</summary>
    public string ActorId { get; private set; }

    public ReviewDecisionKind Kind { get; private set; }

    /// <summary>The queue the task was in when this was decided (where an undo puts it back).</summary>
    public string Queue { get; private set; }

    /// <summary>The image status this event set, if it set one (audit labels and skips do not).</summary>
    public ImageStatus? Status { get; private set; }

    /// <summary>The categories the person ticked, as a JSON array.</summary>
    public string LabelsJson { get; private set; }

    public string? Note { get; private set; }

    /// <summary>Whether the person left "add to the disallow list" ticked on a reject.</summary>
    public bool AddToDisallowList { get; private set; }

    /// <summary>The disallow-list entry this event added, so an undo or overturn can take it out again.</summary>
    public long? DisallowEntryId { get; private set; }

    /// <summary>For an undo: the event it cancels.</summary>
    public long? RevertsDecisionId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>The kind of task it was made on (null for an overturn): reports tell labels that set a status from those that measure.</summary>
    public ReviewTaskKind? TaskKind { get; private set; }

    /// <summary>When the actor claimed the task this was decided on; null for overturns and undos.</summary>
    public DateTimeOffset? ClaimedAt { get; private set; }

    /// <summary>
    /// Claim to decision, in milliseconds. Kept as a number (not only the two instants) so the median and
    /// the throughput are computed in the database alike on SQLite and SQL Server.
    /// </summary>
    public long? HandlingMilliseconds { get; private set; }

    public IReadOnlyList<string> Labels => JsonSerializer.Deserialize<List<string>>(LabelsJson, Json) ?? [];

    /// <summary>Whether this event gives the image a final status (approve, reject or overturn).</summary>
    public bool IsFinal => Kind is ReviewDecisionKind.Approve or ReviewDecisionKind.Reject or ReviewDecisionKind.Overturn;

    internal static ReviewDecision Create(
        Guid imageId,
        Guid? taskId,
        string actorId,
        ReviewDecisionKind kind,
        string queue,
        ImageStatus? status,
        IReadOnlyList<string>? labels,
        string? note,
        bool addToDisallowList,
        long? disallowEntryId,
        long? revertsDecisionId,
        DateTimeOffset now,
        ReviewTask? task = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(actorId);
        var claimedAt = kind == ReviewDecisionKind.Undo ? null : task?.ClaimedAt;
        return new ReviewDecision
        {
            ImageId = imageId,
            TaskId = taskId,
            ActorId = actorId,
            Kind = kind,
            Queue = queue,
            Status = status,
            LabelsJson = JsonSerializer.Serialize(labels ?? [], Json),
            Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim(),
            AddToDisallowList = addToDisallowList,
            DisallowEntryId = disallowEntryId,
            RevertsDecisionId = revertsDecisionId,
            CreatedAt = now,
            TaskKind = task?.Kind,
            ClaimedAt = claimedAt,
            HandlingMilliseconds = claimedAt is { } claimed ? Math.Max(0, (long)(now - claimed).TotalMilliseconds) : null,
        };
    }

    /// <summary>Why <paramref name="labels"/> and <paramref name="note"/> cannot be recorded, or null when they can.</summary>
    public static string? Problem(IReadOnlyList<string>? labels, string? note)
    {
        if (note is { Length: > NoteMaxLength })
        {
            return $"A note is at most {NoteMaxLength} characters.";
        }

        if (labels is null)
        {
            return null;
        }

        if (labels.Count > MaxLabels)
        {
            return $"At most {MaxLabels} labels.";
        }

        return labels.Any(l => string.IsNullOrWhiteSpace(l) || l.Length > Policies.Categories.NameMaxLength)
            ? $"A label is a category name of 1 to {Policies.Categories.NameMaxLength} characters."
            : null;
    }
}

/// <summary>What a person did.</summary>
public enum ReviewDecisionKind
{
    Approve,
    Reject,
    Escalate,
    Skip,

    /// <summary>A supervisor changed a decided image's status.</summary>
    Overturn,

    /// <summary>Cancels the actor's own previous event on the task within the undo window.</summary>
    Undo,
}
