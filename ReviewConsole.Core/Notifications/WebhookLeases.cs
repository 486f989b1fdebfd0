using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Notifications;

/// <summary>
/// Claims of due deliveries, so that two dispatchers (two hosts on one database) never send the same
/// delivery at the same time. A claim is one conditional UPDATE: it only touches rows that are still
/// pending and due, and moves their next attempt to the lease's end, so a second claimer's UPDATE no
/// longer matches them. SQLite runs one writer at a time and SQL Server re-checks the condition on
/// rows it had to wait for, so on both exactly one claimer wins each row; losing is no error, the row
/// just is not in the loser's batch.
/// </summary>
internal static class WebhookLeases
{
    /// <summary>Claims up to <paramref name="batchSize"/> due deliveries under <paramref name="leaseId"/>, oldest due first.</summary>
    public static async Task<IReadOnlyList<WebhookDelivery>> ClaimDueAsync(ReviewDbContext db, Guid leaseId, DateTimeOffset now, DateTimeOffset leaseEnd, int batchSize, CancellationToken cancellationToken)
    {
        var due = await db.WebhookDeliveries
            .Where(d => d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt)
            .Select(d => d.Id)
            .Take(batchSize)
            .ToListAsync(cancellationToken);
        if (due.Count == 0)
        {
            return [];
        }

        // The due condition is repeated here on purpose: it is what makes the claim atomic.
        var claimed = await db.WebhookDeliveries
            .Where(d => due.Contains(d.Id) && d.State == WebhookDeliveryState.Pending && d.NextAttemptAt <= now)
            .ExecuteUpdateAsync(
                setters => setters
                    .SetProperty(d => d.LeaseId, leaseId)
                    .SetProperty(d => d.NextAttemptAt, leaseEnd),
                cancellationToken);
        if (claimed == 0)
        {
            return [];
        }

        return await db.WebhookDeliveries.AsNoTracking().Where(d => d.LeaseId == leaseId).ToListAsync(cancellationToken);
    }
}
