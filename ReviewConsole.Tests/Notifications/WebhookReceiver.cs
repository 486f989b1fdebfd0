using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ReviewConsole.Tests.Notifications;

/// <summary>
/// An integrating app on real loopback Kestrel: records every webhook it receives (headers and raw
/// body bytes) under <c>/hooks/{name}</c> and answers what <see cref="Respond"/> says.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private readonly ConcurrentDictionary<string, int> _inFlight = new();
    private int _maxInFlightPerDelivery;

    private WebhookReceiver(WebApplication app) => _app = app;

    /// <summary>The status to answer, given the hook's name and how many requests that name had before this one. Defaults to 200.</summary>
    public Func<string, int, int> Respond { get; set; } = (_, _) => 200;

    /// <summary>How long to hold each request before answering, so that overlapping sends would overlap here too.</summary>
    public TimeSpan Hold { get; set; } = TimeSpan.Zero;

    public IReadOnlyList<ReceivedWebhook> Received => [.. _received];

    /// <summary>The most requests for one delivery id that were ever open at the same time.</summary>
    public int MaxInFlightPerDelivery => Volatile.Read(ref _maxInFlightPerDelivery);

    public Uri BaseAddress { get; private set; } = default!;

    public Uri UrlOf(string name) => new(BaseAddress, $"hooks/{name}");

    public IReadOnlyList<ReceivedWebhook> ReceivedBy(string name) => Received.Where(r => r.Name == name).ToList();

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hooks/{name}", receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseAddress = new Uri(app.Urls.First().TrimEnd('/') + "/");
        return receiver;
    }

    private async Task<IResult> HandleAsync(string name, HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var deliveryId = context.Request.Headers["X-ReviewConsole-Delivery"].ToString();
        var open = _inFlight.AddOrUpdate(deliveryId, 1, (_, n) => n + 1);
        InterlockedMax(ref _maxInFlightPerDelivery, open);
        try
        {
            if (Hold > TimeSpan.Zero)
            {
                await Task.Delay(Hold);
            }

            var earlier = _received.Count(r => r.Name == name);
            var status = Respond(name, earlier);
            _received.Enqueue(new ReceivedWebhook(
                name,
                deliveryId,
                context.Request.Headers["X-ReviewConsole-Timestamp"].ToString(),
                context.Request.Headers["X-ReviewConsole-Signature"].ToString(),
                context.Request.ContentType,
                buffer.ToArray(),
                status));
            return Results.StatusCode(status);
        }
        finally
        {
            _inFlight.AddOrUpdate(deliveryId, 0, (_, n) => n - 1);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <summary>One webhook request as the receiving app saw it, and what it answered.</summary>
public sealed record ReceivedWebhook(string Name, string DeliveryId, string Timestamp, string Signature, string? ContentType, byte[] Body, int AnsweredStatus)
{
    public override string ToString() => $"{Name} {DeliveryId} -> {AnsweredStatus}";
}
