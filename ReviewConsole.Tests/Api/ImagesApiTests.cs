using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Api;

[Collection(WebCollection.Name)]
public sealed class ImagesApiTests(ReviewConsoleFactory factory)
{
    private static readonly byte[] Bridge = File.ReadAllBytes(RepositoryPaths.TestData("pdq/bridge-1-original.jpg"));

    [Fact]
    public async Task AcceptsJpegAndReadsBackPendingStatusGivenValidKey()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        var externalId = $"ext-{Guid.NewGuid():N}";

        using var response = await client.PostAsync("api/v1/images", Upload(Bridge, "photo.jpg", ("externalId", externalId), ("metadata", """{"user":42}""")));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = body.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/images/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("pending", body.GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, body.GetProperty("decidedBy").ValueKind);

        // By now the pipeline may have decided it; the stored facts are the same either way.
        var status = await client.GetFromJsonAsync<JsonElement>($"api/v1/images/{id}");
        Assert.Contains(status.GetProperty("status").GetString(), new[] { "pending", "approved", "in_review", "rejected" });
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Bridge)), status.GetProperty("sha256").GetString());
        Assert.Equal(1600, status.GetProperty("width").GetInt32());
        Assert.Equal(1004, status.GetProperty("height").GetInt32());
        Assert.Equal("jpeg", status.GetProperty("format").GetString());
        Assert.Equal(externalId, status.GetProperty("externalId").GetString());
        foreach (var field in new[] { "scores", "reasons", "pdq", "pdqQuality", "policy", "policyVersion", "models", "receivedAt", "decidedAt" })
        {
            Assert.True(status.TryGetProperty(field, out _), $"status body lacks '{field}'");
        }

        var byExternal = await client.GetFromJsonAsync<JsonElement>($"api/v1/images?externalId={externalId}");
        Assert.Equal(id, Assert.Single(byExternal.EnumerateArray()).GetProperty("id").GetGuid());
    }

    [Theory]
    [InlineData("ingestion/still.png", "png")]
    [InlineData("ingestion/still.webp", "webp")]
    [InlineData("ingestion/animated-3.gif", "gif")]
    [InlineData("ingestion/still.bmp", "bmp")]
    [InlineData("ingestion/two-pages.tiff", "tiff")]
    public async Task AcceptsEverySupportedFormatRegardlessOfFileName(string file, string format)
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);

        using var response = await client.PostAsync("api/v1/images", Upload(File.ReadAllBytes(RepositoryPaths.TestData(file)), "misleading-name.txt"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(format, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("format").GetString());
    }

    [Fact]
    public async Task StoresIdenticalBytesOnceButRecordsEachSubmission()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        var unique = CraftedImages.WithExifOrientation(Bridge, 1);
        var before = await factory.CountStoredAsync();

        using var first = await client.PostAsync("api/v1/images", Upload(unique, "a.jpg"));
        using var second = await client.PostAsync("api/v1/images", Upload(unique, "b.jpg"));

        var after = await factory.CountStoredAsync();
        Assert.Equal((before.Rows + 2, before.Blobs + 1), after);
        var firstBody = await first.Content.ReadFromJsonAsync<JsonElement>();
        var secondBody = await second.Content.ReadFromJsonAsync<JsonElement>();
        Assert.NotEqual(firstBody.GetProperty("id").GetGuid(), secondBody.GetProperty("id").GetGuid());
        Assert.Equal(firstBody.GetProperty("sha256").GetString(), secondBody.GetProperty("sha256").GetString());
    }

    public static TheoryData<string, byte[], string, int> BadUploads() => new()
    {
        { "empty file", [], "empty.jpg", 400 },
        { "random bytes", CraftedImages.RandomBytes(10_000), "noise.jpg", 415 },
        { "text file named .jpg", File.ReadAllBytes(RepositoryPaths.TestData("ingestion/text-file.jpg")), "text.jpg", 415 },
        { "SVG", File.ReadAllBytes(RepositoryPaths.TestData("ingestion/image.svg")), "image.svg", 415 },
        { "truncated JPEG", Bridge[..(Bridge.Length / 2)], "cut.jpg", 422 },
        { "PNG claiming 100000x100000", CraftedImages.PngClaiming(100_000, 100_000), "bomb.png", 422 },
    };

    [Theory]
    [MemberData(nameof(BadUploads))]
    public async Task RefusesWithProblemDetailsAndStoresNothingGivenBadUpload(string because, byte[] bytes, string fileName, int expectedStatus)
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        var before = await factory.CountStoredAsync();

        using var response = await client.PostAsync("api/v1/images", Upload(bytes, fileName));

        Assert.True(expectedStatus == (int)response.StatusCode, $"{because}: expected {expectedStatus}, got {(int)response.StatusCode}");
        await AssertProblemAsync(response, expectedStatus);
        Assert.Equal(before, await factory.CountStoredAsync());
    }

    [Fact]
    public async Task RefusesWith413AndStoresNothingGivenFileOverSizeLimit()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        var before = await factory.CountStoredAsync();

        // A real JPEG padded past the default 20 MB limit: only its size is wrong.
        var oversized = new byte[(20 * 1024 * 1024) + 1];
        Bridge.CopyTo(oversized, 0);
        using var response = await client.PostAsync("api/v1/images", Upload(oversized, "huge.jpg"));

        await AssertProblemAsync(response, 413);
        Assert.Equal(before, await factory.CountStoredAsync());
    }

    [Theory]
    [InlineData("externalId", "x")]
    [InlineData("callbackUrl", "ftp://example.com/hook")]
    [InlineData("callbackUrl", "not a url")]
    [InlineData("metadata", "[1,2,3]")]
    [InlineData("metadata", "{not json")]
    public async Task RefusesWith400GivenInvalidField(string field, string value)
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        var before = await factory.CountStoredAsync();
        if (field == "externalId")
        {
            value = new string('x', 201);
        }

        using var response = await client.PostAsync("api/v1/images", Upload(Bridge, "a.jpg", (field, value)));

        await AssertProblemAsync(response, 400);
        Assert.Equal(before, await factory.CountStoredAsync());
    }

    [Fact]
    public async Task RefusesWith400GivenFormWithoutFilePart()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);

        using var noFile = await client.PostAsync("api/v1/images", new MultipartFormDataContent { { new StringContent("abc"), "externalId" } });

        await AssertProblemAsync(noFile, 400);
    }

    [Fact]
    public async Task RefusesWith415GivenBodyThatIsNotMultipart()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);

        using var json = await client.PostAsJsonAsync("api/v1/images", new { file = "abc" });

        await AssertProblemAsync(json, 415);
    }

    [Fact]
    public async Task RefusesWith401GivenMissingKey()
    {
        using var client = factory.CreateApiClient(apiKey: null);
        var before = await factory.CountStoredAsync();

        using var response = await client.PostAsync("api/v1/images", Upload(Bridge, "a.jpg"));

        await AssertProblemAsync(response, 401);
        Assert.Equal(before, await factory.CountStoredAsync());
    }

    [Fact]
    public async Task RefusesWith401GivenRevokedKeyButAcceptsItBefore()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        using (var accepted = await client.PostAsync("api/v1/images", Upload(Bridge, "a.jpg")))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var admin = scope.ServiceProvider.GetRequiredService<ReviewConsole.Core.Sources.SourceAdministration>();
            var keyId = (await admin.FindByNameAsync(source.Source))!.Keys.Single().Id;
            Assert.True(await admin.RevokeKeyAsync(source.SourceId, keyId));
        }

        var before = await factory.CountStoredAsync();
        using var response = await client.PostAsync("api/v1/images", Upload(Bridge, "a.jpg"));

        await AssertProblemAsync(response, 401);
        Assert.Equal(before, await factory.CountStoredAsync());
    }

    [Fact]
    public async Task RefusesWith429AndRetryAfterGivenSourceOverItsRateLimit()
    {
        var source = await factory.CreateSourceAsync(requestsPerMinute: 3);
        using var client = factory.CreateApiClient(source.ApiKey);
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 4; i++)
        {
            last?.Dispose();
            last = await client.PostAsync("api/v1/images", Upload(Bridge, "a.jpg"));
            statuses.Add(last.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.Accepted, HttpStatusCode.TooManyRequests], statuses);
        Assert.NotNull(last!.Headers.RetryAfter);
        await AssertProblemAsync(last, 429);

        // The limit is per source: another source is unaffected.
        var other = await factory.CreateSourceAsync();
        using var otherClient = factory.CreateApiClient(other.ApiKey);
        using var otherResponse = await otherClient.PostAsync("api/v1/images", Upload(Bridge, "a.jpg"));
        Assert.Equal(HttpStatusCode.Accepted, otherResponse.StatusCode);
        last.Dispose();
    }

    [Fact]
    public async Task HidesOtherSourcesImagesBehind404()
    {
        var owner = await factory.CreateSourceAsync();
        var stranger = await factory.CreateSourceAsync();
        using var ownerClient = factory.CreateApiClient(owner.ApiKey);
        using var strangerClient = factory.CreateApiClient(stranger.ApiKey);
        using var created = await ownerClient.PostAsync("api/v1/images", Upload(Bridge, "a.jpg", ("externalId", "shared-id")));
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        using var response = await strangerClient.GetAsync($"api/v1/images/{id}");
        var byExternal = await strangerClient.GetFromJsonAsync<JsonElement>("api/v1/images?externalId=shared-id");

        await AssertProblemAsync(response, 404);
        Assert.Equal(0, byExternal.GetArrayLength());
    }

    [Fact]
    public async Task AnswersHealthReadinessAndOpenApi()
    {
        using var client = factory.CreateApiClient(apiKey: null);

        using var health = await client.GetAsync("healthz");
        var ready = await client.GetFromJsonAsync<JsonElement>("readyz");
        var openApi = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal("Healthy", ready.GetProperty("status").GetString());
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/images", out _));
        Assert.True(openApi.GetProperty("paths").TryGetProperty("/api/v1/images/{id}", out _));
    }

    private static MultipartFormDataContent Upload(byte[] bytes, string fileName, params (string Name, string Value)[] fields)
    {
        var file = new ByteArrayContent(bytes);

        // The declared type is deliberately generic: the server must judge the bytes alone.
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var content = new MultipartFormDataContent { { file, "file", fileName } };
        foreach (var (name, value) in fields)
        {
            content.Add(new StringContent(value), name);
        }

        return content;
    }

    private static async Task AssertProblemAsync(HttpResponseMessage response, int status)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
    }
}
