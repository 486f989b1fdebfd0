using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Notifications;

/// <summary>
/// Puts webhooks in the durable outbox. It only adds to the caller's context: the caller saves the
/// decision and its notification together, so neither exists without the other.
/// </summary>
public sealed class WebhookOutbox(TimeProvider clock)
{
    /// <summary>
    /// Adds a delivery of <paramref name="payload"/> for <paramref name="image"/> to <paramref name="db"/>
    /// without saving. It goes to the submission's callback URL, else to its source's default URL; with
    /// neither there is nothing to send and null comes back.
    /// </summary>
    /// <param name="eventType">One of <see cref="WebhookEventTypes"/>.</param>
    public async Task<WebhookDelivery?> EnqueueAsync(ReviewDbContext db, ImageSubmission image, string eventType, WebhookPayload payload, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(payload);
        if (!WebhookEventTypes.IsKnown(eventType))
        {
            throw new ArgumentException($"Unknown webhook event type '{eventType}'.", nameof(eventType));
        }

        if (payload.Id != image.Id)
        {
            throw new ArgumentException("The payload describes another image.", nameof(payload));
        }

        var target = image.CallbackUrl
            ?? await db.Sources.Where(s => s.Id == image.SourceId).Select(s => s.DefaultCallbackUrl).FirstOrDefaultAsync(cancellationToken);
        if (target is null)
        {
            return null;
        }

        var delivery = WebhookDelivery.Create(image.SourceId, image.Id, eventType, new Uri(target), WebhookBody.Serialize(eventType, payload), clock.GetUtcNow());
        db.WebhookDeliveries.Add(delivery);
        return delivery;
    }
}
