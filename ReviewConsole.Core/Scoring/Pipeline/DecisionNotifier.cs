using System.Collections.Concurrent;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>Lets an API request wait (<c>?wait=N</c>) for the pipeline to finish with one image.</summary>
public sealed class DecisionNotifier
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _waiting = new();

    /// <summary>
    /// A task that completes when the image has been scored. Callers watch first and then re-read the
    /// image, so a decision that lands between the two is not missed.
    /// </summary>
    public Task Watch(Guid imageId) =>
        _waiting.GetOrAdd(imageId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

    public void Forget(Guid imageId) => _waiting.TryRemove(imageId, out _);

    public void Scored(Guid imageId)
    {
        if (_waiting.TryRemove(imageId, out var waiter))
        {
            waiter.TrySetResult();
        }
    }
}
