using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.Notifications;
using ReviewConsole.Tests.Scoring.Pipeline;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Browser;

/// <summary>
/// Two moderators in two browser contexts on one queue of the real host: claims, a keyboard reject,
/// live counts, the signed webhook and the API's answer. Each test uses a policy (and so a queue) of
/// its own, so the shared host's other tests do not move its counts.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkbenchTests(BrowserFixture browser)
{
    [Fact]
    public async Task TwoModeratorsGetDifferentItemsAndAKeyboardRejectReachesTheOtherTheAppAndTheApi()
    {
        var queue = $"two-mods-{Guid.NewGuid():N}"[..20];
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PolicyStore>().ReviseAsync(
                queue, new PolicySettings([new CategoryRule(Categories.Nudity, ApproveBelow: 0, RejectAtOrAbove: null)], 0, TextDetection: false), "test");
        }

        await using var receiver = await WebhookReceiver.StartAsync();
        var source = await browser.Host.CreateSourceAsync();
        using var api = browser.Host.CreateApiClient(source.ApiKey);
        var uploaded = new List<Guid>();
        foreach (var file in new[] { "pdq/q1050.jpg", "pdq/q2821.jpg" })
        {
            using var response = await api.PostAsync("api/v1/images?wait=30", ScoringEndToEndTests.Upload(
                File.ReadAllBytes(RepositoryPaths.TestData(file)), ("policy", queue), ("callbackUrl", receiver.UrlOf(queue).AbsoluteUri)));
            var body = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("in_review", body.GetProperty("status").GetString());
            uploaded.Add(body.GetProperty("id").GetGuid());
        }

        var secondModerator = $"moderator-b-{Guid.NewGuid():N}@browser.test";
        await browser.Host.CreateUserAsync(secondModerator, BrowserFixture.Password, Roles.Moderator);
        var a = await SignedInAsync(BrowserFixture.EmailOf(Roles.Moderator));
        var b = await SignedInAsync(secondModerator);

        await OpenWorkbenchAsync(a, queue);
        await OpenWorkbenchAsync(b, queue);
        foreach (var page in new[] { a, b })
        {
            await Assertions.Expect(page.GetByTestId("queue-waiting")).ToHaveTextAsync("0");
            await Assertions.Expect(page.GetByTestId("queue-claimed")).ToHaveTextAsync("2");
        }

        var imageOfA = Guid.Parse((await a.GetByTestId("workbench-item").GetAttributeAsync("data-image-id"))!);
        var imageOfB = Guid.Parse((await b.GetByTestId("workbench-item").GetAttributeAsync("data-image-id"))!);
        Assert.NotEqual(imageOfA, imageOfB);
        Assert.Equal(uploaded.Order(), new[] { imageOfA, imageOfB }.Order());

        await a.GetByTestId("workbench").FocusAsync();
        await a.Keyboard.PressAsync("r");

        await a.GetByTestId("queue-empty").WaitForAsync();
        await Assertions.Expect(a.GetByTestId("undo-countdown")).ToBeVisibleAsync();
        await Assertions.Expect(b.GetByTestId("queue-claimed")).ToHaveTextAsync("1");
        await Assertions.Expect(b.GetByTestId("queue-waiting")).ToHaveTextAsync("0");
        Assert.Equal(imageOfB.ToString(), await b.GetByTestId("workbench-item").GetAttributeAsync("data-image-id"));

        var hooks = await Eventually.UntilAsync(() => Task.FromResult(receiver.ReceivedBy(queue)), r => r.Count > 0, "the webhook of the reject");
        var hook = Assert.Single(hooks);
        var key = Encoding.UTF8.GetBytes(source.WebhookSecret);
        byte[] message = [.. Encoding.UTF8.GetBytes(hook.Timestamp + "."), .. hook.Body];
        var signed = HMACSHA256.HashData(key, message);
        Assert.Equal("sha256=" + Convert.ToHexStringLower(signed), hook.Signature);
        var payload = JsonDocument.Parse(hook.Body).RootElement;
        Assert.Equal(("image.decided", imageOfA, "rejected", "human"), (
            payload.GetProperty("type").GetString(),
            payload.GetProperty("id").GetGuid(),
            payload.GetProperty("status").GetString(),
            payload.GetProperty("decidedBy").GetString()));

        var decided = await api.GetFromJsonAsync<JsonElement>($"api/v1/images/{imageOfA}");
        Assert.Equal(("rejected", "human"), (decided.GetProperty("status").GetString(), decided.GetProperty("decidedBy").GetString()));
        var other = await api.GetFromJsonAsync<JsonElement>($"api/v1/images/{imageOfB}");
        Assert.Equal("in_review", other.GetProperty("status").GetString());

        // B leaves the workbench: the item goes back to the queue at once (not when its lease runs out),
        // and A's empty workbench picks it up live.
        await b.GetByTestId("nav-images").ClickAsync();
        await b.GetByTestId("images-table").WaitForAsync();
        await Assertions.Expect(a.GetByTestId("workbench-item")).ToHaveAttributeAsync("data-image-id", imageOfB.ToString());
        await b.Context.CloseAsync();
        await a.Context.CloseAsync();
    }

    [Fact]
    public async Task MediaEndpointServesTheOriginalWithItsTypeNoSniffAndALockedDownPolicyToSignedInUsersOnly()
    {
        var source = await browser.Host.CreateSourceAsync();
        using var api = browser.Host.CreateApiClient(source.ApiKey);
        using var response = await api.PostAsync("api/v1/images", ScoringEndToEndTests.Upload(File.ReadAllBytes(RepositoryPaths.TestData("pdq/q0122.jpg"))));
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var page = await SignedInAsync(BrowserFixture.EmailOf(Roles.Moderator));
        var media = await page.APIRequest.GetAsync($"/media/images/{id}");

        Assert.Equal((int)HttpStatusCode.OK, media.Status);
        Assert.Equal("image/jpeg", media.Headers["content-type"]);
        Assert.Equal("nosniff", media.Headers["x-content-type-options"]);
        Assert.Equal("default-src 'none'; sandbox", media.Headers["content-security-policy"]);
        Assert.Equal(File.ReadAllBytes(RepositoryPaths.TestData("pdq/q0122.jpg")), await media.BodyAsync());
        await page.Context.CloseAsync();

        using var anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = browser.Host.BaseAddress };
        using var refused = await anonymous.GetAsync($"media/images/{id}");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
        Assert.NotEqual("image/jpeg", refused.Content.Headers.ContentType?.MediaType);
    }

    private async Task<IPage> SignedInAsync(string email)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(BrowserFixture.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.GetByTestId("signed-in-user").WaitForAsync();
        return page;
    }

    /// <summary>Opens the queue's workbench and waits until the circuit is live and an item is claimed.</summary>
    private static async Task OpenWorkbenchAsync(IPage page, string queue)
    {
        await page.GotoAsync($"/review/{queue}");
        await page.Locator("[data-testid='workbench'][data-ready='true']").WaitForAsync();
        await page.GetByTestId("workbench-item").WaitForAsync();
    }
}
