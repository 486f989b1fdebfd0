using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Abstractions;
using ReviewConsole.Core.Review;

namespace ReviewConsole.Tests.Review;

/// <summary>
/// The board on a real SQLite file, running as the host runs it. Its timer is ten minutes, so every
/// count seen here was caused by a change (or an explicit refresh).
/// </summary>
public sealed class ReviewQueueBoardTests : IAsyncLifetime
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private ReviewDatabase _database = default!;
    private ReviewQueueBoard _board = default!;

    public async Task InitializeAsync()
    {
        _database = await ReviewDatabase.CreateAsync(new ReviewOptions { BoardRefreshInterval = TimeSpan.FromMinutes(10) });
        _board = Board(_database);
    }

    public async Task DisposeAsync()
    {
        await _board.StopAsync(CancellationToken.None);
        _board.Dispose();
        await _database.DisposeAsync();
    }

    [Fact]
    public async Task RecountsRightAfterACommittedChange()
    {
        await _database.AddImageAsync();
        await _board.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => Default(_board.Current)?.Waiting == 1);
        var seen = new ConcurrentQueue<QueueBoardSnapshot>();
        using var subscription = _board.Subscribe(seen.Enqueue);

        await _database.ClaimAsync(new Reviewer("alice"));

        await WaitUntilAsync(() => seen.Any(s => Default(s) is { Waiting: 0, Claimed: 1 }));
        Assert.Equal((0, 1), (Default(_board.Current)!.Waiting, Default(_board.Current)!.Claimed));
    }

    [Fact]
    public async Task FoldsABurstOfChangesIntoAFewCounts()
    {
        await _board.StartAsync(CancellationToken.None);
        await WaitUntilAsync(() => _board.Current.Version > 0);
        var seen = new ConcurrentQueue<QueueBoardSnapshot>();
        using var subscription = _board.Subscribe(seen.Enqueue);
        var image = await _database.AddImageAsync();

        // A hundred notices while at most one count can run: each count folds in every notice raised while
        // it ran, so an unhurried loop gives two counts. A loaded machine can pause the loop across a few
        // counts (and the refresh interval may tick), but a board that counted per notice would give 100.
        for (var i = 0; i < 100; i++)
        {
            _database.Events.Raise(new ReviewChange(ReviewChangeKind.Enqueued, "default", null, image.Id, null, _database.Clock.GetUtcNow()));
        }

        await WaitUntilAsync(() => seen.Any(s => Default(s)?.Waiting == 1));
        await Task.Delay(TimeSpan.FromSeconds(1));
        Assert.InRange(seen.Count, 1, 10);
    }

    [Fact]
    public async Task ListenersSeeOnlyNewerSnapshotsAndTheNewestStandsGivenConcurrentCounts()
    {
        await _database.AddImageAsync();
        var seen = new ConcurrentQueue<long>();
        using var subscription = _board.Subscribe(s => seen.Enqueue(s.Version));

        var counts = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() => _board.RefreshAsync())));

        var versions = seen.ToArray();
        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Length, versions.Distinct().Count());
        Assert.Equal(counts.Max(c => c.Version), _board.Current.Version);
        Assert.Equal(1, Default(_board.Current)!.Waiting);
    }

    internal static ReviewQueueBoard Board(ReviewDatabase database) =>
        new(database.Events, database.Summaries, Microsoft.Extensions.Options.Options.Create(database.Options), database.Clock, NullLogger<ReviewQueueBoard>.Instance);

    private static QueueSummary? Default(QueueBoardSnapshot snapshot) => snapshot.Queues.SingleOrDefault(q => q.Queue == "default");

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(Bound);
        while (!condition())
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
