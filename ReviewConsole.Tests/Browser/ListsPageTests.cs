using Microsoft.Playwright;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ListsPageTests(BrowserFixture browser)
{
    private const string Q0746Pdq = "1049d96239e24d4dca2c55512b8bdb77425f4dbcf575a0a95555aaab5554aaaa";
    private const string Other = "489db672e9190276d452aeab41eba20f02375fe4092d88defdf491a5c55c5f70";

    [Fact]
    public async Task AdminCreatesListImportsMatchesExportsAndRemoves()
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByTestId("login-email").FillAsync(BrowserFixture.EmailOf(Roles.Admin));
        await page.GetByTestId("login-password").FillAsync(BrowserFixture.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.GetByTestId("signed-in-user").WaitForAsync();
        var name = $"browser-{Guid.NewGuid():N}"[..20];

        await page.GotoAsync("/admin/lists");
        await TypeOnceInteractiveAsync(page, page.Locator("input[data-testid='new-list-name'], [data-testid='new-list-name'] input").First, name, page.GetByTestId("create-list"));
        await page.GetByTestId("create-list").ClickAsync();
        await page.GetByTestId("list-detail").GetByText(name).WaitForAsync();
        await WaitForInputFileAsync(page, "list-import");
        await WaitForInputFileAsync(page, "list-match");

        await page.GetByTestId("list-import").SetInputFilesAsync(new FilePayload
        {
            Name = "hashes.txt",
            MimeType = "text/plain",
            Buffer = System.Text.Encoding.UTF8.GetBytes($"# partner hashes\n{Q0746Pdq}\nbroken line\n{Other},90\n"),
        });
        var import = page.GetByTestId("import-result");
        await import.WaitForAsync();
        Assert.Contains("Imported 2", await import.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("line 3:", await import.InnerTextAsync(), StringComparison.Ordinal);
        await Assertions.Expect(page.GetByTestId("remove-entry")).ToHaveCountAsync(2);

        await page.GetByTestId("list-match").SetInputFilesAsync(RepositoryPaths.TestData("pdq/q0746.jpg"));
        await page.GetByTestId("match-result").WaitForAsync();
        Assert.Contains("PDQ distance", await page.GetByTestId("match").InnerTextAsync(), StringComparison.Ordinal);

        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("list-export").ClickAsync());
        var exported = await File.ReadAllTextAsync((await download.PathAsync())!);
        Assert.Equal([Q0746Pdq, $"{Other},90"], exported.TrimEnd('\n').Split('\n'));

        await page.GetByTestId("remove-entry").First.ClickAsync();
        await Assertions.Expect(page.GetByTestId("remove-entry")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    /// <summary>
    /// InputFile attaches its change listener from JavaScript after the render that adds it; a file set
    /// before that is never seen by the circuit. Blazor's init marks the element, so wait for the mark.
    /// </summary>
    private static Task WaitForInputFileAsync(IPage page, string id) =>
        page.WaitForFunctionAsync($"() => document.getElementById('{id}')?._blazorInputFileNextFileId !== undefined");

    /// <summary>
    /// The page is prerendered, then becomes interactive when its circuit connects; text typed before
    /// that is lost. Types until the button it enables says the circuit saw it.
    /// </summary>
    private static async Task TypeOnceInteractiveAsync(IPage page, ILocator input, string text, ILocator enabledButton)
    {
        for (var attempt = 0; attempt < 30; attempt++)
        {
            await input.FillAsync(text);
            await input.DispatchEventAsync("change");
            try
            {
                await Assertions.Expect(enabledButton).ToBeEnabledAsync(new() { Timeout = 1000 });
                return;
            }
            catch (PlaywrightException)
            {
                await page.WaitForTimeoutAsync(250);
            }
        }

        await Assertions.Expect(enabledButton).ToBeEnabledAsync();
    }
}
