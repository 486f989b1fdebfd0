using ReviewConsole.Core.Ingestion;

namespace ReviewConsole.Api;

/// <summary>The status body of an image, exactly as PRODUCT.md's HTTP API v1 specifies.</summary>
public sealed record ImageStatusResponse(
    Guid Id,
    string? ExternalId,
    string Status,
    string? DecidedBy,
    IReadOnlyDictionary<string, double> Scores,
    IReadOnlyList<DecisionReason> Reasons,
    string Sha256,
    string? Pdq,
    int? PdqQuality,
    int Width,
    int Height,
    string Format,
    string? Policy,
    int? PolicyVersion,
    IReadOnlyDictionary<string, string> Models,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? DecidedAt)
{
    public static ImageStatusResponse From(ImageSubmission image) => new(
        image.Id,
        image.ExternalId,
        image.Status.ToApiName(),
        image.DecidedBy?.ToApiName(),
        new Dictionary<string, double>(),
        [],
        image.Sha256,
        null,
        null,
        image.Width,
        image.Height,
        image.Format.ToApiName(),
        image.RequestedPolicy,
        null,
        new Dictionary<string, string>(),
        image.ReceivedAt,
        image.DecidedAt);
}

/// <summary>One reason behind a decision: which category, its score, the rule that fired and a detail.</summary>
public sealed record DecisionReason(string Category, double Score, string Rule, string? Detail);
