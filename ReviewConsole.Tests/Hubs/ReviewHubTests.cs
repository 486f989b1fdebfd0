using System.Net;
using System.Threading.Channels;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Users;
using ReviewConsole.Hubs;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Hubs;

/// <summary>
/// The hub on the real host over loopback HTTP, driven by the .NET SignalR client signed in with the
/// console's cookie. The board's timer is set to ten minutes, so every update seen here was caused by
/// the change itself. Each test works in a queue of its own.
/// </summary>
public sealed class ReviewHubTests : IAsyncLifetime
{
    private const string Password = "hub-test-password";
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(15);

    private readonly ReviewConsoleFactory _host = new ReviewConsoleFactory().WithSetting("Review:BoardRefreshInterval", "00:10:00");
    private readonly string _queue = $"hub-{Guid.NewGuid():N}"[..20];

    public async Task InitializeAsync()
    {
        await _host.CreateUserAsync("moderator@hub.test", Password, Roles.Moderator);
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task RefusesNegotiateWithUnauthorizedGivenNoSignIn()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = _host.BaseAddress };

        using var response = await client.PostAsync("hubs/review/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task RefusesToConnectGivenNoSignIn()
    {
        await using var connection = new HubConnectionBuilder().WithUrl(new Uri(_host.BaseAddress, "hubs/review")).Build();

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => connection.StartAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
    }

    [Fact]
    public async Task SendsTheCurrentCountsToAClientAsSoonAsItConnects()
    {
        await InReviewImages.AddAsync(_host, _queue, 2);
        await using var client = await ConnectAsync();

        var first = await client.Counts.Reader.ReadAsync(new CancellationTokenSource(Bound).Token);

        Assert.Equal(2, WaitingIn(first));
    }

    [Fact]
    public async Task PushesTheNewCountToASignedInModeratorAfterAnEnqueueAndAfterADecision()
    {
        await using var client = await ConnectAsync();
        await client.WaitForAsync(m => WaitingIn(m) == 0);

        var imageId = (await InReviewImages.AddAsync(_host, _queue)).Single();
        await client.WaitForAsync(m => WaitingIn(m) == 1);

        var workbench = _host.Services.GetRequiredService<ReviewWorkbench>();
        var moderator = new Reviewer("moderator-1");
        var claim = (await workbench.ClaimNextAsync(_queue, moderator)).Claim!;
        await client.WaitForAsync(m => WaitingIn(m) == 0 && ClaimedIn(m) == 1);
        Assert.True((await workbench.ApproveAsync(claim.TaskId, moderator)).Succeeded);
        var decided = await client.WaitForAsync(m => WaitingIn(m) == 0 && ClaimedIn(m) == 0);

        Assert.DoesNotContain(decided.Queues, q => q.Queue == _queue && q.Waiting + q.Claimed > 0);
        var events = new List<ItemMessage>();
        while (client.Items.Reader.TryRead(out var item))
        {
            events.Add(item);
        }

        Assert.Equal(["enqueued", "claimed", "decided"], events.Where(e => e.ImageId == imageId).Select(e => e.Kind));
        Assert.All(events.Where(e => e.ImageId == imageId), e => Assert.Equal((_queue, claim.TaskId), (e.Queue, e.TaskId!.Value)));
    }

    [Fact]
    public async Task GetQueuesReturnsTheCurrentCountsAfterAReconnect()
    {
        await using var client = await ConnectAsync();
        await client.WaitForAsync(m => WaitingIn(m) == 0);
        await client.Connection.StopAsync();

        await InReviewImages.AddAsync(_host, _queue, 3);
        await client.Connection.StartAsync();
        var current = await client.Connection.InvokeAsync<QueuesMessage>(nameof(ReviewHub.GetQueues));

        Assert.Equal(3, WaitingIn(current));
        Assert.Equal("ok", current.Queues.Single(q => q.Queue == _queue).SlaState);
    }

    private int WaitingIn(QueuesMessage message) => message.Queues.SingleOrDefault(q => q.Queue == _queue)?.Waiting ?? 0;

    private int ClaimedIn(QueuesMessage message) => message.Queues.SingleOrDefault(q => q.Queue == _queue)?.Claimed ?? 0;

    private async Task<HubClient> ConnectAsync()
    {
        var cookies = await ConsoleSignIn.SignInAsync(_host.BaseAddress, "moderator@hub.test", Password);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(_host.BaseAddress, "hubs/review"), options => options.Cookies = cookies)
            .Build();
        var client = new HubClient(connection);
        await connection.StartAsync();
        return client;
    }

    /// <summary>A connection whose pushed messages are kept in order for the test to read.</summary>
    private sealed class HubClient : IAsyncDisposable
    {
        public HubClient(HubConnection connection)
        {
            Connection = connection;
            connection.On<QueuesMessage>(nameof(IReviewClient.QueuesChanged), m => Counts.Writer.TryWrite(m));
            connection.On<ItemMessage>(nameof(IReviewClient.ItemChanged), m => Items.Writer.TryWrite(m));
        }

        public HubConnection Connection { get; }

        public Channel<QueuesMessage> Counts { get; } = Channel.CreateUnbounded<QueuesMessage>();

        public Channel<ItemMessage> Items { get; } = Channel.CreateUnbounded<ItemMessage>();

        /// <summary>Reads pushed counts until one matches; fails after a generous bound.</summary>
        public async Task<QueuesMessage> WaitForAsync(Func<QueuesMessage, bool> match)
        {
            using var timeout = new CancellationTokenSource(Bound);
            while (true)
            {
                var message = await Counts.Reader.ReadAsync(timeout.Token);
                if (match(message))
                {
                    return message;
                }
            }
        }

        public async ValueTask DisposeAsync() => await Connection.DisposeAsync();
    }
}
