using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Review;

/// <summary>The Queues page's numbers, counted by the database (GROUP BY queue), never by loading tasks.</summary>
public sealed class ReviewQueueSummaries(IDbContextFactory<ReviewDbContext> dbFactory, IOptions<ReviewOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Every queue: those with open tasks, every policy's, <c>audit</c>, <c>escalation</c> and any with a
    /// configured SLA, in name order. A claim whose lease ran out counts as waiting (anyone may take it).
    /// </summary>
    public async Task<IReadOnlyList<QueueSummary>> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rows = await db.ReviewTasks
            .Where(t => t.State != ReviewTaskState.Decided)
            .GroupBy(t => t.Queue)
            .Select(g => new
            {
                Queue = g.Key,
                Open = g.Count(),
                Claimed = g.Count(t => t.State == ReviewTaskState.Claimed && t.LeaseExpiresAt > now),
                OldestWaiting = g
                    .Where(t => t.State == ReviewTaskState.Waiting || t.LeaseExpiresAt <= now)
                    .Min(t => (DateTimeOffset?)(t.EscalatedAt ?? t.EnqueuedAt)),
            })
            .ToListAsync(cancellationToken);
        var policies = await db.Policies.Select(p => p.Name).ToListAsync(cancellationToken);

        var settings = options.Value;
        var byQueue = rows.ToDictionary(r => r.Queue, StringComparer.Ordinal);
        return byQueue.Keys
            .Union(policies, StringComparer.Ordinal)
            .Union([ReviewQueues.Audit, ReviewQueues.Escalation], StringComparer.Ordinal)
            .Union(settings.QueueSlas.Keys, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .Select(queue =>
            {
                var row = byQueue.GetValueOrDefault(queue);
                var age = row?.OldestWaiting is { } oldest ? now - oldest : (TimeSpan?)null;
                var sla = settings.SlaOf(queue);
                return new QueueSummary(queue, (row?.Open ?? 0) - (row?.Claimed ?? 0), row?.Claimed ?? 0, age, sla, SlaStateOf(age, sla, settings.AtRiskShare));
            })
            .ToList();
    }

    internal static SlaState SlaStateOf(TimeSpan? oldestWaitingAge, TimeSpan sla, double atRiskShare) => oldestWaitingAge switch
    {
        null => SlaState.Ok,
        { } age when age >= sla => SlaState.Breached,
        { } age when age >= sla * atRiskShare => SlaState.AtRisk,
        _ => SlaState.Ok,
    };
}

/// <summary>One queue on the Queues page.</summary>
/// <param name="Queue">Its name.</param>
/// <param name="Waiting">Items anyone may claim now (including claims whose lease ran out).</param>
/// <param name="Claimed">Items under a live lease.</param>
/// <param name="OldestWaitingAge">How long the longest-waiting item has waited; null when none waits.</param>
/// <param name="Sla">How long an item may wait here.</param>
/// <param name="SlaState">Ok, at risk (past <see cref="ReviewOptions.AtRiskShare"/> of the SLA) or breached.</param>
public sealed record QueueSummary(string Queue, int Waiting, int Claimed, TimeSpan? OldestWaitingAge, TimeSpan Sla, SlaState SlaState);

public enum SlaState
{
    Ok,
    AtRisk,
    Breached,
}
