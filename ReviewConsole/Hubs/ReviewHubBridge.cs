using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Hubs;

/// <summary>
/// Forwards the host's queue counts and item events to every connected console, once per host
/// (not once per connection). Listeners of the board and the events must not block, so they only
/// queue a message; one loop sends them in order.
/// </summary>
internal sealed partial class ReviewHubBridge(
    ReviewQueueBoard board,
    IReviewEvents events,
    IHubContext<ReviewHub, IReviewClient> hub,
    ILogger<ReviewHubBridge> logger) : BackgroundService
{
    // Bounded so that a stalled send cannot grow memory; dropping the oldest is safe for counts (a
    // newer snapshot supersedes it) and acceptable for item events (the counts stay right).
    private readonly Channel<object> _outgoing = Channel.CreateBounded<object>(new BoundedChannelOptions(1024)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var counts = board.Subscribe(snapshot => _outgoing.Writer.TryWrite(QueuesMessage.Of(snapshot)));
        using var changes = events.Subscribe(change => _outgoing.Writer.TryWrite(ItemMessage.Of(change)));
        try
        {
            await foreach (var message in _outgoing.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await (message switch
                    {
                        QueuesMessage queues => hub.Clients.All.QueuesChanged(queues),
                        ItemMessage item => hub.Clients.All.ItemChanged(item),
                        _ => Task.CompletedTask,
                    });
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    LogSendFailed(ex, message.GetType().Name);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Sending {Message} to the review consoles failed")]
    private partial void LogSendFailed(Exception exception, string message);
}
