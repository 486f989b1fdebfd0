using System.Threading.Channels;
using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>
/// Runs the nudity classifier for every worker through one queue, so frames from concurrent images
/// share a batch: at low load each frame runs alone (lowest latency), under load batches fill up
/// (highest throughput). No waiting is added to fill a batch.
/// </summary>
public sealed class NsfwStage : INsfwStage, IDisposable
{
    private readonly ScoringModels _models;
    private readonly Channel<Request> _requests = Channel.CreateUnbounded<Request>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lazy<Task> _loop;
    private readonly CancellationTokenSource _stopping = new();

    public NsfwStage(ScoringModels models)
    {
        _models = models;
        _loop = new Lazy<Task>(() => Task.Factory.StartNew(RunAsync, _stopping.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap());
    }

    public async Task<StageScores> ScoreAsync(IReadOnlyList<PixelBuffer> frames, CancellationToken cancellationToken)
    {
        var loaded = _models.Get();
        _ = _loop.Value;
        var requests = frames.Select(f => new Request(f, new TaskCompletionSource<float[]>(TaskCreationOptions.RunContinuationsAsynchronously))).ToList();
        foreach (var request in requests)
        {
            await _requests.Writer.WriteAsync(request, cancellationToken);
        }

        var probabilities = await Task.WhenAll(requests.Select(r => r.Result.Task)).WaitAsync(cancellationToken);
        var labels = loaded.NsfwModel.Labels;
        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        for (var i = 0; i < labels.Count; i++)
        {
            if (loaded.NsfwModel.Categories.TryGetValue(labels[i], out var category) && category is not null)
            {
                // An animated image is as bad as its worst frame.
                scores[category] = probabilities.Max(p => (double)p[i]);
            }
        }

        return new StageScores(scores, loaded.NsfwModel.Version);
    }

    private async Task RunAsync()
    {
        var reader = _requests.Reader;
        var batch = new List<Request>();
        while (await reader.WaitToReadAsync(_stopping.Token))
        {
            var limit = Math.Max(1, BatchSize);
            batch.Clear();
            while (batch.Count < limit && reader.TryRead(out var request))
            {
                batch.Add(request);
            }

            try
            {
                var results = _models.Get().Nsfw.Classify(batch.Select(r => r.Frame).ToList());
                for (var i = 0; i < batch.Count; i++)
                {
                    batch[i].Result.TrySetResult(results[i]);
                }
            }
            catch (Exception ex)
            {
                // The failure belongs to the images in this batch; the loop serves the next ones.
                foreach (var request in batch)
                {
                    request.Result.TrySetException(ex);
                }
            }
        }
    }

    /// <summary>Frames per inference; the classifier splits larger batches itself.</summary>
    public int BatchSize { get; init; } = 16;

    public void Dispose()
    {
        _stopping.Cancel();
        _requests.Writer.TryComplete();
        _stopping.Dispose();
    }

    private sealed record Request(PixelBuffer Frame, TaskCompletionSource<float[]> Result);
}
