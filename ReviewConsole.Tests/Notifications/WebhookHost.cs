using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Notifications;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Sources;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Notifications;

/// <summary>
/// The real host (real dispatcher, real SQLite file) with a clock tests can move and webhook timings
/// short enough that retries happen within a test. Several hosts can share one data folder.
/// </summary>
public sealed class WebhookHost : ReviewConsoleFactory
{
    private static readonly byte[] Png = File.ReadAllBytes(RepositoryPaths.TestData("ingestion/still.png"));

    public WebhookHost(string dataPath, bool dispatcherEnabled = true)
    {
        WithSetting("Storage:DataPath", dataPath);
        // These tests enqueue their own deliveries; the pipeline would add its own image.decided for each upload.
        WithSetting("Scoring:Enabled", "false");
        WithSetting("Webhooks:DispatcherEnabled", dispatcherEnabled ? "true" : "false");
        WithSetting("Webhooks:PollInterval", "00:00:00.050");
        WithSetting("Webhooks:BaseBackoff", "00:00:00.100");
        WithSetting("Webhooks:MaxBackoff", "00:00:01");
        WithSetting("Webhooks:BatchSize", "4");
    }

    public ShiftableClock Clock { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
    }

    /// <summary>Uploads a small image through the API, with <paramref name="callbackUrl"/> if given; returns its id.</summary>
    public async Task<Guid> UploadAsync(SourceCredentials source, Uri? callbackUrl, string? externalId = null)
    {
        using var client = CreateApiClient(source.ApiKey);
        var file = new ByteArrayContent(Png);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var form = new MultipartFormDataContent { { file, "file", "still.png" } };
        if (callbackUrl is not null)
        {
            form.Add(new StringContent(callbackUrl.AbsoluteUri), "callbackUrl");
        }

        if (externalId is not null)
        {
            form.Add(new StringContent(externalId), "externalId");
        }

        using var response = await client.PostAsync("api/v1/images", form);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    /// <summary>Enqueues one notification per event type given, for one image, and saves them together, as the pipeline will.</summary>
    public async Task<IReadOnlyList<WebhookDelivery?>> EnqueueAsync(Guid imageId, params string[] eventTypes)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
        var outbox = scope.ServiceProvider.GetRequiredService<WebhookOutbox>();
        var image = await db.Images.SingleAsync(i => i.Id == imageId);
        var deliveries = new List<WebhookDelivery?>();
        foreach (var eventType in eventTypes.DefaultIfEmpty(WebhookEventTypes.Decided))
        {
            deliveries.Add(await outbox.EnqueueAsync(db, image, eventType, SamplePayload(imageId, image.ExternalId)));
        }

        await db.SaveChangesAsync();
        return deliveries;
    }

    /// <summary>The delivery as stored now, with its attempts.</summary>
    public Task<WebhookDelivery> DeliveryAsync(Guid id) =>
        QueryAsync(db => db.WebhookDeliveries.AsNoTracking().Include(d => d.Attempts).SingleAsync(d => d.Id == id));

    /// <summary>A payload like the pipeline's for an automatic rejection.</summary>
    public static WebhookPayload SamplePayload(Guid imageId, string? externalId) => new(
        imageId,
        externalId,
        "rejected",
        "auto",
        new Dictionary<string, double> { ["nudity"] = 0.97, ["violence"] = 0.02 },
        [new DecisionReason("nudity", 0.97, "reject_at_or_above", "0.97 >= 0.9")],
        new DateTimeOffset(2026, 11, 23, 4, 5, 6, TimeSpan.Zero));
}
