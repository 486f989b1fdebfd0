using Bunit;
using ReviewConsole.Components.Pages.Review;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.Review;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Components.Review;

/// <summary>The workbench's lease renewal, with the shortest lease the options allow so the renewal timer fires within the test.</summary>
public sealed class WorkbenchLeaseTests : ComponentTestContext, IAsyncLifetime
{
    private ReviewDatabase _db = default!;

    public WorkbenchLeaseTests() => SignInAs("alice", Roles.Moderator);

    public async Task InitializeAsync()
    {
        _db = await ReviewDatabase.CreateAsync(new ReviewOptions { LeaseDuration = TimeSpan.FromSeconds(10) });
        await WorkbenchPageTests.AddWorkbenchServicesAsync(this, _db);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task TheLeaseIsRenewedWhileTheItemIsShown()
    {
        var image = await _db.AddImageAsync();
        var page = Render<WorkbenchPage>(p => p.Add(c => c.Queue, Core.Policies.Policy.DefaultName));
        page.WaitForElement("[data-testid='workbench-item']", TimeSpan.FromSeconds(10));
        var first = (await _db.TaskOfAsync(image.Id)).LeaseExpiresAt!.Value;

        // Every third of the lease (3.3 s here) the page renews it; wait for one renewal, however slow the machine.
        var renewed = await Notifications.Eventually.UntilAsync(
            async () => (await _db.TaskOfAsync(image.Id)).LeaseExpiresAt!.Value,
            expires => expires > first,
            "the workbench to renew its lease",
            TimeSpan.FromSeconds(60));

        Assert.True(renewed > first);
        Assert.Equal("alice", (await _db.TaskOfAsync(image.Id)).LeaseHolder);
    }

    [Fact]
    public async Task ALeaseTakenOverMeanwhileIsReportedAndTheItemLeavesTheScreen()
    {
        var image = await _db.AddImageAsync();
        var page = Render<WorkbenchPage>(p => p.Add(c => c.Queue, Core.Policies.Policy.DefaultName));
        page.WaitForElement("[data-testid='workbench-item']", TimeSpan.FromSeconds(10));

        // The lease runs out (the clock jumps past it) and another moderator takes the item before the next renewal.
        _db.Clock.Advance(TimeSpan.FromSeconds(11));
        Assert.Equal(image.Id, (await _db.ClaimAsync(new Reviewer("bob"))).ImageId);

        page.WaitForAssertion(() => Assert.Contains("lapsed", page.Find("[data-testid='workbench-message']").TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(60));
        page.Find("[data-testid='queue-empty']");
        Assert.Equal("bob", (await _db.TaskOfAsync(image.Id)).LeaseHolder);
    }
}
