using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Core.Notifications;

/// <summary>What admins see of the outbox and may do with it (the webhooks admin page).</summary>
public sealed class WebhookAdministration(IDbContextFactory<ReviewDbContext> contexts, TimeProvider clock)
{
    /// <summary>Most deliveries one listing returns.</summary>
    public const int MaxListed = 500;

    /// <summary>The newest deliveries, each with its attempts (oldest attempt first), optionally of one source or in one state.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryView>> ListRecentAsync(Guid? sourceId = null, WebhookDeliveryState? state = null, int take = 100, CancellationToken cancellationToken = default)
    {
        take = Math.Clamp(take, 1, MaxListed);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.WebhookDeliveries.AsNoTracking();
        if (sourceId is { } source)
        {
            query = query.Where(d => d.SourceId == source);
        }

        if (state is { } wanted)
        {
            query = query.Where(d => d.State == wanted);
        }

        var deliveries = await query
            .OrderByDescending(d => d.CreatedAt)
            .Take(take)
            .Include(d => d.Attempts)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var sourceIds = deliveries.Select(d => d.SourceId).Distinct().ToList();
        var names = await db.Sources.AsNoTracking()
            .Where(s => sourceIds.Contains(s.Id))
            .ToDictionaryAsync(s => s.Id, s => s.Name, cancellationToken);
        return deliveries.Select(d => new WebhookDeliveryView(
                d.Id,
                d.SourceId,
                names.GetValueOrDefault(d.SourceId, "?"),
                d.ImageId,
                d.EventType,
                d.TargetUrl,
                d.State,
                d.AttemptCount,
                d.State == WebhookDeliveryState.Pending ? d.NextAttemptAt : null,
                d.CreatedAt,
                d.CompletedAt,
                d.Body,
                d.Attempts
                    .OrderBy(a => a.AttemptedAt)
                    .Select(a => new WebhookAttemptView(a.AttemptedAt, a.StatusCode, a.Error, a.Duration))
                    .ToList()))
            .ToList();
    }

    /// <summary>Sends a succeeded or failed delivery again with the same id and body and a fresh retry window.</summary>
    public async Task<RedeliverResult> RedeliverAsync(Guid deliveryId, CancellationToken cancellationToken = default)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var delivery = await db.WebhookDeliveries.FirstOrDefaultAsync(d => d.Id == deliveryId, cancellationToken);
        if (delivery is null)
        {
            return RedeliverResult.NotFound;
        }

        if (!delivery.Redeliver(clock.GetUtcNow()))
        {
            return RedeliverResult.StillPending;
        }

        await db.SaveChangesAsync(cancellationToken);
        return RedeliverResult.Scheduled;
    }
}

public enum RedeliverResult
{
    Scheduled,
    NotFound,

    /// <summary>It has not finished yet: the dispatcher is still trying it.</summary>
    StillPending,
}

/// <summary>One delivery as the admin page shows it.</summary>
/// <param name="NextAttemptAt">When it is tried next; null once it is finished.</param>
public sealed record WebhookDeliveryView(
    Guid Id,
    Guid SourceId,
    string SourceName,
    Guid ImageId,
    string EventType,
    string TargetUrl,
    WebhookDeliveryState State,
    int AttemptCount,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string Body,
    IReadOnlyList<WebhookAttemptView> Attempts);

/// <summary>One attempt: when, the HTTP status or the error, how long it took.</summary>
public sealed record WebhookAttemptView(DateTimeOffset AttemptedAt, int? StatusCode, string? Error, TimeSpan Duration)
{
    public bool Succeeded => StatusCode is >= 200 and <= 299;
}
