using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Tests.Scoring.Pipeline;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Review;

/// <summary>
/// The whole loop on the real host: the pipeline opens the task, a moderator rejects, and the list
/// rejects a re-upload. Its own host, because a reject changes the default list every test shares.
/// </summary>
public sealed class ReviewThroughTheApiTests : IAsyncLifetime
{
    private readonly ReviewConsoleFactory _factory = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _factory.DisposeAsync();

    [Fact]
    public async Task ImageRejectedByAModeratorIsRejectedAutomaticallyWhenUploadedAgain()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PolicyStore>().ReviseAsync(
                "review-all", new PolicySettings([new CategoryRule(Categories.Nudity, ApproveBelow: 0, RejectAtOrAbove: null)], 0, TextDetection: false), "test");
        }

        var bytes = File.ReadAllBytes(RepositoryPaths.TestData("pdq/bridge-1-original.jpg"));
        var source = await _factory.CreateSourceAsync();
        using var client = _factory.CreateApiClient(source.ApiKey);
        using var first = await client.PostAsync("api/v1/images?wait=30", ScoringEndToEndTests.Upload(bytes, ("policy", "review-all")));
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("in_review", firstBody.GetProperty("status").GetString());
        var imageId = firstBody.GetProperty("id").GetGuid();

        var workbench = _factory.Services.GetRequiredService<ReviewWorkbench>();
        var moderator = new Reviewer("moderator-1");
        var claim = await workbench.ClaimNextAsync("review-all", moderator);
        Assert.Equal(imageId, claim.Claim?.ImageId);
        Assert.True((await workbench.RejectAsync(claim.Claim!.TaskId, moderator, new DecisionInput(["nudity"]))).Succeeded);

        var decided = await client.GetFromJsonAsync<JsonElement>($"api/v1/images/{imageId}");
        Assert.Equal(("rejected", "human"), (decided.GetProperty("status").GetString(), decided.GetProperty("decidedBy").GetString()));
        using var again = await client.PostAsync("api/v1/images?wait=30", ScoringEndToEndTests.Upload(bytes, ("policy", "review-all")));
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var againBody = await again.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(("rejected", "auto"), (againBody.GetProperty("status").GetString(), againBody.GetProperty("decidedBy").GetString()));
        Assert.Contains(againBody.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("rule").GetString() == "list:default");
    }

    [Fact]
    public async Task ResizedCopyOfARejectedImageIsRejectedAsDisallowedUntilASupervisorOverturns()
    {
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PolicyStore>().ReviseAsync(
                "review-all", new PolicySettings([new CategoryRule(Categories.Nudity, ApproveBelow: 0, RejectAtOrAbove: null)], 0, TextDetection: false), "test");
        }

        var original = File.ReadAllBytes(RepositoryPaths.TestData("pdq/bridge-1-original.jpg"));
        var copy = File.ReadAllBytes(RepositoryPaths.TestData("pdq/bridge-1-half-q70.jpg"));
        var source = await _factory.CreateSourceAsync();
        using var client = _factory.CreateApiClient(source.ApiKey);
        using var first = await client.PostAsync("api/v1/images?wait=30", ScoringEndToEndTests.Upload(original, ("policy", "review-all")));
        var imageId = (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var workbench = _factory.Services.GetRequiredService<ReviewWorkbench>();
        var moderator = new Reviewer("moderator-1");
        var claim = await workbench.ClaimNextAsync("review-all", moderator);
        Assert.Equal(imageId, claim.Claim?.ImageId);
        Assert.True((await workbench.RejectAsync(claim.Claim!.TaskId, moderator, new DecisionInput(["nudity"]))).Succeeded);

        using var copied = await client.PostAsync("api/v1/images?wait=30", ScoringEndToEndTests.Upload(copy, ("policy", "review-all")));
        var copiedBody = await copied.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(HttpStatusCode.OK, copied.StatusCode);
        Assert.NotEqual(ShaOf(original), copiedBody.GetProperty("sha256").GetString());
        Assert.Equal(("rejected", "auto"), (copiedBody.GetProperty("status").GetString(), copiedBody.GetProperty("decidedBy").GetString()));
        Assert.Contains(copiedBody.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("category").GetString() == Categories.Disallowed);

        Assert.True((await workbench.OverturnAsync(imageId, new Reviewer("supervisor-1", IsSupervisor: true), ImageStatus.Approved)).Succeeded);
        using var again = await client.PostAsync("api/v1/images?wait=30", ScoringEndToEndTests.Upload(copy, ("policy", "review-all")));
        var againBody = await again.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal("in_review", againBody.GetProperty("status").GetString());
        Assert.DoesNotContain(againBody.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("category").GetString() == Categories.Disallowed);
        Assert.Contains(againBody.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("category").GetString() == Categories.Nudity);

        static string ShaOf(byte[] bytes) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes));
    }
}
