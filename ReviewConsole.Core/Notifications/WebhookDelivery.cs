using ReviewConsole.Core.Sources;

namespace ReviewConsole.Core.Notifications;

/// <summary>
/// One webhook in the durable outbox: written in the same transaction as the decision it reports,
/// then sent by the dispatcher until the receiver answers 2xx or its retry window closes. Its id is
/// the <c>X-ReviewConsole-Delivery</c> header, the same on every retry, so receivers can drop repeats.
/// </summary>
public sealed class WebhookDelivery
{
    private readonly List<WebhookAttempt> _attempts = [];

    private WebhookDelivery()
    {
        EventType = string.Empty;
        TargetUrl = string.Empty;
        Body = string.Empty;
    }

    public Guid Id { get; private set; }

    public Guid SourceId { get; private set; }

    public Guid ImageId { get; private set; }

    /// <summary>One of <see cref="WebhookEventTypes"/>.</summary>
    public string EventType { get; private set; }

    /// <summary>The submission's callback URL, else its source's default one, as it was when the event happened.</summary>
    public string TargetUrl { get; private set; }

    /// <summary>The exact JSON sent on every attempt (UTF-8 on the wire).</summary>
    public string Body { get; private set; }

    public WebhookDeliveryState State { get; private set; }

    /// <summary>Every attempt ever made, redeliveries included.</summary>
    public int AttemptCount { get; private set; }

    /// <summary>Failures since the current schedule started; drives the backoff.</summary>
    public int FailuresInSchedule { get; private set; }

    /// <summary>
    /// When the dispatcher may next pick it up. While a dispatcher holds it this is the lease's end,
    /// so that a crashed dispatcher's delivery is sent again by another one afterwards.
    /// </summary>
    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    /// <summary>Start of the retry window: creation, or the last redelivery.</summary>
    public DateTimeOffset ScheduleStartedAt { get; private set; }

    /// <summary>When it succeeded or was given up.</summary>
    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The claim of the dispatcher sending it now; null when nobody is.</summary>
    public Guid? LeaseId { get; private set; }

    public IReadOnlyCollection<WebhookAttempt> Attempts => _attempts;

    /// <summary>A pending delivery, due at once.</summary>
    public static WebhookDelivery Create(Guid sourceId, Guid imageId, string eventType, Uri targetUrl, string body, DateTimeOffset now)
    {
        if (!WebhookEventTypes.IsKnown(eventType))
        {
            throw new ArgumentException($"Unknown webhook event type '{eventType}'.", nameof(eventType));
        }

        if (!Source.IsWebhookUrl(targetUrl))
        {
            throw new ArgumentException("A webhook goes to an absolute http or https URL without credentials.", nameof(targetUrl));
        }

        ArgumentException.ThrowIfNullOrEmpty(body);
        return new WebhookDelivery
        {
            Id = Guid.CreateVersion7(now),
            SourceId = sourceId,
            ImageId = imageId,
            EventType = eventType,
            TargetUrl = targetUrl.AbsoluteUri,
            Body = body,
            State = WebhookDeliveryState.Pending,
            NextAttemptAt = now,
            CreatedAt = now,
            ScheduleStartedAt = now,
        };
    }

    /// <summary>
    /// Logs an attempt and decides what follows: done on 2xx; otherwise another try after the backoff,
    /// the last one at the window's end, and given up once an attempt at or past the end fails.
    /// </summary>
    public WebhookAttemptOutcome RecordAttempt(WebhookAttemptResult result, DateTimeOffset at, WebhookRetrySchedule schedule, double jitter)
    {
        if (State != WebhookDeliveryState.Pending)
        {
            throw new InvalidOperationException($"Delivery {Id} is {State}; only pending deliveries are attempted.");
        }

        _attempts.Add(WebhookAttempt.Record(Id, at, result));
        AttemptCount++;
        LeaseId = null;
        if (result.IsSuccess)
        {
            State = WebhookDeliveryState.Succeeded;
            CompletedAt = at;
            return WebhookAttemptOutcome.Succeeded;
        }

        FailuresInSchedule++;
        var deadline = ScheduleStartedAt + schedule.MaxAge;
        if (at >= deadline)
        {
            State = WebhookDeliveryState.Failed;
            CompletedAt = at;
            return WebhookAttemptOutcome.FailedPermanently;
        }

        var next = at + schedule.DelayAfter(FailuresInSchedule, jitter);
        NextAttemptAt = next < deadline ? next : deadline;
        return WebhookAttemptOutcome.RetryScheduled;
    }

    /// <summary>
    /// Sends a finished delivery again, same id and body, with a fresh retry window (an admin action,
    /// e.g. after a receiver's outage outlasted the window). False while it is still pending.
    /// </summary>
    public bool Redeliver(DateTimeOffset now)
    {
        if (State == WebhookDeliveryState.Pending)
        {
            return false;
        }

        State = WebhookDeliveryState.Pending;
        FailuresInSchedule = 0;
        ScheduleStartedAt = now;
        NextAttemptAt = now;
        CompletedAt = null;
        LeaseId = null;
        return true;
    }
}

public enum WebhookDeliveryState
{
    /// <summary>Waiting for its next attempt, or being sent.</summary>
    Pending,

    /// <summary>The receiver answered 2xx.</summary>
    Succeeded,

    /// <summary>Given up after the retry window; an admin may redeliver it.</summary>
    Failed,
}

/// <summary>What an attempt led to; also the <c>outcome</c> tag of the deliveries counter.</summary>
public enum WebhookAttemptOutcome
{
    Succeeded,
    RetryScheduled,
    FailedPermanently,
}
