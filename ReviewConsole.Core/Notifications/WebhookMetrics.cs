using System.Diagnostics.Metrics;

namespace ReviewConsole.Core.Notifications;

/// <summary>The <c>ReviewConsole.Webhooks</c> meter: delivery attempts by outcome.</summary>
public sealed class WebhookMetrics
{
    public const string MeterName = "ReviewConsole.Webhooks";

    private readonly Counter<long> _attempts;

    public WebhookMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _attempts = meter.CreateCounter<long>(
            "reviewconsole.webhooks.deliveries",
            unit: "{attempt}",
            description: "Webhook delivery attempts, by outcome: succeeded, retry_scheduled or failed_permanently.");
    }

    public void Attempted(WebhookAttemptOutcome outcome) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("outcome", outcome switch
        {
            WebhookAttemptOutcome.Succeeded => "succeeded",
            WebhookAttemptOutcome.RetryScheduled => "retry_scheduled",
            WebhookAttemptOutcome.FailedPermanently => "failed_permanently",
            _ => "unknown",
        }));
}
