using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using ReviewConsole.Core.Notifications;

namespace ReviewConsole.Tests.Notifications;

public sealed class WebhookDeliveryTests
{
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 0, 0, 0, TimeSpan.Zero);
    private static readonly WebhookRetrySchedule Schedule = WebhookRetrySchedule.From(new WebhookOptions());
    private static readonly WebhookAttemptResult ServerError = WebhookAttemptResult.Answered(500, TimeSpan.FromMilliseconds(12));

    [Fact]
    public void BackoffDoublesFromTenSecondsAndIsCappedAtAnHour()
    {
        Assert.Equal(
            [10, 20, 40, 80, 160],
            Enumerable.Range(1, 5).Select(n => Schedule.DelayAfter(n, jitter: 0).TotalSeconds));
        Assert.Equal(TimeSpan.FromHours(1), Schedule.DelayAfter(40, jitter: 0.99));
    }

    [Fact]
    public void JitterStretchesAWaitByAtMostAQuarter()
    {
        Assert.InRange(Schedule.DelayAfter(3, jitter: 0.999), TimeSpan.FromSeconds(40), TimeSpan.FromSeconds(50));
    }

    [Fact]
    public void FailureSchedulesTheNextAttemptAfterTheBackoff()
    {
        var delivery = NewDelivery();

        var outcome = delivery.RecordAttempt(ServerError, Start, Schedule, jitter: 0);

        Assert.Equal(WebhookAttemptOutcome.RetryScheduled, outcome);
        Assert.Equal(WebhookDeliveryState.Pending, delivery.State);
        Assert.Equal(Start.AddSeconds(10), delivery.NextAttemptAt);
        Assert.Equal(500, Assert.Single(delivery.Attempts).StatusCode);
    }

    [Fact]
    public void LastRetryIsScheduledAtTheEndOfTheWindowAndItsFailureGivesUp()
    {
        var delivery = NewDelivery();

        delivery.RecordAttempt(ServerError, Start.AddHours(23.9), Schedule, jitter: 0);
        delivery.RecordAttempt(ServerError, Start.AddHours(24).AddSeconds(-5), Schedule, jitter: 0);
        Assert.Equal(Start.AddHours(24), delivery.NextAttemptAt);

        var outcome = delivery.RecordAttempt(WebhookAttemptResult.Failed("connection refused", TimeSpan.Zero), Start.AddHours(24), Schedule, jitter: 0);

        Assert.Equal(WebhookAttemptOutcome.FailedPermanently, outcome);
        Assert.Equal(WebhookDeliveryState.Failed, delivery.State);
        Assert.Equal(3, delivery.AttemptCount);
        Assert.Throws<InvalidOperationException>(() => delivery.RecordAttempt(ServerError, Start.AddHours(25), Schedule, jitter: 0));
    }

    [Fact]
    public void RedeliverKeepsTheIdAndBodyAndStartsAFreshWindow()
    {
        var delivery = NewDelivery();
        var (id, body) = (delivery.Id, delivery.Body);
        delivery.RecordAttempt(ServerError, Start.AddHours(24), Schedule, jitter: 0);
        Assert.Equal(WebhookDeliveryState.Failed, delivery.State);

        Assert.True(delivery.Redeliver(Start.AddHours(30)));

        Assert.Equal((id, body), (delivery.Id, delivery.Body));
        Assert.Equal(WebhookDeliveryState.Pending, delivery.State);
        Assert.Equal(Start.AddHours(30), delivery.NextAttemptAt);
        Assert.Equal(WebhookAttemptOutcome.RetryScheduled, delivery.RecordAttempt(ServerError, Start.AddHours(31), Schedule, jitter: 0));
        Assert.Equal(Start.AddHours(31).AddSeconds(10), delivery.NextAttemptAt);
    }

    [Fact]
    public void RedeliverRefusesADeliveryThatIsStillPending()
    {
        Assert.False(NewDelivery().Redeliver(Start));
    }

    [Fact]
    public void OptionsRefuseABackoffLongerThanTheRetryWindow()
    {
        var options = new WebhookOptions { MaxBackoff = TimeSpan.FromHours(25) };
        var errors = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, e => e.ErrorMessage!.StartsWith("Webhooks:MaxAge", StringComparison.Ordinal));
    }

    [Fact]
    public void CreateRefusesAnUnknownEventType()
    {
        Assert.Throws<ArgumentException>(() =>
            WebhookDelivery.Create(Guid.NewGuid(), Guid.NewGuid(), "image.deleted", new Uri("https://app.example/hook"), "{}", Start));
    }

    private static WebhookDelivery NewDelivery()
    {
        var body = JsonSerializer.Serialize(new { type = WebhookEventTypes.Decided });
        return WebhookDelivery.Create(Guid.NewGuid(), Guid.NewGuid(), WebhookEventTypes.Decided, new Uri("https://app.example/hook"), body, Start);
    }
}
