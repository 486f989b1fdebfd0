using Microsoft.Playwright;
using ReviewConsole.Core.Reports;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Browser;

/// <summary>Who may read the reports, over real HTTP with a real sign-in cookie, and that a CSV is the table the page shows.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReportsAccessTests(BrowserFixture browser)
{
    [Fact]
    public async Task AModeratorGetsForbiddenOnThePageAndEveryCsv()
    {
        var page = await SignedInPageAsync(Roles.Moderator);

        Assert.Equal(403, (await page.APIRequest.GetAsync("/reports", new() { MaxRedirects = 0 })).Status);
        foreach (var table in ReportTables.Names)
        {
            var response = await page.APIRequest.GetAsync($"/reports/{table}.csv?from=2026-01-01&to=2026-01-31", new() { MaxRedirects = 0 });
            Assert.True(response.Status == 403, $"{table}.csv answered {response.Status}");
        }

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ASupervisorGetsThePageAndACsvWithTheTablesHeaderAndRows()
    {
        var page = await SignedInPageAsync(Roles.Supervisor);

        Assert.Equal(200, (await page.APIRequest.GetAsync("/reports")).Status);
        await page.GotoAsync("/reports");
        var table = page.GetByTestId($"table-{ReportTables.BacklogName}");
        await table.Locator("tbody tr").First.WaitForAsync();
        var headers = await table.Locator("thead th").AllInnerTextsAsync();
        var rows = new List<string>();
        foreach (var row in await table.Locator("tbody tr").AllAsync())
        {
            rows.Add(string.Join(',', await row.Locator("td").AllInnerTextsAsync()));
        }

        var href = await page.GetByTestId($"csv-{ReportTables.BacklogName}").GetAttributeAsync("href");
        var csv = await page.APIRequest.GetAsync(href!);

        Assert.Equal(200, csv.Status);
        Assert.StartsWith("text/csv", csv.Headers["content-type"]);
        var lines = (await csv.TextAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(string.Join(',', headers), lines[0]);
        Assert.Equal(rows, lines.Skip(1));
        Assert.Equal(ReviewReports.BacklogPoints, rows.Count);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ABadRangeOrAnUnknownTableIsAProblemNotAnError()
    {
        var page = await SignedInPageAsync(Roles.Supervisor);

        var badRange = await page.APIRequest.GetAsync("/reports/audit.csv?from=2026-02-01&to=2026-01-01");
        var unknown = await page.APIRequest.GetAsync("/reports/nothing.csv");

        Assert.Equal(400, badRange.Status);
        Assert.StartsWith("application/problem+json", badRange.Headers["content-type"]);
        Assert.Equal(404, unknown.Status);
        await page.Context.CloseAsync();
    }

    private async Task<IPage> SignedInPageAsync(string role)
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
