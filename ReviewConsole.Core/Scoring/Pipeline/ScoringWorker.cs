using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>
/// The pipeline's background loop: a scanner that feeds pending images from the database into the
/// bounded queue (at start, so a restart finishes what was pending, and then periodically), and a
/// fixed number of workers that score them. Every failure is caught per image; the loop only ends
/// with the host.
/// </summary>
public sealed partial class ScoringWorker(
    ScoringQueue queue,
    ImageScorer scorer,
    DecisionNotifier notifier,
    ScoringModels models,
    IDbContextFactory<ReviewDbContext> dbFactory,
    IOptions<ScoringOptions> options,
    ScoringMetrics metrics,
    ILogger<ScoringWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        metrics.ObserveQueueDepth(() => queue.Count);

        // Load the models off the request path, so the first upload does not pay for session creation.
        await Task.Run(models.TryEnsureLoaded, stoppingToken);
        var workers = Enumerable.Range(0, options.Value.Workers).Select(_ => WorkAsync(stoppingToken)).ToList();
        await Task.WhenAll([ScanAsync(stoppingToken), .. workers]);
    }

    private async Task ScanAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.PendingScanInterval);
        do
        {
            try
            {
                await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                var pending = await db.Images.AsNoTracking()
                    .Where(i => i.Status == ImageStatus.Pending)
                    .OrderBy(i => i.ReceivedAt)
                    .Select(i => i.Id)
                    .Take(options.Value.QueueCapacity)
                    .ToListAsync(stoppingToken);
                foreach (var id in pending)
                {
                    queue.TryOffer(id);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogScanFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                if (await scorer.ScoreAsync(id, stoppingToken))
                {
                    notifier.Scored(id);
                }
            }
            catch (ModelsUnavailableException)
            {
                // Wait for an import rather than spinning; the scan brings the image back.
                await Task.Delay(options.Value.PendingScanInterval, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogWorkerFailed(ex, id);
            }
            finally
            {
                queue.Done(id);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Scanning for pending images failed; retrying at the next interval")]
    private partial void LogScanFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scoring image {ImageId} failed outside the scorer")]
    private partial void LogWorkerFailed(Exception exception, Guid imageId);
}
