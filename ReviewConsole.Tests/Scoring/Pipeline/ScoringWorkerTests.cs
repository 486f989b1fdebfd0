using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Pipeline;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Scoring.Pipeline;

public sealed class ScoringWorkerTests
{
    [Fact]
    public async Task ThrowingDetectorFailsOnlyItsImageAndHandsItToPeopleAfterRetries()
    {
        await using var host = new FaultyNsfwHost(poisonWidth: 64);
        host.WithSetting("Scoring:MaxAttempts", "2");
        var source = await host.CreateSourceAsync();
        using var client = host.CreateApiClient(source.ApiKey);

        var poisoned = await SubmitAsync(client, "ingestion/still.png");
        var healthy = await SubmitAsync(client, "pdq/bridge-1-original.jpg");

        var good = await WaitUntilAsync(client, healthy, s => s.GetProperty("status").GetString() != "pending");
        var bad = await WaitUntilAsync(client, poisoned, s => s.GetProperty("status").GetString() != "pending");
        Assert.Equal("approved", good.GetProperty("status").GetString());
        Assert.Equal("in_review", bad.GetProperty("status").GetString());
        var reason = Assert.Single(bad.GetProperty("reasons").EnumerateArray());
        Assert.Equal("scoring_failed", reason.GetProperty("rule").GetString());
        Assert.Contains("poisoned frame", reason.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(2, host.Failures);

        // The workers are still alive: a further image is scored normally.
        var later = await SubmitAsync(client, "pdq/c.png");
        Assert.NotEqual("pending", (await WaitUntilAsync(client, later, s => s.GetProperty("status").GetString() != "pending")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task RestartFinishesImagesLeftPending()
    {
        Guid[] ids;
        string apiKey;
        string dataPath;
        await using (var first = new ReviewConsoleFactory())
        {
            first.WithSetting("Scoring:Enabled", "false");
            first.KeepData = true;
            dataPath = first.DataPath;
            apiKey = (await first.CreateSourceAsync()).ApiKey;
            using var client = first.CreateApiClient(apiKey);
            ids = [await SubmitAsync(client, "pdq/bridge-1-original.jpg"), await SubmitAsync(client, "pdq/wee.jpg"), await SubmitAsync(client, "ingestion/still.webp")];
            foreach (var id in ids)
            {
                Assert.Equal("pending", (await client.GetFromJsonAsync<JsonElement>($"api/v1/images/{id}")).GetProperty("status").GetString());
            }
        }

        await using var second = new ReviewConsoleFactory(dataPath);
        using var again = second.CreateApiClient(apiKey);
        foreach (var id in ids)
        {
            var status = await WaitUntilAsync(again, id, s => s.GetProperty("status").GetString() != "pending");
            Assert.True(status.GetProperty("scores").EnumerateObject().Any(), $"{id} has no scores");
        }
    }

    private static async Task<Guid> SubmitAsync(HttpClient client, string file)
    {
        using var response = await client.PostAsync("api/v1/images", ScoringEndToEndTests.Upload(File.ReadAllBytes(RepositoryPaths.TestData(file))));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static async Task<JsonElement> WaitUntilAsync(HttpClient client, Guid id, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            var status = await client.GetFromJsonAsync<JsonElement>($"api/v1/images/{id}");
            if (condition(status))
            {
                return status;
            }

            Assert.True(DateTime.UtcNow < deadline, $"image {id} stayed {status.GetProperty("status")}");
            await Task.Delay(100);
        }
    }

    /// <summary>The real host whose nudity stage throws for frames of one width, as a broken detector would.</summary>
    private sealed class FaultyNsfwHost(int poisonWidth) : ReviewConsoleFactory
    {
        private int _failures;

        public int Failures => _failures;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<INsfwStage>(sp =>
                new Faulty(new NsfwStage(sp.GetRequiredService<ScoringModels>()), poisonWidth, () => Interlocked.Increment(ref _failures))));
        }

        private sealed class Faulty(INsfwStage inner, int poisonWidth, Action onFailure) : INsfwStage
        {
            public Task<StageScores> ScoreAsync(IReadOnlyList<PixelBuffer> frames, CancellationToken cancellationToken)
            {
                if (frames[0].Width == poisonWidth)
                {
                    onFailure();
                    throw new InvalidOperationException("poisoned frame");
                }

                return inner.ScoreAsync(frames, cancellationToken);
            }
        }
    }
}
