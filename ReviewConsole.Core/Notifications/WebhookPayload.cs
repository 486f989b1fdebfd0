using System.Text.Json;
using System.Text.Json.Serialization;
using ReviewConsole.Core.Ingestion;

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
    IReadOnlyList<WebhookReason> Reasons,
    DateTimeOffset? DecidedAt)
{
    /// <summary>A payload for <paramref name="image"/>'s current decision.</summary>
    public static WebhookPayload ForDecision(ImageSubmission image, IReadOnlyDictionary<string, double> scores, IReadOnlyList<WebhookReason> reasons) =>
        new(image.Id, image.ExternalId, image.Status.ToApiName(), image.DecidedBy?.ToApiName(), scores, reasons, image.DecidedAt);
}

/// <summary>One reason behind a decision: the category, its score, the policy rule that fired and a readable detail.</summary>
public sealed record WebhookReason(string Category, double Score, string? Rule, string? Detail);

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
        IReadOnlyList<WebhookReason> Reasons,
        DateTimeOffset? DecidedAt);
}
