using Bunit;
using ReviewConsole.Components.Pages.Review;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.Review;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Components.Review;

/// <summary>The escalation queue's workbench as a supervisor sees it.</summary>
public sealed class WorkbenchSupervisorTests : ComponentTestContext, IAsyncLifetime
{
    private ReviewDatabase _db = default!;

    public WorkbenchSupervisorTests() => SignInAs("sam", Roles.Supervisor);

    public async Task InitializeAsync()
    {
        _db = await ReviewDatabase.CreateAsync();
        await WorkbenchPageTests.AddWorkbenchServicesAsync(this, _db);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task ASupervisorWorksAnItemAModeratorEscalatedAndSeesTheEscalationNote()
    {
        var image = await _db.AddImageAsync();
        var alice = new Reviewer("alice");
        var claim = await _db.ClaimAsync(alice);
        Assert.True((await _db.Workbench.EscalateAsync(claim.TaskId, alice, "not sure: artwork?")).Succeeded);

        var page = Render<WorkbenchPage>(p => p.Add(c => c.Queue, ReviewQueues.Escalation));
        page.WaitForElement("[data-testid='workbench-item']", TimeSpan.FromSeconds(10));

        Assert.Equal(image.Id.ToString(), page.Find("[data-testid='workbench-item']").GetAttribute("data-image-id"));
        Assert.Contains("not sure: artwork?", page.Find("[data-testid='history-entry']").TextContent, StringComparison.Ordinal);
        await page.Find("[data-testid='workbench']").KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = "a" });
        page.WaitForElement("[data-testid='queue-empty']");
        Assert.Equal(Core.Ingestion.ImageStatus.Approved, (await _db.ImageAsync(image.Id)).Status);
    }
}
