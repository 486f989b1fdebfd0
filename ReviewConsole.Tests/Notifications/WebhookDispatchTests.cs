using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Notifications;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Notifications;

/// <summary>
/// The outbox end to end: the real host's dispatcher sending to an app listening on loopback, over a
/// real SQLite file. Each test has its own data folder, receiver and host(s).
/// </summary>
public sealed class WebhookDispatchTests : IAsyncLifetime
{
    private readonly string _dataPath = RepositoryPaths.NewTempFolder("webhooks");
    private readonly List<IAsyncDisposable> _disposables = [];
    private WebhookReceiver _receiver = default!;

    public async Task InitializeAsync()
    {
        _receiver = await WebhookReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        foreach (var disposable in Enumerable.Reverse(_disposables))
        {
            await disposable.DisposeAsync();
        }

        await _receiver.DisposeAsync();
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
    public async Task SendsSignedContractBodyThatVerifiesWithTheSourcesSecret()
    {
        var host = Start(new WebhookHost(_dataPath));
        var source = await host.CreateSourceAsync();
        var imageId = await host.UploadAsync(source, _receiver.UrlOf("app"), externalId: "post-42");

        var delivery = Assert.Single(await host.EnqueueAsync(imageId))!;

        var received = (await Eventually.UntilAsync(() => _receiver.ReceivedBy("app"), r => r.Count > 0, "the webhook")).Single();
        Assert.Equal(delivery.Id.ToString(), received.DeliveryId);
        Assert.Equal("application/json", received.ContentType);
        Assert.Matches("^sha256=[0-9a-f]{64}$", received.Signature);
        Assert.True(WebhookSignature.Verify(source.WebhookSecret, received.Timestamp, received.Signature, received.Body, host.Clock.GetUtcNow()));
        Assert.False(WebhookSignature.Verify("whsec_" + new string('0', 64), received.Timestamp, received.Signature, received.Body, host.Clock.GetUtcNow()));

        using var json = JsonDocument.Parse(received.Body);
        var body = json.RootElement;
        Assert.Equal(
            ["type", "id", "externalId", "status", "decidedBy", "scores", "reasons", "decidedAt"],
            body.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal("image.decided", body.GetProperty("type").GetString());
        Assert.Equal(imageId, body.GetProperty("id").GetGuid());
        Assert.Equal("post-42", body.GetProperty("externalId").GetString());
        Assert.Equal("rejected", body.GetProperty("status").GetString());
        Assert.Equal("auto", body.GetProperty("decidedBy").GetString());
        Assert.Equal(0.97, body.GetProperty("scores").GetProperty("nudity").GetDouble());
        var reason = Assert.Single(body.GetProperty("reasons").EnumerateArray());
        Assert.Equal(["category", "score", "rule", "detail"], reason.EnumerateObject().Select(p => p.Name).ToArray());
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 4, 5, 6, TimeSpan.Zero), body.GetProperty("decidedAt").GetDateTimeOffset());

        var stored = await Eventually.UntilAsync(() => host.DeliveryAsync(delivery.Id), d => d.State == WebhookDeliveryState.Succeeded, "the delivery to be marked succeeded");
        Assert.Equal(200, Assert.Single(stored.Attempts).StatusCode);
    }

    [Fact]
    public async Task RetriesServerErrorWithTheSameDeliveryIdAndIdenticalBodyUntilAccepted()
    {
        _receiver.Respond = (_, earlier) => earlier < 2 ? 500 : 204;
        var host = Start(new WebhookHost(_dataPath));
        var source = await host.CreateSourceAsync();
        var imageId = await host.UploadAsync(source, _receiver.UrlOf("flaky"));

        var delivery = Assert.Single(await host.EnqueueAsync(imageId))!;

        var stored = await Eventually.UntilAsync(() => host.DeliveryAsync(delivery.Id), d => d.State == WebhookDeliveryState.Succeeded, "the third attempt to succeed");
        Assert.Equal([500, 500, 204], stored.Attempts.OrderBy(a => a.AttemptedAt).Select(a => a.StatusCode));
        var received = _receiver.ReceivedBy("flaky");
        Assert.Equal(3, received.Count);
        Assert.All(received, r => Assert.Equal(delivery.Id.ToString(), r.DeliveryId));
        Assert.All(received, r => Assert.Equal(received[0].Body, r.Body));
        Assert.All(received, r => Assert.True(WebhookSignature.Verify(source.WebhookSecret, r.Timestamp, r.Signature, r.Body, host.Clock.GetUtcNow())));
    }

    [Fact]
    public async Task GivesUpAfterTwentyFourHoursOfFailuresAndSendsNothingMore()
    {
        _receiver.Respond = (name, _) => name == "down" ? 503 : 200;
        var host = Start(new WebhookHost(_dataPath));
        var source = await host.CreateSourceAsync();
        var down = Assert.Single(await host.EnqueueAsync(await host.UploadAsync(source, _receiver.UrlOf("down"))))!;
        await Eventually.UntilAsync(() => host.DeliveryAsync(down.Id), d => d.AttemptCount >= 2, "two failed attempts");

        host.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));

        var failed = await Eventually.UntilAsync(() => host.DeliveryAsync(down.Id), d => d.State == WebhookDeliveryState.Failed, "the delivery to be given up");
        Assert.All(failed.Attempts, a => Assert.Equal(503, a.StatusCode));
        Assert.Equal(failed.AttemptCount, _receiver.ReceivedBy("down").Count);

        // Proof that the dispatcher went on working after giving up: a later delivery gets through.
        host.Clock.Advance(TimeSpan.FromHours(2));
        var later = Assert.Single(await host.EnqueueAsync(await host.UploadAsync(source, _receiver.UrlOf("up"))))!;
        await Eventually.UntilAsync(() => host.DeliveryAsync(later.Id), d => d.State == WebhookDeliveryState.Succeeded, "a later delivery to succeed");
        var after = await host.DeliveryAsync(down.Id);
        Assert.Equal(WebhookDeliveryState.Failed, after.State);
        Assert.Equal(failed.AttemptCount, after.AttemptCount);
        Assert.Equal(failed.AttemptCount, _receiver.ReceivedBy("down").Count);
    }

    [Fact]
    public async Task DeliversAfterHostRestartWhatWasEnqueuedBeforeTheRestart()
    {
        Guid deliveryId;
        string secret;
        await using (var first = new WebhookHost(_dataPath, dispatcherEnabled: false))
        {
            var source = await first.CreateSourceAsync();
            secret = source.WebhookSecret;
            deliveryId = Assert.Single(await first.EnqueueAsync(await first.UploadAsync(source, _receiver.UrlOf("restart"))))!.Id;
            Assert.Equal(WebhookDeliveryState.Pending, (await first.DeliveryAsync(deliveryId)).State);
        }

        Assert.Empty(_receiver.Received);
        var second = Start(new WebhookHost(_dataPath));
        _ = second.BaseAddress;

        var received = (await Eventually.UntilAsync(() => _receiver.ReceivedBy("restart"), r => r.Count > 0, "the webhook from the restarted host")).Single();
        Assert.Equal(deliveryId.ToString(), received.DeliveryId);
        Assert.True(WebhookSignature.Verify(secret, received.Timestamp, received.Signature, received.Body, second.Clock.GetUtcNow()));
        await Eventually.UntilAsync(() => second.DeliveryAsync(deliveryId), d => d.State == WebhookDeliveryState.Succeeded, "the delivery to be marked succeeded");
    }

    [Fact]
    public async Task TwoHostsOnOneDatabaseNeverSendTheSameDeliveryTwice()
    {
        _receiver.Hold = TimeSpan.FromMilliseconds(100);
        var first = Start(new WebhookHost(_dataPath));
        var source = await first.CreateSourceAsync();
        var imageIds = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            imageIds.Add(await first.UploadAsync(source, _receiver.UrlOf("shared")));
        }

        var second = Start(new WebhookHost(_dataPath));
        _ = second.BaseAddress;

        // All become due in one commit, so both dispatchers race for the same rows.
        var deliveryIds = new List<Guid>();
        await using (var scope = first.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
            var outbox = scope.ServiceProvider.GetRequiredService<WebhookOutbox>();
            foreach (var image in await db.Images.Where(i => imageIds.Contains(i.Id)).ToListAsync())
            {
                for (var n = 0; n < 10; n++)
                {
                    var eventType = n == 0 ? WebhookEventTypes.Decided : WebhookEventTypes.DecisionChanged;
                    deliveryIds.Add((await outbox.EnqueueAsync(db, image, eventType, WebhookHost.SamplePayload(image.Id, null)))!.Id);
                }
            }

            await db.SaveChangesAsync();
        }

        await Eventually.UntilAsync(
            () => first.QueryAsync(db => db.WebhookDeliveries.CountAsync(d => deliveryIds.Contains(d.Id) && d.State == WebhookDeliveryState.Succeeded)),
            n => n == deliveryIds.Count,
            "every delivery to succeed");
        // The uploads' own automatic decisions notify "shared" too (the pipeline enqueues image.decided):
        // the test's deliveries are compared, and no delivery at all may arrive twice.
        var received = _receiver.ReceivedBy("shared");
        var expected = deliveryIds.Select(id => id.ToString()).ToHashSet();
        Assert.Equal(received.Count, received.Select(r => r.DeliveryId).Distinct().Count());
        Assert.Equal(expected.Order(), received.Select(r => r.DeliveryId).Where(expected.Contains).Order());
        Assert.Equal(1, _receiver.MaxInFlightPerDelivery);
        Assert.All(
            await first.QueryAsync(db => db.WebhookDeliveries.Where(d => deliveryIds.Contains(d.Id)).Select(d => d.AttemptCount).ToListAsync()),
            attempts => Assert.Equal(1, attempts));
    }

    [Fact]
    public async Task RedeliverSendsASucceededDeliveryAgainWithTheSameIdAndBody()
    {
        var host = Start(new WebhookHost(_dataPath));
        var source = await host.CreateSourceAsync();
        var delivery = Assert.Single(await host.EnqueueAsync(await host.UploadAsync(source, _receiver.UrlOf("again"))))!;
        await Eventually.UntilAsync(() => host.DeliveryAsync(delivery.Id), d => d.State == WebhookDeliveryState.Succeeded, "the first delivery");

        await using var scope = host.Services.CreateAsyncScope();
        var admin = scope.ServiceProvider.GetRequiredService<WebhookAdministration>();
        Assert.Equal(RedeliverResult.Scheduled, await admin.RedeliverAsync(delivery.Id));
        Assert.Equal(RedeliverResult.NotFound, await admin.RedeliverAsync(Guid.NewGuid()));

        await Eventually.UntilAsync(() => host.DeliveryAsync(delivery.Id), d => d.State == WebhookDeliveryState.Succeeded && d.AttemptCount == 2, "the redelivery");
        var received = _receiver.ReceivedBy("again");
        Assert.Equal(2, received.Count);
        Assert.Equal(received[0].DeliveryId, received[1].DeliveryId);
        Assert.Equal(received[0].Body, received[1].Body);

        var listed = Assert.Single(await admin.ListRecentAsync(sourceId: source.SourceId));
        Assert.Equal(delivery.Id, listed.Id);
        Assert.Equal(source.Source, listed.SourceName);
        Assert.Equal([200, 200], listed.Attempts.Select(a => a.StatusCode));
        Assert.Empty(await admin.ListRecentAsync(sourceId: source.SourceId, state: WebhookDeliveryState.Failed));
    }

    [Fact]
    public async Task SendsToTheSourcesDefaultUrlWhenTheSubmissionNamesNoneAndEnqueuesNothingWithoutEither()
    {
        var host = Start(new WebhookHost(_dataPath));
        var source = await host.CreateSourceAsync();
        var imageId = await host.UploadAsync(source, callbackUrl: null);

        Assert.Null(Assert.Single(await host.EnqueueAsync(imageId)));

        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
            (await db.Sources.SingleAsync(s => s.Id == source.SourceId)).SetDefaultCallbackUrl(_receiver.UrlOf("default"));
            await db.SaveChangesAsync();
        }

        var delivery = Assert.Single(await host.EnqueueAsync(imageId, WebhookEventTypes.DecisionChanged))!;
        var received = (await Eventually.UntilAsync(() => _receiver.ReceivedBy("default"), r => r.Count > 0, "the webhook at the default URL")).Single();
        Assert.Equal(delivery.Id.ToString(), received.DeliveryId);
        using var json = JsonDocument.Parse(received.Body);
        Assert.Equal("image.decision_changed", json.RootElement.GetProperty("type").GetString());
        Assert.Equal(1, await host.QueryAsync(db => db.WebhookDeliveries.CountAsync(d => d.ImageId == imageId)));
    }

    private WebhookHost Start(WebhookHost host)
    {
        _disposables.Add(host);
        return host;
    }
}
