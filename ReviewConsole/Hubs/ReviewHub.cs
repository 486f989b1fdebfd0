using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.SignalR;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Hubs;

/// <summary>
/// Live review numbers for every signed-in console: queue counts (<see cref="IReviewClient.QueuesChanged"/>)
/// and item events (<see cref="IReviewClient.ItemChanged"/>), pushed by <see cref="ReviewHubBridge"/>.
/// A connecting or reconnecting client gets the current counts at once, so it never shows stale ones
/// while it waits for the next change.
/// </summary>
[Authorize(Policy = AuthorizationPolicies.Console)]
public sealed class ReviewHub(ReviewQueueBoard board) : Hub<IReviewClient>
{
    /// <summary>Where the hub is mapped.</summary>
    public const string Path = "/hubs/review";

    public override async Task OnConnectedAsync()
    {
        await Clients.Caller.QueuesChanged(await CurrentAsync());
        await base.OnConnectedAsync();
    }

    /// <summary>The current queue counts, for a client that has just reconnected or wants to be sure.</summary>
    [Authorize(Policy = AuthorizationPolicies.Console)]
    public async Task<QueuesMessage> GetQueues() => await CurrentAsync();

    private async Task<QueuesMessage> CurrentAsync()
    {
        // Version 0 means the board has not finished its first count (the host has only just started).
        var snapshot = board.Current.Version > 0 ? board.Current : await board.RefreshAsync(Context.ConnectionAborted);
        return QueuesMessage.Of(snapshot);
    }
}

/// <summary>What the hub calls on its clients.</summary>
public interface IReviewClient
{
    /// <summary>New queue counts: after a committed change (bursts folded into one count) and every few seconds.</summary>
    Task QueuesChanged(QueuesMessage message);

    /// <summary>One committed change to one item (enqueued, claimed, released, decided, escalated, undone, overturned).</summary>
    Task ItemChanged(ItemMessage message);
}

/// <summary>Every queue's numbers at one moment.</summary>
/// <param name="Version">Increases with every count; a client drops a message older than the one it shows.</param>
/// <param name="At">When the count was taken.</param>
/// <param name="Queues">The queues in name order.</param>
public sealed record QueuesMessage(long Version, DateTimeOffset At, IReadOnlyList<QueueMessage> Queues)
{
    public static QueuesMessage Of(QueueBoardSnapshot snapshot) =>
        new(snapshot.Version, snapshot.At, snapshot.Queues.Select(QueueMessage.Of).ToList());
}

/// <summary>One queue's numbers.</summary>
/// <param name="Queue">Its name (the workbench is at <c>/review/{queue}</c>).</param>
/// <param name="Waiting">Items anyone may claim now.</param>
/// <param name="Claimed">Items under a live lease.</param>
/// <param name="OldestWaitingSeconds">Age of the longest-waiting item at <see cref="QueuesMessage.At"/>; null when none waits.</param>
/// <param name="SlaSeconds">How long an item may wait here.</param>
/// <param name="SlaState"><c>ok</c>, <c>at-risk</c> or <c>breached</c>.</param>
public sealed record QueueMessage(string Queue, int Waiting, int Claimed, double? OldestWaitingSeconds, double SlaSeconds, string SlaState)
{
    public static QueueMessage Of(QueueSummary summary) =>
        new(summary.Queue, summary.Waiting, summary.Claimed, summary.OldestWaitingAge?.TotalSeconds, summary.Sla.TotalSeconds, SlaStateName(summary.SlaState));

    /// <summary>The wire (and CSS) name of an SLA state.</summary>
    public static string SlaStateName(SlaState state) => state switch
    {
        Core.Review.SlaState.AtRisk => "at-risk",
        Core.Review.SlaState.Breached => "breached",
        _ => "ok",
    };
}

/// <summary>One committed change to an item; who made it is left out (every console sees these).</summary>
/// <param name="Kind"><c>enqueued</c>, <c>claimed</c>, <c>released</c>, <c>decided</c>, <c>escalated</c>, <c>undone</c> or <c>overturned</c>.</param>
/// <param name="Queue">The queue it happened in (for an escalation, the queue it left; empty for an overturn).</param>
/// <param name="TaskId">The review task, if any.</param>
/// <param name="ImageId">The image.</param>
/// <param name="At">When it was committed.</param>
public sealed record ItemMessage(string Kind, string Queue, Guid? TaskId, Guid ImageId, DateTimeOffset At)
{
    public static ItemMessage Of(ReviewChange change) =>
        new(change.Kind.ToString().ToLowerInvariant(), change.Queue, change.TaskId, change.ImageId, change.At);
}
