using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ReviewConsole.Core.Review;

/// <summary>
/// The live queue numbers every open console shows: recounted by the database right after each
/// committed review change (changes that arrive during a recount are folded into the next one) and
/// every <see cref="ReviewOptions.BoardRefreshInterval"/> so ages and SLA states move on their own.
/// One singleton per host, so a hundred consoles cost one count per change, not a hundred.
/// </summary>
public sealed partial class ReviewQueueBoard(
    IReviewEvents events,
    ReviewQueueSummaries summaries,
    IOptions<ReviewOptions> options,
    TimeProvider clock,
    ILogger<ReviewQueueBoard> logger) : BackgroundService
{
    private readonly SemaphoreSlim _changed = new(0, 1);
    private readonly Lock _gate = new();
    private volatile Action<QueueBoardSnapshot>[] _listeners = [];
    private long _version;

    /// <summary>The latest snapshot; empty (version 0) until the first count finished.</summary>
    public QueueBoardSnapshot Current { get; private set; } = new(0, DateTimeOffset.MinValue, []);

    /// <summary>Calls <paramref name="listener"/> with each new snapshot, in version order, until the handle is disposed. Listeners must not block.</summary>
    public IDisposable Subscribe(Action<QueueBoardSnapshot> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }

        return new Subscription(this, listener);
    }

    /// <summary>Counts now and publishes, for a caller that must not wait for the next change or tick.</summary>
    public async Task<QueueBoardSnapshot> RefreshAsync(CancellationToken cancellationToken = default)
    {
        var queues = await summaries.GetAsync(cancellationToken);
        var snapshot = new QueueBoardSnapshot(Interlocked.Increment(ref _version), clock.GetUtcNow(), queues);
        Publish(snapshot);
        return snapshot;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var subscription = events.Subscribe(_ => Signal());
        var interval = options.Value.BoardRefreshInterval;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RefreshAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogCountFailed(ex);
            }

            try
            {
                await _changed.WaitAsync(interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Signal()
    {
        // At most one pending signal: every change that arrives while a count runs is covered by the next count.
        try
        {
            if (_changed.CurrentCount == 0)
            {
                _changed.Release();
            }
        }
        catch (SemaphoreFullException)
        {
        }
    }

    private void Publish(QueueBoardSnapshot snapshot)
    {
        lock (_gate)
        {
            // Two counts may finish out of order (a refresh beside the loop); the newer one stands.
            if (snapshot.Version < Current.Version)
            {
                return;
            }

            Current = snapshot;

            // Inside the lock, so listeners see snapshots in version order: outside it, a refresh that
            // published just before the loop could reach a listener after the loop's newer one.
            foreach (var listener in _listeners)
            {
                try
                {
                    listener(snapshot);
                }
                catch (Exception ex)
                {
                    LogListenerFailed(ex);
                }
            }
        }
    }

    private void Unsubscribe(Action<QueueBoardSnapshot> listener)
    {
        lock (_gate)
        {
            var index = Array.IndexOf(_listeners, listener);
            if (index >= 0)
            {
                _listeners = [.. _listeners[..index], .. _listeners[(index + 1)..]];
            }
        }
    }

    public override void Dispose()
    {
        _changed.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Counting the review queues failed; retrying at the next change or interval")]
    private partial void LogCountFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A queue board listener failed")]
    private partial void LogListenerFailed(Exception exception);

    private sealed class Subscription(ReviewQueueBoard owner, Action<QueueBoardSnapshot> listener) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Unsubscribe(listener);
            }
        }
    }
}

/// <summary>Every queue's numbers at one moment.</summary>
/// <param name="Version">Increases with every count; a consumer can drop one older than what it shows.</param>
/// <param name="At">When the count was taken.</param>
/// <param name="Queues">The queues, as <see cref="ReviewQueueSummaries.GetAsync"/> returns them.</param>
public sealed record QueueBoardSnapshot(long Version, DateTimeOffset At, IReadOnlyList<QueueSummary> Queues);
