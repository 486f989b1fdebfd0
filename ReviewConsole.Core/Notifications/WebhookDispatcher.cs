using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Sources;

namespace ReviewConsole.Core.Notifications;

/// <summary>
/// Sends the outbox: claims due deliveries in small batches, POSTs each signed with its source's
/// secret, and records every attempt. A failure reschedules the delivery with backoff; nothing that
/// goes wrong with one delivery (or one round) stops the loop, only the host's shutdown does.
/// </summary>
public sealed partial class WebhookDispatcher(
    IDbContextFactory<ReviewDbContext> contexts,
    IDataProtectionProvider dataProtection,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    WebhookMetrics metrics,
    TimeProvider clock,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    /// <summary>The named <see cref="HttpClient"/> webhooks go out with.</summary>
    public const string HttpClientName = "ReviewConsole.Webhooks";

    private readonly WebhookOptions _options = options.Value;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.DispatcherEnabled)
        {
            LogDisabled();
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await DispatchDueAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Typically the database being unavailable or not migrated yet: try again next round.
                LogRoundFailed(ex);
            }

            // A full batch suggests more are due: go on at once rather than wait.
            if (sent < _options.BatchSize)
            {
                try
                {
                    await Task.Delay(_options.PollInterval, clock, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    /// <summary>Claims one batch of due deliveries and sends them; returns how many were claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var leaseId = Guid.NewGuid();
        var now = clock.GetUtcNow();
        IReadOnlyList<WebhookDelivery> batch;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            batch = await WebhookLeases.ClaimDueAsync(db, leaseId, now, now + _options.LeaseDuration, _options.BatchSize, cancellationToken);
        }

        if (batch.Count == 0)
        {
            return 0;
        }

        var secrets = await LoadSecretsAsync(batch.Select(d => d.SourceId).Distinct().ToList(), cancellationToken);
        await Parallel.ForEachAsync(
            batch,
            new ParallelOptions { MaxDegreeOfParallelism = _options.BatchSize, CancellationToken = cancellationToken },
            async (delivery, ct) =>
            {
                try
                {
                    var result = await SendAsync(delivery, secrets.GetValueOrDefault(delivery.SourceId), ct);
                    await RecordAsync(delivery, leaseId, result, ct);
                }
                catch (Exception ex) when (!ct.IsCancellationRequested)
                {
                    // The claim lapses on its own, and the delivery is sent again after it.
                    LogDeliveryFailed(ex, delivery.Id);
                }
            });
        return batch.Count;
    }

    private async Task<Dictionary<Guid, string?>> LoadSecretsAsync(List<Guid> sourceIds, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var sources = await db.Sources.AsNoTracking()
            .Where(s => sourceIds.Contains(s.Id))
            .Select(s => new { s.Id, s.ProtectedWebhookSecret })
            .ToListAsync(cancellationToken);
        var protector = dataProtection.CreateProtector(SourceAdministration.WebhookSecretPurpose);
        var secrets = new Dictionary<Guid, string?>();
        foreach (var source in sources)
        {
            try
            {
                secrets[source.Id] = protector.Unprotect(source.ProtectedWebhookSecret);
            }
            catch (System.Security.Cryptography.CryptographicException ex)
            {
                // Lost or foreign data-protection keys: the attempt is recorded as failed, never sent unsigned.
                LogSecretUnavailable(ex, source.Id);
                secrets[source.Id] = null;
            }
        }

        return secrets;
    }

    private async Task<WebhookAttemptResult> SendAsync(WebhookDelivery delivery, string? secret, CancellationToken cancellationToken)
    {
        var started = clock.GetTimestamp();
        if (secret is null)
        {
            return WebhookAttemptResult.Failed("The source's webhook secret cannot be decrypted with this host's keys.", TimeSpan.Zero);
        }

        var body = Encoding.UTF8.GetBytes(delivery.Body);
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.TargetUrl) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(WebhookSignature.DeliveryHeader, delivery.Id.ToString());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(secret, timestamp, body));
        try
        {
            var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            return WebhookAttemptResult.Answered((int)response.StatusCode, clock.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return WebhookAttemptResult.Failed($"No answer within {_options.RequestTimeout.TotalSeconds:0.#} s.", clock.GetElapsedTime(started));
        }
        catch (HttpRequestException ex)
        {
            return WebhookAttemptResult.Failed(ex.HttpRequestError + ": " + ex.Message, clock.GetElapsedTime(started));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Recorded like any failure, so that even an unexpected error ends with the retry window.
            return WebhookAttemptResult.Failed(ex.GetType().Name + ": " + ex.Message, clock.GetElapsedTime(started));
        }
    }

    private async Task RecordAsync(WebhookDelivery claimed, Guid leaseId, WebhookAttemptResult result, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == claimed.Id && d.LeaseId == leaseId, cancellationToken);
        if (delivery is null)
        {
            LogLeaseLost(claimed.Id);
            return;
        }

        var outcome = delivery.RecordAttempt(result, clock.GetUtcNow(), WebhookRetrySchedule.From(_options), Random.Shared.NextDouble());
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            LogLeaseLost(claimed.Id);
            return;
        }

        metrics.Attempted(outcome);
        switch (outcome)
        {
            case WebhookAttemptOutcome.Succeeded:
                LogDelivered(delivery.Id, delivery.EventType, result.StatusCode ?? 0, delivery.AttemptCount);
                break;
            case WebhookAttemptOutcome.RetryScheduled:
                LogRetryScheduled(delivery.Id, result.StatusCode, result.Error, delivery.AttemptCount, delivery.NextAttemptAt);
                break;
            default:
                LogGivenUp(delivery.Id, result.StatusCode, result.Error, delivery.AttemptCount);
                break;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook dispatcher disabled on this host (Webhooks:DispatcherEnabled is false)")]
    private partial void LogDisabled();

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook dispatch round failed; retrying next round")]
    private partial void LogRoundFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {DeliveryId} failed unexpectedly; it is sent again when its claim lapses")]
    private partial void LogDeliveryFailed(Exception exception, Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Error, Message = "The webhook secret of source {SourceId} cannot be decrypted; its deliveries fail until it is rotated")]
    private partial void LogSecretUnavailable(Exception exception, Guid sourceId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} was claimed by another dispatcher before its attempt was recorded")]
    private partial void LogLeaseLost(Guid deliveryId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} ({EventType}) delivered with {StatusCode} after {Attempts} attempt(s)")]
    private partial void LogDelivered(Guid deliveryId, string eventType, int statusCode, int attempts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} attempt {Attempts} failed (status {StatusCode}, error {Error}); next attempt at {NextAttemptAt}")]
    private partial void LogRetryScheduled(Guid deliveryId, int? statusCode, string? error, int attempts, DateTimeOffset nextAttemptAt);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook delivery {DeliveryId} given up after {Attempts} attempt(s) (last status {StatusCode}, error {Error})")]
    private partial void LogGivenUp(Guid deliveryId, int? statusCode, string? error, int attempts);
}
