using Microsoft.Playwright;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class QueuesPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task AModeratorAndASupervisorSeeTheSameCountAndBothSeeItRiseWithoutReloadingWhenImagesGoToReview()
    {
        var queue = $"live-{Guid.NewGuid():N}"[..20];
        await InReviewImages.AddAsync(browser.Host, queue);
        var moderator = await SignedInAsync(Roles.Moderator);
        var supervisor = await SignedInAsync(Roles.Supervisor);
        var consoles = new[] { moderator, supervisor };
        foreach (var page in consoles)
        {
            await page.GotoAsync("/queues");
            await page.Locator("[data-testid='live-queues'][data-live='true']").WaitForAsync();
            await Assertions.Expect(Waiting(page, queue)).ToHaveTextAsync("1");
        }

        var navigations = 0;
        foreach (var page in consoles)
        {
            page.FrameNavigated += (_, _) => Interlocked.Increment(ref navigations);
        }

        await InReviewImages.AddAsync(browser.Host, queue, 2);

        foreach (var page in consoles)
        {
            await Assertions.Expect(Waiting(page, queue)).ToHaveTextAsync("3", new() { Timeout = 10_000 });
        }

        Assert.Equal(0, navigations);
        foreach (var page in consoles)
        {
            await page.Context.CloseAsync();
        }
    }

    private static ILocator Waiting(IPage page, string queue) =>
        page.Locator($"[data-testid='queue-row'][data-queue='{queue}'] [data-testid='queue-waiting']");

    private async Task<IPage> SignedInAsync(string role)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByTestId("login-email").FillAsync(BrowserFixture.EmailOf(role));
        await page.GetByTestId("login-password").FillAsync(BrowserFixture.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.GetByTestId("signed-in-user").WaitForAsync();
        return page;
    }
}
