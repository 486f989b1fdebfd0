using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Scoring.Pdq;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Scoring.Pipeline;

[Collection(WebCollection.Name)]
public sealed class ScoringEndToEndTests(ReviewConsoleFactory factory)
{
    private static readonly byte[] Bridge = File.ReadAllBytes(RepositoryPaths.TestData("pdq/bridge-1-original.jpg"));
    private static readonly string[] EveryCategory = ["disallowed", "explicit_drawing", "illustration", "nudity", "spam_text", "suggestive", "text"];

    [Fact]
    public async Task ReturnsRealScoresAndAutomaticDecisionWithinWait()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);

        using var response = await client.PostAsync("api/v1/images?wait=30", Upload(Bridge));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("approved", body.GetProperty("status").GetString());
        Assert.Equal("auto", body.GetProperty("decidedBy").GetString());
        Assert.NotEqual(JsonValueKind.Null, body.GetProperty("decidedAt").ValueKind);
        var scores = body.GetProperty("scores").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble());
        Assert.Equal(EveryCategory, scores.Keys.Order());
        Assert.All(scores.Values, s => Assert.InRange(s, 0, 1));

        // A landscape photo: the classifier's probability mass is on "Neutral", none of ours.
        Assert.True(scores["nudity"] < 0.2 && scores["explicit_drawing"] < 0.3, string.Join(", ", scores));
        Assert.Equal(0, scores["disallowed"]);
        Assert.Equal(("default", 1), (body.GetProperty("policy").GetString(), body.GetProperty("policyVersion").GetInt32()));
        var models = body.GetProperty("models");
        Assert.StartsWith("nsfwjs", models.GetProperty("nsfw").GetString(), StringComparison.Ordinal);
        Assert.Equal("PP-OCRv4", models.GetProperty("text").GetString());
        var pdq = PdqHash.Parse(body.GetProperty("pdq").GetString());
        Assert.InRange(pdq.DistanceTo(PdqHash.Parse("d8f8f0cce0f4a84f0e370a22028f67f0b36e2ed596623e1d33e6b39c4e9c9b22")), 0, 10);
        Assert.True(body.GetProperty("pdqQuality").GetInt32() >= 80);
    }

    [Fact]
    public async Task LeavesBorderlineImageInReviewWithReasons()
    {
        // Under this policy no nudity score is low enough to approve and none high enough to reject.
        await ReviseAsync("always-review", new PolicySettings([new CategoryRule(Categories.Nudity, ApproveBelow: 0, RejectAtOrAbove: null)], 0, TextDetection: false));
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);

        using var response = await client.PostAsync("api/v1/images?wait=30", Upload(Bridge, ("policy", "always-review")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("in_review", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("decidedBy").ValueKind);
        var reason = Assert.Single(body.GetProperty("reasons").EnumerateArray());
        Assert.Equal(("nudity", "review_band"), (reason.GetProperty("category").GetString(), reason.GetProperty("rule").GetString()));

        // Text detection is off under this policy: no text scores, no text model.
        Assert.False(body.GetProperty("scores").TryGetProperty("text", out _));
        Assert.False(body.GetProperty("models").TryGetProperty("text", out _));
    }

    [Fact]
    public async Task RejectsResizedRecompressedCopyOfListedImage()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        using (var original = await client.PostAsync("api/v1/images?wait=30", Upload(Bridge, ("policy", "list-test"))))
        {
            // (the policy does not exist yet: refused before anything is stored)
            Assert.Equal(HttpStatusCode.BadRequest, original.StatusCode);
        }

        await ReviseAsync("list-test", new PolicySettings([new CategoryRule(Categories.Nudity, 0.2, 0.9)], 0, TextDetection: false));
        using var first = await client.PostAsync("api/v1/images?wait=30", Upload(Bridge, ("policy", "list-test")));
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        long entryId;
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var lists = scope.ServiceProvider.GetRequiredService<DisallowLists>();
            await lists.CreateAsync("test-bans", ListAction.Reject, 31);
            entryId = (await lists.AddEntryAsync("test-bans", firstBody.GetProperty("sha256").GetString(), PdqHash.Parse(firstBody.GetProperty("pdq").GetString()), firstBody.GetProperty("pdqQuality").GetInt32(), null, "test")).Id;
        }

        try
        {
            await AssertCopyRejectedAsync(client);
        }
        finally
        {
            // The host is shared: other tests upload the same photo and expect it clean.
            await using var scope = factory.Services.CreateAsyncScope();
            Assert.True(await scope.ServiceProvider.GetRequiredService<DisallowLists>().RemoveEntryAsync("test-bans", entryId));
        }

        using var afterRemoval = await client.PostAsync("api/v1/images?wait=30", Upload(File.ReadAllBytes(RepositoryPaths.TestData("pdq/bridge-1-half-q70.jpg")), ("policy", "list-test")));
        Assert.Equal("approved", (await afterRemoval.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString());
    }

    private static async Task AssertCopyRejectedAsync(HttpClient client)
    {
        using var copy = await client.PostAsync("api/v1/images?wait=30", Upload(File.ReadAllBytes(RepositoryPaths.TestData("pdq/bridge-1-half-q70.jpg")), ("policy", "list-test")));

        Assert.Equal(HttpStatusCode.OK, copy.StatusCode);
        var body = await copy.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("rejected", body.GetProperty("status").GetString());
        var reason = body.GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("category").GetString() == "disallowed");
        Assert.Equal("list:test-bans", reason.GetProperty("rule").GetString());
        Assert.Contains("PDQ distance", reason.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.True(body.GetProperty("scores").GetProperty("disallowed").GetDouble() > 0.8);
    }

    [Fact]
    public async Task SendsImageWithUrlToReviewWithMatchedSnippetInReason()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);

        // A rendered line reading "VISIT www.example.com NOW", uploaded as PNG under the default policy (text on).
        using var response = await client.PostAsync("api/v1/images?wait=30", Upload(File.ReadAllBytes(RepositoryPaths.TestData("ingestion/spam-url.png"))));

        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("in_review", body.GetProperty("status").GetString());
        Assert.True(body.GetProperty("scores").GetProperty("spam_text").GetDouble() >= 0.5);
        Assert.True(body.GetProperty("scores").GetProperty("text").GetDouble() > 0.05);
        var reason = body.GetProperty("reasons").EnumerateArray().Single(r => r.GetProperty("category").GetString() == "spam_text");
        Assert.Contains("example.com", reason.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task SendsSignedImageDecidedWebhookForAutomaticDecision()
    {
        await using var receiver = await Notifications.WebhookReceiver.StartAsync();
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);

        using var response = await client.PostAsync("api/v1/images?wait=30", Upload(Bridge, ("callbackUrl", receiver.UrlOf("auto").AbsoluteUri), ("externalId", "hook-1")));
        var status = await response.Content.ReadFromJsonAsync<JsonElement>();

        var hook = await Notifications.Eventually.UntilAsync(() => Task.FromResult(receiver.ReceivedBy("auto")), r => r.Count > 0, "the webhook");
        var received = Assert.Single(hook);
        Assert.True(Core.Notifications.WebhookSignature.Verify(source.WebhookSecret, received.Timestamp, received.Signature, received.Body, DateTimeOffset.UtcNow));
        var body = JsonDocument.Parse(received.Body).RootElement;
        Assert.Equal("image.decided", body.GetProperty("type").GetString());
        Assert.Equal(status.GetProperty("id").GetGuid(), body.GetProperty("id").GetGuid());
        Assert.Equal(("hook-1", "approved", "auto"), (body.GetProperty("externalId").GetString(), body.GetProperty("status").GetString(), body.GetProperty("decidedBy").GetString()));
        Assert.Equal(status.GetProperty("scores").GetProperty("nudity").GetDouble(), body.GetProperty("scores").GetProperty("nudity").GetDouble());
    }

    private async Task ReviseAsync(string policy, PolicySettings settings)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PolicyStore>().ReviseAsync(policy, settings, "test");
    }

    internal static MultipartFormDataContent Upload(byte[] bytes, params (string Name, string Value)[] fields)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var content = new MultipartFormDataContent { { file, "file", "upload.bin" } };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        return content;
    }
}
