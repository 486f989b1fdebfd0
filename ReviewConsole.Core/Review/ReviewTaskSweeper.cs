using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Review;

/// <summary>
/// Background job: gives every in-review image a task, at start and then every
/// <see cref="ReviewOptions.SweepInterval"/>. The scorer opens tasks itself; this catches images put in
/// review another way (scoring failed too often) and those of a database older than the review queues.
/// </summary>
public sealed partial class ReviewTaskSweeper(
    IDbContextFactory<ReviewDbContext> dbFactory,
    IOptions<ReviewOptions> options,
    TimeProvider clock,
    ILogger<ReviewTaskSweeper> logger) : BackgroundService
{
    private const int BatchSize = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.SweepInterval);
        do
        {
            try
            {
                int opened;
                do
                {
                    await using var db = await dbFactory.CreateDbContextAsync(stoppingToken);
                    opened = await ReviewIntake.OpenMissingAsync(db, clock.GetUtcNow(), BatchSize, stoppingToken);
                    if (opened > 0)
                    {
                        LogOpened(opened);
                    }
                }
                while (opened == BatchSize);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // Another host's sweep may have opened the same task first (the unique index refuses
                // the second); either way the next sweep finds the rest.
                LogSweepFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Opened {Count} review tasks for in-review images that had none")]
    private partial void LogOpened(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Looking for in-review images without a task failed; retrying at the next interval")]
    private partial void LogSweepFailed(Exception exception);
}
