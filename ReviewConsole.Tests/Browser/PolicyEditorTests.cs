using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.Scoring.Pipeline;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Browser;

/// <summary>The policy editor and the audit log in Chromium, against the real host with its real scoring pipeline and models.</summary>
[Collection(BrowserCollection.Name)]
public sealed class PolicyEditorTests(BrowserFixture browser)
{
    [Fact]
    public async Task AnImageApprovedBeforeTheAdminLowersTheThresholdGoesToReviewAfterwards()
    {
        // A policy of its own, so the change cannot reach the other browser tests' uploads.
        var policy = $"browser-{Guid.NewGuid():N}"[..24];
        await using (var scope = browser.Host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PolicyStore>().ReviseAsync(
                policy, new PolicySettings([new CategoryRule(Categories.Nudity, ApproveBelow: 1, RejectAtOrAbove: null)], 0, TextDetection: false), "test");
        }

        var bytes = File.ReadAllBytes(RepositoryPaths.TestData("pdq/bridge-1-original.jpg"));
        var source = await browser.Host.CreateSourceAsync();
        using var client = browser.Host.CreateApiClient(source.ApiKey);
        var before = await UploadAsync(client, bytes, policy, """{"copy":1}""");
        Assert.Equal(("approved", "auto", 1), (before.GetProperty("status").GetString(), before.GetProperty("decidedBy").GetString(), before.GetProperty("policyVersion").GetInt32()));

        // At or below the score the image got, whatever the model said: that score no longer approves.
        var score = before.GetProperty("scores").GetProperty(Categories.Nudity).GetDouble();
        var threshold = (Math.Floor(score * 1000) / 1000).ToString("0.###", CultureInfo.InvariantCulture);

        var page = await SignInAsync(Roles.Admin);
        await page.GotoAsync($"/admin/policies?policy={policy}");
        var approve = page.Locator("input[data-testid='approve-nudity'], [data-testid='approve-nudity'] input").First;
        await FillOnceInteractiveAsync(page, approve, "2", page.GetByTestId("policy-problems"));
        Assert.True(await page.GetByTestId("policy-save").IsDisabledAsync());
        await approve.FillAsync(threshold);
        await Assertions.Expect(page.GetByTestId("policy-problems")).ToHaveCountAsync(0);
        await page.Locator("input[data-testid='policy-note'], [data-testid='policy-note'] input").First.FillAsync("stricter nudity");
        await page.GetByTestId("policy-save").ClickAsync();
        await Assertions.Expect(page.GetByTestId("policy-current")).ToContainTextAsync($"v2 by {BrowserFixture.EmailOf(Roles.Admin)}");
        await Assertions.Expect(page.GetByTestId("policy-version")).ToHaveCountAsync(2);

        var after = await UploadAsync(client, bytes, policy, """{"copy":2}""");

        Assert.Equal("in_review", after.GetProperty("status").GetString());
        Assert.Equal((policy, 2), (after.GetProperty("policy").GetString(), after.GetProperty("policyVersion").GetInt32()));
        Assert.NotEqual(before.GetProperty("id").GetGuid(), after.GetProperty("id").GetGuid());

        // The revision is in the audit log under the admin's name.
        await page.GotoAsync("/audit");
        await page.GetByTestId("audit-type-cell").First.WaitForAsync();
        var row = page.Locator("tr", new() { Has = page.GetByText($"Policy '{policy}' v2") });
        await Assertions.Expect(row).ToHaveCountAsync(1);
        await Assertions.Expect(row.GetByTestId("audit-type-cell")).ToHaveTextAsync(AuditEventTypes.PolicyRevised);
        await Assertions.Expect(row.GetByTestId("audit-actor-cell")).ToHaveTextAsync(BrowserFixture.EmailOf(Roles.Admin));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ASupervisorDownloadsTheAuditCsvAndAModeratorIsRefusedIt()
    {
        var supervisor = await SignInAsync(Roles.Supervisor);
        var allowed = await supervisor.Context.APIRequest.GetAsync("/audit/export.csv?type=policy.revised", new() { MaxRedirects = 0 });
        Assert.Equal(200, allowed.Status);
        Assert.StartsWith("text/csv", allowed.Headers["content-type"], StringComparison.Ordinal);
        Assert.StartsWith("at,actor_id,actor,type,subject,summary,data", await allowed.TextAsync(), StringComparison.Ordinal);
        var badRange = await supervisor.Context.APIRequest.GetAsync("/audit/export.csv?from=yesterday", new() { MaxRedirects = 0 });
        Assert.Equal(400, badRange.Status);

        var moderator = await SignInAsync(Roles.Moderator);
        foreach (var path in new[] { "/audit/export.csv", "/audit", "/admin/policies" })
        {
            var refused = await moderator.Context.APIRequest.GetAsync(path, new() { MaxRedirects = 0 });
            Assert.Equal(302, refused.Status);
            Assert.Contains("/Account/AccessDenied", refused.Headers["location"], StringComparison.Ordinal);
        }

        await supervisor.Context.CloseAsync();
        await moderator.Context.CloseAsync();
    }

    private async Task<IPage> SignInAsync(string role)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByTestId("login-email").FillAsync(BrowserFixture.EmailOf(role));
        await page.GetByTestId("login-password").FillAsync(BrowserFixture.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.GetByTestId("signed-in-user").WaitForAsync();
        return page;
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, byte[] bytes, string policy, string metadata)
    {
        using var response = await client.PostAsync("api/v1/images?wait=30", ScoringEndToEndTests.Upload(bytes, ("policy", policy), ("metadata", metadata)));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>
    /// The page is prerendered, then becomes interactive when its circuit connects; a value typed
    /// before that is lost. Types until the element only the live page shows appears.
    /// </summary>
    private static async Task FillOnceInteractiveAsync(IPage page, ILocator input, string text, ILocator appears)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await input.FillAsync(text);
            try
            {
                await Assertions.Expect(appears).ToBeVisibleAsync(new() { Timeout = 1000 });
                return;
            }
            catch (PlaywrightException)
            {
                await page.WaitForTimeoutAsync(250);
            }
        }

        throw new TimeoutException("The page never became interactive.");
    }
}
