using System.Collections.Concurrent;
using System.Threading.Channels;
using Microsoft.Extensions.Options;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>
/// The bounded in-memory queue of image ids to score. Ingestion offers each new image; when the
/// queue is full the offer is dropped, and the pending scan picks the image up from the database
/// later: overload slows scoring down, it never loses an image or blocks an upload.
/// </summary>
public sealed class ScoringQueue
{
    private readonly Channel<Guid> _channel;
    private readonly ConcurrentDictionary<Guid, byte> _tracked = new();

    public ScoringQueue(IOptions<ScoringOptions> options)
    {
        _channel = Channel.CreateBounded<Guid>(new BoundedChannelOptions(options.Value.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });
    }

    public int Count => _channel.Reader.Count;

    public ChannelReader<Guid> Reader => _channel.Reader;

    /// <summary>Queues an image unless it is already queued or being scored; false when skipped or full.</summary>
    public bool TryOffer(Guid imageId)
    {
        if (!_tracked.TryAdd(imageId, 0))
        {
            return false;
        }

        if (_channel.Writer.TryWrite(imageId))
        {
            return true;
        }

        _tracked.TryRemove(imageId, out _);
        return false;
    }

    /// <summary>Called by a worker once it is done with an image, so a later scan may queue it again (after a failure).</summary>
    public void Done(Guid imageId) => _tracked.TryRemove(imageId, out _);
}
