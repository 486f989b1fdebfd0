using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Notifications;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Notifications;

/// <summary>The claim itself, raced hard on a real SQLite file: far more contention than two polling hosts produce.</summary>
public sealed class WebhookLeasesTests : IAsyncLifetime
{
    private readonly string _dataPath = RepositoryPaths.NewTempFolder("webhook-leases");
    private WebhookHost _host = default!;

    public Task InitializeAsync()
    {
        _host = new WebhookHost(_dataPath, dispatcherEnabled: false);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A moment's SQLite handle on a slow machine; temp folders are cleaned by the OS.
        }
    }

    [Fact]
    public async Task ConcurrentClaimersEachGetADisjointShareAndTogetherEveryDueDelivery()
    {
        var source = await _host.CreateSourceAsync();
        var imageId = await _host.UploadAsync(source, new Uri("http://127.0.0.1:9/never-called"));
        var expected = (await _host.EnqueueAsync(imageId, [.. Enumerable.Repeat(WebhookEventTypes.DecisionChanged, 200)])).Select(d => d!.Id).ToHashSet();
        var contexts = _host.Services.GetRequiredService<IDbContextFactory<ReviewDbContext>>();
        var now = _host.Clock.GetUtcNow();
        var claims = new ConcurrentBag<(int Claimer, Guid Delivery)>();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(claimer => Task.Run(async () =>
        {
            while (true)
            {
                await using var db = await contexts.CreateDbContextAsync();
                var batch = await WebhookLeases.ClaimDueAsync(db, Guid.NewGuid(), now, now.AddMinutes(5), batchSize: 5, CancellationToken.None);
                if (batch.Count == 0 && !await db.WebhookDeliveries.AnyAsync(d => d.NextAttemptAt <= now))
                {
                    return;
                }

                foreach (var delivery in batch)
                {
                    claims.Add((claimer, delivery.Id));
                }
            }
        })));

        var claimed = claims.Select(c => c.Delivery).ToList();
        Assert.Equal(claimed.Count, claimed.Distinct().Count());
        Assert.True(expected.SetEquals(claimed), "every due delivery is claimed");
    }

    [Fact]
    public async Task ClaimSkipsDeliveriesThatAreLeasedNotYetDueOrFinished()
    {
        var source = await _host.CreateSourceAsync();
        var imageId = await _host.UploadAsync(source, new Uri("http://127.0.0.1:9/never-called"));
        var delivery = Assert.Single(await _host.EnqueueAsync(imageId))!;
        var contexts = _host.Services.GetRequiredService<IDbContextFactory<ReviewDbContext>>();
        var now = _host.Clock.GetUtcNow();
        await using var db = await contexts.CreateDbContextAsync();

        Assert.Equal(delivery.Id, Assert.Single(await WebhookLeases.ClaimDueAsync(db, Guid.NewGuid(), now, now.AddMinutes(1), 10, CancellationToken.None)).Id);
        Assert.Empty(await WebhookLeases.ClaimDueAsync(db, Guid.NewGuid(), now.AddSeconds(59), now.AddMinutes(2), 10, CancellationToken.None));

        // Once the lease has lapsed (its holder died mid-send), another dispatcher takes the delivery over.
        Assert.Single(await WebhookLeases.ClaimDueAsync(db, Guid.NewGuid(), now.AddMinutes(1), now.AddMinutes(2), 10, CancellationToken.None));
    }
}
