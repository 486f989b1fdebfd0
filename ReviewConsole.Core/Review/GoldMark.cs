using ReviewConsole.Core.Ingestion;

namespace ReviewConsole.Core.Review;

/// <summary>
/// A supervisor marking a decided image as a gold item (a known answer to test moderators against), or
/// unmarking it: an append-only event. An image is gold while its latest event is a mark; the label is
/// the final human decision at the time it was marked.
/// </summary>
public sealed class GoldMark
{
    private GoldMark()
    {
        ActorId = string.Empty;
    }

    /// <summary>Increasing in commit order, so the latest event per image needs no clock.</summary>
    public long Id { get; private set; }

    public Guid ImageId { get; private set; }

    /// <summary>True for a mark, false for an unmark.</summary>
    public bool IsGold { get; private set; }

    /// <summary>The expected answer: approved or rejected, as a person decided it.</summary>
    public ImageStatus Label { get; private set; }

    /// <summary>Who made the decision the label copies; that person is never served the item.</summary>
    public string? LabelAuthorId { get; private set; }

    /// <summary>The supervisor who marked or unmarked it.</summary>
    public string ActorId { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    internal static GoldMark Mark(Guid imageId, ImageStatus label, string? labelAuthorId, string actorId, DateTimeOffset now) =>
        Create(imageId, true, label, labelAuthorId, actorId, now);

    internal static GoldMark Unmark(GoldMark current, string actorId, DateTimeOffset now) =>
        Create(current.ImageId, false, current.Label, current.LabelAuthorId, actorId, now);

    private static GoldMark Create(Guid imageId, bool isGold, ImageStatus label, string? labelAuthorId, string actorId, DateTimeOffset now)
    {
        ArgumentException.ThrowIfNullOrEmpty(actorId);
        if (label is not (ImageStatus.Approved or ImageStatus.Rejected))
        {
            throw new ArgumentException("A gold label is approved or rejected.", nameof(label));
        }

        return new GoldMark { ImageId = imageId, IsGold = isGold, Label = label, LabelAuthorId = labelAuthorId, ActorId = actorId, CreatedAt = now };
    }
}
