using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Feedback;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Notifications;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Sources;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Api;

/// <summary>
/// <c>POST /api/v1/images/{id}/feedback</c> on the real host. Its own host, with the pending scan
/// slowed to an hour: images are recorded here in the state each test needs (a pending one must stay
/// pending), and no pipeline runs behind them.
/// </summary>
public sealed class FeedbackApiTests : IAsyncLifetime
{
    private readonly ReviewConsoleFactory _factory = new ReviewConsoleFactory().WithSetting("Scoring:PendingScanInterval", "01:00:00");
    private SourceCredentials _source = default!;
    private HttpClient _client = default!;

    public async Task InitializeAsync()
    {
        _source = await _factory.CreateSourceAsync();
        _client = _factory.CreateApiClient(_source.ApiKey);
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _factory.DisposeAsync();
    }

    [Fact]
    public async Task OpensAReviewItemGivenAnAutoDecidedImageAndThePersonsDecisionIsSentAsAChange()
    {
        var image = await AddImageAsync(_source.SourceId, Outcome.Approve);

        using var response = await PostAsync(image.Id, new { label = "nudity", note = "a user reported it" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("review_opened", body.GetProperty("outcome").GetString());
        Assert.Equal($"/api/v1/images/{image.Id}", response.Headers.Location?.OriginalString);
        var feedbackId = body.GetProperty("feedbackId").GetGuid();
        var stored = await _factory.QueryAsync(db => db.ImageFeedback.AsNoTracking().SingleAsync(f => f.Id == feedbackId));
        Assert.Equal((image.Id, _source.SourceId, "nudity", "a user reported it", FeedbackOutcome.ReviewOpened), (stored.ImageId, stored.SourceId, stored.Label, stored.Note, stored.Outcome));
        var status = await _client.GetFromJsonAsync<JsonElement>($"api/v1/images/{image.Id}");
        Assert.Equal(("approved", "auto"), (status.GetProperty("status").GetString(), status.GetProperty("decidedBy").GetString()));
        Assert.Contains(status.GetProperty("reasons").EnumerateArray(), r => r.GetProperty("rule").GetString() == "feedback" && r.GetProperty("detail").GetString() == "a user reported it");

        var workbench = _factory.Services.GetRequiredService<ReviewWorkbench>();
        var moderator = new Reviewer($"moderator-{Guid.NewGuid():N}");
        var claim = await ClaimImageAsync(workbench, moderator, image.Id);
        Assert.True((await workbench.RejectAsync(claim.TaskId, moderator, new DecisionInput(["nudity"], AddToDisallowList: false))).Succeeded);

        var decided = await _client.GetFromJsonAsync<JsonElement>($"api/v1/images/{image.Id}");
        Assert.Equal(("rejected", "human"), (decided.GetProperty("status").GetString(), decided.GetProperty("decidedBy").GetString()));
        var events = await _factory.QueryAsync(db => db.WebhookDeliveries.AsNoTracking().Where(d => d.ImageId == image.Id).OrderBy(d => d.CreatedAt).Select(d => d.EventType).ToListAsync());
        Assert.Equal([WebhookEventTypes.Decided, WebhookEventTypes.DecisionChanged], events);
    }

    [Fact]
    public async Task JoinsTheOpenReviewItemGivenAnImageWaitingForAPerson()
    {
        var image = await AddImageAsync(_source.SourceId, Outcome.Review);

        using var response = await PostAsync(image.Id, new { label = "safe" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("review_pending", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString());
        Assert.Equal(1, await _factory.QueryAsync(db => db.ReviewTasks.CountAsync(t => t.ImageId == image.Id)));
    }

    [Fact]
    public async Task KeepsALabelledExampleGivenAnImageAPersonDecided()
    {
        var image = await AddImageAsync(_source.SourceId, Outcome.Review);
        var workbench = _factory.Services.GetRequiredService<ReviewWorkbench>();
        var moderator = new Reviewer($"moderator-{Guid.NewGuid():N}");
        var claim = await ClaimImageAsync(workbench, moderator, image.Id);
        Assert.True((await workbench.ApproveAsync(claim.TaskId, moderator)).Succeeded);

        using var response = await PostAsync(image.Id, new { label = "suggestive", note = (string?)null });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var outcome = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("outcome").GetString();
        Assert.Equal("labelled_example", outcome);
        Assert.Equal(FeedbackOutcome.LabelledExample, await _factory.QueryAsync(db => db.ImageFeedback.Where(f => f.ImageId == image.Id).Select(f => f.Outcome).SingleAsync()));
        var tasks = await _factory.QueryAsync(db => db.ReviewTasks.AsNoTracking().Where(t => t.ImageId == image.Id).ToListAsync());
        Assert.Equal(ReviewTaskState.Decided, Assert.Single(tasks).State);
    }

    [Fact]
    public async Task AnswersNotFoundGivenAnotherSourcesImageOrNoImage()
    {
        var other = await _factory.CreateSourceAsync();
        var theirs = await AddImageAsync(other.SourceId, Outcome.Approve);

        using var foreign = await PostAsync(theirs.Id, new { label = "nudity" });
        using var missing = await PostAsync(Guid.NewGuid(), new { label = "nudity" });

        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("application/problem+json", foreign.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(0, await _factory.QueryAsync(db => db.ImageFeedback.CountAsync(f => f.ImageId == theirs.Id)));
    }

    [Theory]
    [InlineData("""{ "label": "cats" }""")]
    [InlineData("""{ "note": "no label" }""")]
    [InlineData("""{ "label": 3 }""")]
    [InlineData("""{ "label": "nudity", "note": 12 }""")]
    [InlineData("""[ "nudity" ]""")]
    [InlineData("""{ "label": "nudity" """)]
    [InlineData("not json")]
    [InlineData("")]
    public async Task AnswersBadRequestProblemGivenAnUnknownLabelOrMalformedBody(string json)
    {
        var image = await AddImageAsync(_source.SourceId, Outcome.Approve);

        using var response = await _client.PostAsync($"api/v1/images/{image.Id}/feedback", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await _factory.QueryAsync(db => db.ImageFeedback.CountAsync(f => f.ImageId == image.Id)));
    }

    [Fact]
    public async Task AnswersBadRequestGivenANoteTooLong()
    {
        var image = await AddImageAsync(_source.SourceId, Outcome.Approve);

        using var response = await PostAsync(image.Id, new { label = "nudity", note = new string('x', ImageFeedback.NoteMaxLength + 1) });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("note", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswersConflictGivenAPendingImage()
    {
        var image = await AddImageAsync(_source.SourceId, outcome: null);

        using var response = await PostAsync(image.Id, new { label = "nudity" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task AnswersUnauthorizedWithoutAKeyAndUnsupportedMediaTypeForAForm()
    {
        var image = await AddImageAsync(_source.SourceId, Outcome.Approve);
        using var anonymous = _factory.CreateApiClient(apiKey: null);

        using var unauthorized = await anonymous.PostAsJsonAsync($"api/v1/images/{image.Id}/feedback", new { label = "nudity" });
        using var form = await _client.PostAsync($"api/v1/images/{image.Id}/feedback", new FormUrlEncodedContent([KeyValuePair.Create("label", "nudity")]));

        Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, form.StatusCode);
    }

    [Fact]
    public async Task DescribesTheFeedbackEndpointInOpenApi()
    {
        var openApi = await _client.GetFromJsonAsync<JsonElement>("openapi/v1.json");

        Assert.True(openApi.GetProperty("paths").GetProperty("/api/v1/images/{id}/feedback").TryGetProperty("post", out _));
    }

    private Task<HttpResponseMessage> PostAsync(Guid imageId, object body) => _client.PostAsJsonAsync($"api/v1/images/{imageId}/feedback", body);

    /// <summary>Claims until the claim is <paramref name="imageId"/>'s task (other tests' items may be ahead in the queue).</summary>
    private static async Task<ReviewClaim> ClaimImageAsync(ReviewWorkbench workbench, Reviewer moderator, Guid imageId)
    {
        var passed = new List<Guid>();
        try
        {
            while (true)
            {
                var claim = (await workbench.ClaimNextAsync(Policy.DefaultName, moderator)).Claim;
                Assert.NotNull(claim);
                if (claim.ImageId == imageId)
                {
                    return claim;
                }

                Assert.True((await workbench.SkipAsync(claim.TaskId, moderator)).Succeeded);
                passed.Add(claim.TaskId);
            }
        }
        finally
        {
            Assert.True(passed.Count < 50);
        }
    }

    /// <summary>
    /// Records an image for <paramref name="sourceId"/> as the pipeline leaves it: pending (null), or
    /// scored and auto-approved (with its <c>image.decided</c> webhook) or put in review (with its task).
    /// </summary>
    private async Task<ImageSubmission> AddImageAsync(Guid sourceId, Outcome? outcome)
    {
        await using var scope = _factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
        var now = DateTimeOffset.UtcNow;
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Guid.NewGuid().ToByteArray()));
        var image = ImageSubmission.Receive(sourceId, sha256, new ImageHeader(ImageFormat.Png, 8, 8, 1, 64), 100, new SubmissionFields(null, null, new Uri("http://127.0.0.1:9/hook"), null), now);
        if (outcome is { } decided)
        {
            image.RecordScoring(
                new ScoringRecord(new Dictionary<string, double> { [Categories.Nudity] = 0.4 }, null, null, Policy.DefaultName, 1, new Dictionary<string, string> { ["nsfw"] = "test" }),
                new PolicyDecision(decided, decided == Outcome.Review ? [new DecisionReason(Categories.Nudity, 0.4, "review_band", "test")] : [], false),
                now);
        }

        db.Images.Add(image);
        ReviewIntake.Open(db, image, now);
        if (image.IsFinal)
        {
            await scope.ServiceProvider.GetRequiredService<WebhookOutbox>().EnqueueAsync(db, image, WebhookEventTypes.Decided, WebhookPayload.ForDecision(image));
        }

        await db.SaveChangesAsync();
        return image;
    }
}
