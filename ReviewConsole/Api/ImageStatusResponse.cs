using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Policies;

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
        image.Scores.OrderBy(s => s.Category, StringComparer.Ordinal).ToDictionary(s => s.Category, s => Math.Round(s.Score, 6)),
        image.Reasons,
        image.Sha256,
        image.Pdq,
        image.PdqQuality,
        image.Width,
        image.Height,
        image.Format.ToApiName(),
        image.PolicyName ?? image.RequestedPolicy,
        image.PolicyVersion,
        image.Models,
        image.ReceivedAt,
        image.DecidedAt);
}
