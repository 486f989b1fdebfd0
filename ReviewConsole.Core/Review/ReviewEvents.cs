using Microsoft.Extensions.Logging;

namespace ReviewConsole.Core.Review;

/// <summary>
/// In-process notice of every committed review change, for live queue counts (the SignalR hub
/// subscribes and forwards). Raised after the commit, never before, so a listener that re-reads
/// sees the change.
/// </summary>
public interface IReviewEvents
{
    /// <summary>Calls <paramref name="listener"/> after each change until the returned handle is disposed.</summary>
    IDisposable Subscribe(Action<ReviewChange> listener);
}

/// <summary>One committed change to a queue.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Queue">The queue it happened in (for an escalation: the queue it left).</param>
/// <param name="TaskId">The task concerned, if any (an overturn concerns the image only).</param>
/// <param name="ImageId">The image concerned.</param>
/// <param name="ActorId">Who did it; null for the pipeline.</param>
/// <param name="At">When it was committed.</param>
public sealed record ReviewChange(ReviewChangeKind Kind, string Queue, Guid? TaskId, Guid ImageId, string? ActorId, DateTimeOffset At);

public enum ReviewChangeKind
{
    Enqueued,
    Claimed,
    Released,
    Decided,
    Escalated,
    Undone,
    Overturned,
}

/// <summary>The singleton behind <see cref="IReviewEvents"/>; listeners that throw are logged and skipped.</summary>
public sealed partial class ReviewEvents(ILogger<ReviewEvents> logger) : IReviewEvents
{
    private readonly Lock _gate = new();
    private volatile Action<ReviewChange>[] _listeners = [];

    public IDisposable Subscribe(Action<ReviewChange> listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            _listeners = [.. _listeners, listener];
        }

        return new Subscription(this, listener);
    }

    /// <summary>Tells every listener; called only after the change is committed.</summary>
    public void Raise(ReviewChange change)
    {
        // A copy-on-write array: raising never takes the lock, and a listener may unsubscribe while called.
        foreach (var listener in _listeners)
        {
            try
            {
                listener(change);
            }
            catch (Exception ex)
            {
                LogListenerFailed(ex, change.Kind);
            }
        }
    }

    private void Unsubscribe(Action<ReviewChange> listener)
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "A review listener failed on {Kind}")]
    private partial void LogListenerFailed(Exception exception, ReviewChangeKind kind);

    private sealed class Subscription(ReviewEvents owner, Action<ReviewChange> listener) : IDisposable
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
