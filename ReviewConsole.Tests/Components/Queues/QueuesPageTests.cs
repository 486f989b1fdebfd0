using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Components.Pages.Queues;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.Review;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Components.Queues;

/// <summary>The Queues page over a real board counting a real SQLite file.</summary>
public sealed class QueuesPageTests : ComponentTestContext, IAsyncLifetime
{
    private readonly ReviewOptions _options = new() { QueueSlas = { ["strict"] = TimeSpan.FromMinutes(30) }, BoardRefreshInterval = TimeSpan.FromMinutes(10) };
    private ReviewDatabase _database = default!;
    private ReviewQueueBoard _board = default!;

    public async Task InitializeAsync()
    {
        _database = await ReviewDatabase.CreateAsync(_options);
        _board = ReviewQueueBoardTests.Board(_database);
        Services.AddSingleton(_board);
        Services.AddSingleton<TimeProvider>(_database.Clock);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(_options));
    }

    public new async Task DisposeAsync()
    {
        _board.Dispose();
        await _database.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task ShowsEveryQueueWithItsWaitingAndClaimedCounts()
    {
        SignInAs("moderator@example.org", Roles.Moderator);
        await _database.AddImageAsync();
        await _database.AddImageAsync();
        await _database.ClaimAsync(new Reviewer("alice"));
        await _board.RefreshAsync();

        var page = Render<QueuesPage>();

        Assert.Equal(["audit", "default", "escalation", "strict"], page.FindAll("[data-testid='queue-row']").Select(r => r.GetAttribute("data-queue")));
        var row = RowOf(page, "default");
        Assert.Equal(("1", "1"), (Text(row, "queue-waiting"), Text(row, "queue-claimed")));
        Assert.Equal(("ok", "4h 00m"), (row.QuerySelector("[data-testid='queue-sla-state']")!.GetAttribute("data-state"), Text(row, "queue-sla")));
        Assert.Equal("—", Text(RowOf(page, "audit"), "queue-oldest"));
    }

    [Fact]
    public async Task ShowsABreachedSlaAsBreached()
    {
        SignInAs("moderator@example.org", Roles.Moderator);
        await _database.AddImageAsync(policy: "strict", receivedAt: _database.Clock.GetUtcNow().AddMinutes(-45));
        await _board.RefreshAsync();

        var page = Render<QueuesPage>();

        var state = RowOf(page, "strict").QuerySelector("[data-testid='queue-sla-state']")!;
        Assert.Equal("breached", state.GetAttribute("data-state"));
        Assert.Contains("Breached", state.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("45m", Text(RowOf(page, "strict"), "queue-oldest"), StringComparison.Ordinal);
        Assert.Equal("ok", RowOf(page, "audit").QuerySelector("[data-testid='queue-sla-state']")!.GetAttribute("data-state"));
    }

    [Fact]
    public async Task ShowsTheNewCountWhenTheBoardPublishesWithoutBeingRenderedAgain()
    {
        SignInAs("moderator@example.org", Roles.Moderator);
        await _database.AddImageAsync();
        await _board.RefreshAsync();
        var page = Render<QueuesPage>();
        Assert.Equal("1", Text(RowOf(page, "default"), "queue-waiting"));

        await _database.AddImageAsync();
        await _board.RefreshAsync();

        page.WaitForAssertion(() => Assert.Equal("2", Text(RowOf(page, "default"), "queue-waiting")), TimeSpan.FromSeconds(5));
    }

    [Theory]
    [InlineData(Roles.Moderator, false)]
    [InlineData(Roles.Supervisor, true)]
    [InlineData(Roles.Admin, true)]
    public async Task OffersToOpenTheEscalationQueueOnlyToSupervisors(string role, bool offered)
    {
        SignInAs("someone@example.org", role);
        await _database.AddImageAsync();
        await _board.RefreshAsync();

        var page = Render<QueuesPage>();

        Assert.Equal(offered, RowOf(page, "escalation").QuerySelector("[data-testid='queue-open']") is not null);
        Assert.Equal("review/default", RowOf(page, "default").QuerySelector("[data-testid='queue-open']")!.GetAttribute("href"));
    }

    private static IElement RowOf(IRenderedComponent<QueuesPage> page, string queue) =>
        page.FindAll("[data-testid='queue-row']").Single(r => r.GetAttribute("data-queue") == queue);

    private static string Text(IElement row, string testId) => row.QuerySelector($"[data-testid='{testId}']")!.TextContent.Trim();
}
