namespace ReviewConsole.Core.Ingestion;

/// <summary>Where a submitted image stands; the API spells these <c>pending</c>, <c>in_review</c>, <c>approved</c>, <c>rejected</c>.</summary>
public enum ImageStatus
{
    Pending,
    InReview,
    Approved,
    Rejected,
}

/// <summary>Who made an image's final decision.</summary>
public enum DecidedBy
{
    Auto,
    Human,
}

public static class ImageStatusNames
{
    public static string ToApiName(this ImageStatus status) => status switch
    {
        ImageStatus.Pending => "pending",
        ImageStatus.InReview => "in_review",
        ImageStatus.Approved => "approved",
        ImageStatus.Rejected => "rejected",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static string ToApiName(this DecidedBy decidedBy) => decidedBy switch
    {
        DecidedBy.Auto => "auto",
        DecidedBy.Human => "human",
        _ => throw new ArgumentOutOfRangeException(nameof(decidedBy)),
    };
}
