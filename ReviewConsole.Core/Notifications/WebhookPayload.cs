using System.Text.Json;
using System.Text.Json.Serialization;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Policies;

namespace ReviewConsole.Core.Notifications;

/// <summary>
/// What a webhook tells a source about one image: the fields of the <c>Webhooks</c> contract in
/// PRODUCT.md except <c>type</c>, which is the event type given to <see cref="WebhookOutbox.EnqueueAsync"/>.
/// </summary>
/// <param name="Id">The image's id (the one the API returned on upload).</param>
/// <param name="ExternalId">The source's own id for the image, if it gave one.</param>
/// <param name="Status">The API spelling of the status (<c>approved</c>, <c>rejected</c>, ...).</param>
/// <param name="DecidedBy"><c>auto</c> or <c>human</c>.</param>
/// <param name="Scores">Score per category, as in the status body.</param>
/// <param name="Reasons">Why the decision was made.</param>
/// <param name="DecidedAt">When the decision was made.</param>
public sealed record WebhookPayload(
    Guid Id,
    string? ExternalId,
    string Status,
    string? DecidedBy,
    IReadOnlyDictionary<string, double> Scores,
    IReadOnlyList<DecisionReason> Reasons,
    DateTimeOffset? DecidedAt)
{
    /// <summary>A payload for <paramref name="image"/>'s current decision, with the scores and reasons recorded on it.</summary>
    public static WebhookPayload ForDecision(ImageSubmission image) =>
        new(
            image.Id,
            image.ExternalId,
            image.Status.ToApiName(),
            image.DecidedBy?.ToApiName(),
            image.Scores.OrderBy(s => s.Category, StringComparer.Ordinal).ToDictionary(s => s.Category, s => Math.Round(s.Score, 6)),
            image.Reasons,
            image.DecidedAt);
}

/// <summary>Serializes a webhook body once, at enqueue, so that every retry sends the very same bytes.</summary>
internal static class WebhookBody
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static string Serialize(string eventType, WebhookPayload payload) =>
        JsonSerializer.Serialize(
            new Document(eventType, payload.Id, payload.ExternalId, payload.Status, payload.DecidedBy, payload.Scores, payload.Reasons, payload.DecidedAt),
            Json);

    // Declared as a record so that "type" comes first and the field order is the contract's.
    private sealed record Document(
        string Type,
        Guid Id,
        string? ExternalId,
        string Status,
        string? DecidedBy,
        IReadOnlyDictionary<string, double> Scores,
        IReadOnlyList<DecisionReason> Reasons,
        DateTimeOffset? DecidedAt);
}
