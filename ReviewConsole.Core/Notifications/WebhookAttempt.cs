namespace ReviewConsole.Core.Notifications;

/// <summary>One try at sending a <see cref="WebhookDelivery"/>: when, what came back, how long it took. Never changed once written.</summary>
public sealed class WebhookAttempt
{
    public const int ErrorMaxLength = 500;

    private WebhookAttempt()
    {
    }

    public Guid Id { get; private set; }

    public Guid DeliveryId { get; private set; }

    public DateTimeOffset AttemptedAt { get; private set; }

    /// <summary>The HTTP status the receiver answered; null when no answer came (refused, timed out, ...).</summary>
    public int? StatusCode { get; private set; }

    /// <summary>Why no answer came, when none did.</summary>
    public string? Error { get; private set; }

    public long DurationMilliseconds { get; private set; }

    public TimeSpan Duration => TimeSpan.FromMilliseconds(DurationMilliseconds);

    public bool Succeeded => StatusCode is >= 200 and <= 299;

    internal static WebhookAttempt Record(Guid deliveryId, DateTimeOffset at, WebhookAttemptResult result) => new()
    {
        Id = Guid.CreateVersion7(at),
        DeliveryId = deliveryId,
        AttemptedAt = at,
        StatusCode = result.StatusCode,
        Error = result.Error is { Length: > ErrorMaxLength } error ? error[..ErrorMaxLength] : result.Error,
        DurationMilliseconds = (long)result.Duration.TotalMilliseconds,
    };
}

/// <summary>What one send produced: a status code, or an error when the receiver never answered.</summary>
public readonly record struct WebhookAttemptResult(int? StatusCode, string? Error, TimeSpan Duration)
{
    /// <summary>Only 2xx counts: a redirect is not followed (the target is the registered URL) and is retried like a failure.</summary>
    public bool IsSuccess => StatusCode is >= 200 and <= 299;

    public static WebhookAttemptResult Answered(int statusCode, TimeSpan duration) => new(statusCode, null, duration);

    public static WebhookAttemptResult Failed(string error, TimeSpan duration) => new(null, error, duration);
}
