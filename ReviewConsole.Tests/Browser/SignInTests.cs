using Microsoft.Playwright;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class SignInTests(BrowserFixture browser)
{
    [Theory]
    [InlineData(Roles.Moderator, new[] { "nav-dashboard", "nav-queues", "nav-images" })]
    [InlineData(Roles.Supervisor, new[] { "nav-dashboard", "nav-queues", "nav-images", "nav-reports", "nav-exports", "nav-audit" })]
    [InlineData(Roles.Admin, new[] { "nav-dashboard", "nav-queues", "nav-images", "nav-reports", "nav-exports", "nav-audit", "nav-sources", "nav-lists", "nav-users", "nav-webhooks", "nav-policies" })]
    public async Task EachRoleSignsInToItsOwnNavigation(string role, string[] expectedLinks)
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/Account/Login**");
        await SignInAsync(page, BrowserFixture.EmailOf(role), BrowserFixture.Password);

        await page.GetByTestId("signed-in-user").WaitForAsync();
        Assert.Equal(BrowserFixture.EmailOf(role), await page.GetByTestId("signed-in-user").InnerTextAsync());
        var links = await page.Locator("[data-testid^='nav-']:not([data-testid='nav-menu'])").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.testid)");
        Assert.Equal(expectedLinks, links);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task WrongPasswordShowsErrorAndStaysSignedOut()
    {
        var page = await browser.NewPageAsync();

        await page.GotoAsync("/Account/Login");
        await SignInAsync(page, BrowserFixture.EmailOf(Roles.Moderator), "not-the-password");

        Assert.Equal("Wrong e-mail address or password.", await page.GetByTestId("login-error").InnerTextAsync());
        await page.GotoAsync("/");
        await page.WaitForURLAsync("**/Account/Login**");
        Assert.DoesNotContain(await page.Context.CookiesAsync(), c => c.Name == "ReviewConsole.Auth");
        await page.Context.CloseAsync();
    }

    [Theory]
    [InlineData("/admin/sources", "create-source")]
    [InlineData("/admin/lists", "create-list")]
    [InlineData("/admin/policies", "policy-save")]
    [InlineData("/audit", "audit-table")]
    public async Task ModeratorIsRefusedTheAdminPages(string path, string adminControl)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await SignInAsync(page, BrowserFixture.EmailOf(Roles.Moderator), BrowserFixture.Password);
        await page.GetByTestId("signed-in-user").WaitForAsync();

        await page.GotoAsync(path);

        await page.WaitForURLAsync("**/Account/AccessDenied**");
        await page.GetByText("Your role does not give access to that page.").WaitForAsync();
        Assert.Equal(0, await page.GetByTestId(adminControl).CountAsync());
        await page.Context.CloseAsync();
    }

    private static async Task SignInAsync(IPage page, string email, string password)
    {
        await page.GetByTestId("login-email").FillAsync(email);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
    }
}
