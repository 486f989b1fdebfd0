using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using ReviewConsole.Core.Scoring.Pdq;
using ReviewConsole.Tests.Lists;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Api;

[Collection(WebCollection.Name)]
public sealed class ListsApiTests(ReviewConsoleFactory factory)
{
    private static readonly byte[] Bridge = File.ReadAllBytes(RepositoryPaths.TestData("pdq/bridge-1-original.jpg"));
    private static readonly byte[] BridgeHalf = File.ReadAllBytes(RepositoryPaths.TestData("pdq/bridge-1-half-q70.jpg"));
    private static readonly byte[] Q0746 = File.ReadAllBytes(RepositoryPaths.TestData("pdq/q0746.jpg"));
    private const string Q0746Pdq = "1049d96239e24d4dca2c55512b8bdb77425f4dbcf575a0a95555aaab5554aaaa";

    [Fact]
    public async Task MatchesResizedCopyWithItsDistanceGivenOriginalAddedByImage()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        var list = await factory.CreateListAsync();
        long? entryId = null;
        try
        {
            using var added = await client.PostAsync($"api/v1/lists/{list}/entries", Upload(Bridge, ("note", "the bridge")));

            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            var entry = await added.Content.ReadFromJsonAsync<JsonElement>();
            entryId = entry.GetProperty("id").GetInt64();
            Assert.Equal($"/api/v1/lists/{list}/entries/{entryId}", added.Headers.Location?.OriginalString);
            Assert.Equal(list, entry.GetProperty("list").GetString());
            Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Bridge)), entry.GetProperty("sha256").GetString());
            Assert.Equal(64, entry.GetProperty("pdq").GetString()!.Length);
            Assert.True(entry.GetProperty("pdqQuality").GetInt32() >= 50);
            Assert.Equal(source.Source, entry.GetProperty("addedBy").GetString());
            Assert.Equal("the bridge", entry.GetProperty("note").GetString());
            Assert.True(entry.TryGetProperty("addedAt", out _));

            using var resized = await client.PostAsync($"api/v1/lists/{list}/match", Upload(BridgeHalf));
            using var same = await client.PostAsync($"api/v1/lists/{list}/match", Upload(Bridge));

            Assert.Equal(HttpStatusCode.OK, resized.StatusCode);
            var body = await resized.Content.ReadFromJsonAsync<JsonElement>();
            var match = Assert.Single(body.GetProperty("matches").EnumerateArray());
            var expectedDistance = PdqHash.Parse(entry.GetProperty("pdq").GetString()).DistanceTo(PdqHash.Parse(body.GetProperty("pdq").GetString()));
            Assert.Equal(entryId, match.GetProperty("entryId").GetInt64());
            Assert.Equal(list, match.GetProperty("list").GetString());
            Assert.False(match.GetProperty("exactSha256").GetBoolean());
            Assert.Equal(expectedDistance, match.GetProperty("distance").GetInt32());
            Assert.InRange(expectedDistance, 0, 31);
            Assert.NotEqual(entry.GetProperty("sha256").GetString(), body.GetProperty("sha256").GetString());
            Assert.Equal(1 - (expectedDistance / 256.0), match.GetProperty("score").GetDouble(), 6);

            var exact = Assert.Single((await same.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matches").EnumerateArray());
            Assert.True(exact.GetProperty("exactSha256").GetBoolean());
            Assert.Equal(0, exact.GetProperty("distance").GetInt32());
            Assert.Equal(1.0, exact.GetProperty("score").GetDouble());
        }
        finally
        {
            // The host is shared: no entry that could match the bridge photos may outlive the test.
            if (entryId is { } id)
            {
                await factory.UseListsAsync(lists => lists.RemoveEntryAsync(list, id));
            }
        }
    }

    [Fact]
    public async Task MatchesByDistanceGivenPdqAddedAsJsonAndBySha256GivenFormFields()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        var list = await factory.CreateListAsync();
        var sha256 = new string('a', 64);

        using var byPdq = await client.PostAsJsonAsync($"api/v1/lists/{list}/entries", new { pdq = Q0746Pdq.ToUpperInvariant(), quality = 90, note = "from a partner" });
        using var bySha = await client.PostAsync($"api/v1/lists/{list}/entries", new FormUrlEncodedContent([new("sha256", sha256)]));

        Assert.Equal(HttpStatusCode.Created, byPdq.StatusCode);
        Assert.Equal(HttpStatusCode.Created, bySha.StatusCode);
        var pdqEntry = await byPdq.Content.ReadFromJsonAsync<JsonElement>();
        var shaEntry = await bySha.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(Q0746Pdq, pdqEntry.GetProperty("pdq").GetString());
        Assert.Equal(90, pdqEntry.GetProperty("pdqQuality").GetInt32());
        Assert.Equal(JsonValueKind.Null, pdqEntry.GetProperty("sha256").ValueKind);
        Assert.Equal(sha256, shaEntry.GetProperty("sha256").GetString());
        Assert.Equal(JsonValueKind.Null, shaEntry.GetProperty("pdq").ValueKind);

        // Three bits flipped: the first hex digit 1 (0001) -> 6 (0110).
        var near = "6" + Q0746Pdq[1..];
        var byDistance = await client.PostAsJsonAsync($"api/v1/lists/{list}/match", new { pdq = near });
        var byBytes = await client.PostAsJsonAsync($"api/v1/lists/{list}/match", new { sha256 = sha256.ToUpperInvariant() });
        var read = await client.GetFromJsonAsync<JsonElement>($"api/v1/lists/{list}/entries/{pdqEntry.GetProperty("id").GetInt64()}");

        var distanceMatch = Assert.Single((await byDistance.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matches").EnumerateArray());
        Assert.Equal(pdqEntry.GetProperty("id").GetInt64(), distanceMatch.GetProperty("entryId").GetInt64());
        Assert.Equal(3, distanceMatch.GetProperty("distance").GetInt32());
        var shaMatch = Assert.Single((await byBytes.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matches").EnumerateArray());
        Assert.True(shaMatch.GetProperty("exactSha256").GetBoolean());
        Assert.Equal("from a partner", read.GetProperty("note").GetString());
    }

    [Fact]
    public async Task NoLongerMatchesGivenEntryDeleted()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        var list = await factory.CreateListAsync();
        using var added = await client.PostAsync($"api/v1/lists/{list}/entries", Upload(Q0746));
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var before = await client.PostAsync($"api/v1/lists/{list}/match", Upload(Q0746));
        Assert.Single((await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matches").EnumerateArray());

        using var deleted = await client.DeleteAsync($"api/v1/lists/{list}/entries/{id}");
        using var again = await client.DeleteAsync($"api/v1/lists/{list}/entries/{id}");
        using var read = await client.GetAsync($"api/v1/lists/{list}/entries/{id}");
        var after = await client.PostAsync($"api/v1/lists/{list}/match", Upload(Q0746));

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await AssertProblemAsync(again, 404);
        await AssertProblemAsync(read, 404);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Empty((await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("matches").EnumerateArray());
    }

    [Fact]
    public async Task AnswersNotFoundGivenUnknownListOrAnotherListsEntry()
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        var list = await factory.CreateListAsync();
        var other = await factory.CreateListAsync();
        using var added = await client.PostAsJsonAsync($"api/v1/lists/{list}/entries", new { pdq = Q0746Pdq });
        var id = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        var before = await factory.CountEntriesAsync();

        using var addToUnknown = await client.PostAsJsonAsync("api/v1/lists/no-such-list/entries", new { pdq = Q0746Pdq });
        using var matchUnknown = await client.PostAsync("api/v1/lists/no-such-list/match", Upload(Q0746));
        using var deleteElsewhere = await client.DeleteAsync($"api/v1/lists/{other}/entries/{id}");

        await AssertProblemAsync(addToUnknown, 404);
        await AssertProblemAsync(matchUnknown, 404);
        await AssertProblemAsync(deleteElsewhere, 404);
        Assert.Equal(before, await factory.CountEntriesAsync());
    }

    public static TheoryData<string, int> BadRequests() => new()
    {
        { "sha256 too short", 400 },
        { "pdq not hex", 400 },
        { "quality over 100", 400 },
        { "quality without pdq", 400 },
        { "no file and no hash", 400 },
        { "file and hash", 400 },
        { "malformed JSON", 400 },
        { "note too long", 400 },
        { "plain text body", 415 },
        { "random bytes", 415 },
        { "truncated JPEG", 422 },
        { "PNG claiming 100000x100000", 422 },
        { "file over the size limit", 413 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task RefusesWithProblemDetailsAndStoresNothingGivenBadInput(string input, int expectedStatus)
    {
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        var list = await factory.CreateListAsync();
        var before = (await factory.CountEntriesAsync(), await factory.CountStoredAsync());

        foreach (var endpoint in new[] { "entries", "match" })
        {
            using var response = await client.PostAsync($"api/v1/lists/{list}/{endpoint}", BadContent(input));

            Assert.True(expectedStatus == (int)response.StatusCode, $"{input} on {endpoint}: expected {expectedStatus}, got {(int)response.StatusCode}");
            await AssertProblemAsync(response, expectedStatus);
        }

        Assert.Equal(before, (await factory.CountEntriesAsync(), await factory.CountStoredAsync()));
    }

    [Fact]
    public async Task RefusesWith401GivenMissingKey()
    {
        var list = await factory.CreateListAsync();
        using var client = factory.CreateApiClient(apiKey: null);

        using var response = await client.PostAsJsonAsync($"api/v1/lists/{list}/entries", new { pdq = Q0746Pdq });

        await AssertProblemAsync(response, 401);
    }

    [Fact]
    public async Task DescribesTheListEndpointsInOpenApi()
    {
        using var client = factory.CreateApiClient(apiKey: null);

        var openApi = await client.GetFromJsonAsync<JsonElement>("openapi/v1.json");

        var paths = openApi.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/v1/lists/{list}/entries", out _));
        Assert.True(paths.TryGetProperty("/api/v1/lists/{list}/entries/{id}", out _));
        Assert.True(paths.TryGetProperty("/api/v1/lists/{list}/match", out _));
    }

    private static HttpContent BadContent(string input) => input switch
    {
        "sha256 too short" => JsonContent.Create(new { sha256 = "abc123" }),
        "pdq not hex" => JsonContent.Create(new { pdq = new string('z', 64) }),
        "quality over 100" => JsonContent.Create(new { pdq = Q0746Pdq, quality = 101 }),
        "quality without pdq" => new FormUrlEncodedContent([new("sha256", new string('b', 64)), new("quality", "80")]),
        "no file and no hash" => new MultipartFormDataContent { { new StringContent("just a note"), "note" } },
        "file and hash" => Upload(Q0746, ("pdq", Q0746Pdq)),
        "malformed JSON" => new StringContent("{\"pdq\": ", System.Text.Encoding.UTF8, "application/json"),
        "note too long" => JsonContent.Create(new { pdq = Q0746Pdq, note = new string('n', 1001) }),
        "plain text body" => new StringContent(Q0746Pdq, System.Text.Encoding.UTF8, "text/plain"),
        "random bytes" => Upload(CraftedImages.RandomBytes(10_000)),
        "truncated JPEG" => Upload(Bridge[..(Bridge.Length / 2)]),
        "PNG claiming 100000x100000" => Upload(CraftedImages.PngClaiming(100_000, 100_000)),
        "file over the size limit" => Upload(Oversized()),
        _ => throw new ArgumentOutOfRangeException(nameof(input), input, null),
    };

    private static byte[] Oversized()
    {
        // A real JPEG padded past the default 20 MB limit: only its size is wrong.
        var oversized = new byte[(20 * 1024 * 1024) + 1];
        Q0746.CopyTo(oversized, 0);
        return oversized;
    }

    private static MultipartFormDataContent Upload(byte[] bytes, params (string Name, string Value)[] fields)
    {
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var content = new MultipartFormDataContent { { file, "file", "image.bin" } };
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
