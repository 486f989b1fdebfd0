using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Components.Pages.Reports;
using ReviewConsole.Core.Reports;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.Review;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Components.Reports;

/// <summary>The reports page on a real SQLite file: its date filter and a table's rows and CSV link.</summary>
public sealed class ReportsPageTests : ComponentTestContext, IAsyncLifetime
{
    private ReviewDatabase _db = default!;

    public async Task InitializeAsync()
    {
        _db = await ReviewDatabase.CreateAsync();
        Services.AddSingleton(_db.Reports);
        Services.AddSingleton(_db.Gold);
        Services.AddSingleton<TimeProvider>(_db.Clock);
        SignInAs("supervisor@example.org", Roles.Supervisor);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task ShowsTheLastSevenDaysWithAModeratorsRowAndItsCsvLink()
    {
        await _db.AddImageAsync();
        var alice = new Reviewer("alice");
        await _db.Workbench.ApproveAsync((await _db.ClaimAsync(alice)).TaskId, alice);

        var page = Render<ReportsPage>();

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='table-moderators'] tbody")));
        var row = page.FindAll("[data-testid='table-moderators'] tbody tr").Single();
        Assert.Equal("alice", row.QuerySelectorAll("td")[0].TextContent);
        Assert.Equal("1", row.QuerySelectorAll("td")[1].TextContent);
        var today = _db.Clock.GetUtcNow().UtcDateTime.Date;
        Assert.StartsWith($"/reports/moderators.csv?from={Uri.EscapeDataString(today.AddDays(-6).ToString("yyyy-MM-dd"))}T00%3A00%3A00Z", page.Find("[data-testid='csv-moderators']").GetAttribute("href"));
        Assert.Equal(ReportTables.Names.Count, page.FindAll("[data-testid^='table-']").Count);
    }

    [Fact]
    public async Task ADateRangeBeforeTheDecisionsShowsNothingAndTheRangeMoves()
    {
        await _db.AddImageAsync();
        var alice = new Reviewer("alice");
        await _db.Workbench.ApproveAsync((await _db.ClaimAsync(alice)).TaskId, alice);
        var page = Render<ReportsPage>();
        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid='table-moderators'] tbody tr")));

        page.Find("input[data-testid='report-from'], [data-testid='report-from'] input").Change("2020-01-01");
        page.Find("input[data-testid='report-to'], [data-testid='report-to'] input").Change("2020-01-31");
        page.Find("[data-testid='report-apply']").Click();

        page.WaitForAssertion(() => Assert.Contains("2020-01-01 00:00 – 2020-02-01 00:00 UTC", page.Find("[data-testid='report-range']").TextContent));
        Assert.Empty(page.FindAll("[data-testid='table-moderators'] tbody tr"));
        Assert.Contains("Nothing in the period.", page.Find("[data-testid='table-moderators']").TextContent);
    }

    [Fact]
    public void ABackwardsRangeIsRefusedWithAMessage()
    {
        var page = Render<ReportsPage>();

        page.Find("input[data-testid='report-from'], [data-testid='report-from'] input").Change("2026-02-01");
        page.Find("input[data-testid='report-to'], [data-testid='report-to'] input").Change("2026-01-01");
        page.Find("[data-testid='report-apply']").Click();

        Assert.Equal("'to' must be after 'from'.", page.Find("[data-testid='report-problem']").TextContent.Trim());
    }
}
