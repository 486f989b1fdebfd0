using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ReviewConsole.Core.Reports;

/// <summary>
/// Background job: brings the report rollups up to date at start (on a database older than the rollups,
/// that is the whole history, built here rather than in a supervisor's page load) and then every
/// <see cref="ReportOptions.RollupInterval"/>.
/// </summary>
public sealed partial class ReportRollupJob(ReportRollups rollups, IOptions<ReportOptions> options, ILogger<ReportRollupJob> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RollupInterval);
        do
        {
            try
            {
                var hours = await rollups.RefreshAsync(stoppingToken);
                if (hours > 0)
                {
                    LogRefreshed(hours);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // The refresh is idempotent and its mark only moves on commit: the next tick redoes the same hours.
                LogRefreshFailed(ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Report rollups: recomputed {Hours} hours")]
    private partial void LogRefreshed(int hours);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refreshing the report rollups failed; retrying at the next interval")]
    private partial void LogRefreshFailed(Exception exception);
}
