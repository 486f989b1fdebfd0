using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using ReviewConsole.Components.Pages.Review;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.Review;
using ReviewConsole.Tests.TestSupport;
using static ReviewConsole.Tests.Review.NearDuplicatesTests;

namespace ReviewConsole.Tests.Components.Review;

/// <summary>
/// The workbench page rendered by bUnit over the real review services on a real SQLite file: keys
/// go through the page's handler and every decision is checked in the database.
/// </summary>
public sealed class WorkbenchPageTests : ComponentTestContext, IAsyncLifetime
{
    private ReviewDatabase _db = default!;
    private ReviewQueueBoard _board = default!;

    public WorkbenchPageTests() => SignInAs("alice", Roles.Moderator);

    public async Task InitializeAsync()
    {
        _db = await ReviewDatabase.CreateAsync();
        _board = await AddWorkbenchServicesAsync(this, _db);
    }

    /// <summary>The page's services, real, over <paramref name="db"/>; a default policy with thresholds; an interactive renderer.</summary>
    internal static async Task<ReviewQueueBoard> AddWorkbenchServicesAsync(BunitContext context, ReviewDatabase db)
    {
        await using (var scope = db.Contexts.CreateDbContext())
        {
            await new PolicyStore(scope, db.Clock).ReviseAsync(Policy.DefaultName, new PolicySettings(
                [
                    new CategoryRule(Categories.Nudity, ApproveBelow: 0.30, RejectAtOrAbove: 0.95),
                    new CategoryRule(Categories.Suggestive, ApproveBelow: 0.50, RejectAtOrAbove: null),
                    new CategoryRule(Categories.Text, ApproveBelow: 0.50, RejectAtOrAbove: null),
                ], 0, TextDetection: false), "test");
        }

        var options = Options.Create(db.Options);
        var board = new ReviewQueueBoard(db.Events, db.Summaries, options, db.Clock, NullLogger<ReviewQueueBoard>.Instance);
        var services = context.Services;
        services.AddSingleton(db.Workbench);
        services.AddSingleton(db.Items);
        services.AddSingleton(board);
        services.AddSingleton(new ReviewPreferences(db.Contexts));
        services.AddSingleton(options);
        services.AddSingleton<TimeProvider>(db.Clock);
        services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        context.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return board;
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await DisposeAsync();
        await _db.DisposeAsync();
    }

    private IRenderedComponent<WorkbenchPage> RenderWorkbench(string queue = Policy.DefaultName)
    {
        var page = Render<WorkbenchPage>(p => p.Add(c => c.Queue, queue));
        page.WaitForAssertion(() => Assert.Equal("true", page.Find("[data-testid='workbench']").GetAttribute("data-ready")), TimeSpan.FromSeconds(10));
        return page;
    }

    private static string ShownImage(IRenderedComponent<WorkbenchPage> page) =>
        page.Find("[data-testid='workbench-item']").GetAttribute("data-image-id")!;

    private static Task PressAsync(IRenderedComponent<WorkbenchPage> page, string key, string on = "[data-testid='workbench']") =>
        page.Find(on).KeyDownAsync(new Microsoft.AspNetCore.Components.Web.KeyboardEventArgs { Key = key });

    [Fact]
    public async Task ClaimsAnItemOnArrivalAndShowsItsScoresReasonsAndLiveCounts()
    {
        var image = await _db.AddImageAsync(score: 0.62);
        await _db.AddImageAsync(score: 0.4);

        var page = RenderWorkbench();

        Assert.Equal(image.Id.ToString(), ShownImage(page));
        Assert.Equal(("alice", ReviewTaskState.Claimed), await _db.QueryAsync(async db =>
        {
            var task = await db.ReviewTasks.AsNoTracking().SingleAsync(t => t.ImageId == image.Id);
            return (task.LeaseHolder, task.State);
        }));
        var nudity = page.Find("[data-testid='score'][data-category='nudity']");
        Assert.Contains("0.62", nudity.TextContent, StringComparison.Ordinal);
        Assert.Contains("approve < 0.30", nudity.TextContent, StringComparison.Ordinal);
        Assert.Contains("high", nudity.ClassList);
        var reason = page.Find("[data-testid='reason']");
        Assert.Contains("review_band", reason.TextContent, StringComparison.Ordinal);
        Assert.Contains("test", reason.TextContent, StringComparison.Ordinal);

        await _board.RefreshAsync();
        page.WaitForAssertion(() => Assert.Equal(("1", "1"), (page.Find("[data-testid='queue-waiting']").TextContent, page.Find("[data-testid='queue-claimed']").TextContent)));
        await _db.AddImageAsync(score: 0.4);
        await _board.RefreshAsync();
        page.WaitForAssertion(() => Assert.Equal("2", page.Find("[data-testid='queue-waiting']").TextContent));
    }

    [Fact]
    public async Task PressingAApprovesTheItemAndTheNextOneAppearsAtOnce()
    {
        var first = await _db.AddImageAsync(score: 0.9);
        var second = await _db.AddImageAsync(score: 0.5);
        var page = RenderWorkbench();
        Assert.Equal(first.Id.ToString(), ShownImage(page));
        Assert.Equal(second.Id.ToString(), page.Find("[data-testid='prefetch']").GetAttribute("src")!.Split('/').Last());

        await PressAsync(page, "a");

        page.WaitForAssertion(() => Assert.Equal(second.Id.ToString(), ShownImage(page)));
        Assert.Equal((ImageStatus.Approved, DecidedBy.Human), await _db.QueryAsync(async db =>
        {
            var stored = await db.Images.AsNoTracking().SingleAsync(i => i.Id == first.Id);
            return (stored.Status, stored.DecidedBy);
        }));
        Assert.Equal("alice", Assert.Single(await _db.Workbench.HistoryAsync(first.Id)).ActorId);
    }

    [Theory]
    [InlineData("r", ReviewDecisionKind.Reject)]
    [InlineData("s", ReviewDecisionKind.Skip)]
    [InlineData("E", ReviewDecisionKind.Escalate)]
    public async Task EachDecisionKeyRecordsItsDecision(string key, ReviewDecisionKind expected)
    {
        var image = await _db.AddImageAsync();
        var page = RenderWorkbench();

        await PressAsync(page, key);

        page.WaitForAssertion(() => page.Find("[data-testid='queue-empty']"));
        Assert.Equal(expected, Assert.Single(await _db.Workbench.HistoryAsync(image.Id)).Kind);
    }

    [Fact]
    public async Task KeysTypedInTheNoteFieldAreNotTakenAsDecisions()
    {
        var image = await _db.AddImageAsync();
        var page = RenderWorkbench();

        foreach (var key in new[] { "a", "r", "s", "e", " ", "1", "u" })
        {
            await PressAsync(page, key, on: "[data-testid='note']");
        }

        await page.Find("[data-testid='note']").InputAsync(new ChangeEventArgs { Value = "areas u1" });
        Assert.Empty(await _db.Workbench.HistoryAsync(image.Id));
        Assert.Equal("blur", page.Find("[data-testid='item-image']").GetAttribute("data-obscured"));
        Assert.All(page.FindAll("[data-testid='label']"), l => Assert.Equal("false", l.GetAttribute("data-selected")));

        await PressAsync(page, "r");

        page.WaitForAssertion(() => page.Find("[data-testid='queue-empty']"));
        var decision = Assert.Single(await _db.Workbench.HistoryAsync(image.Id));
        Assert.Equal((ReviewDecisionKind.Reject, "areas u1"), (decision.Kind, decision.Note));
    }

    [Fact]
    public async Task SpaceRevealsAHighScoringImageThatIsBlurredUntilThen()
    {
        await _db.AddImageAsync(score: 0.5);
        var page = RenderWorkbench();
        Assert.Equal("blur", page.Find("[data-testid='item-image']").GetAttribute("data-obscured"));
        Assert.Contains("obscured-blur", page.Find("[data-testid='item-image']").ClassList);

        await PressAsync(page, " ");

        Assert.Equal("none", page.Find("[data-testid='item-image']").GetAttribute("data-obscured"));
        Assert.Empty(page.FindAll("[data-testid='reveal']"));
    }

    [Fact]
    public async Task ALowScoringImageIsShownAsIs()
    {
        await _db.AddImageAsync(score: 0.2);

        var page = RenderWorkbench();

        Assert.Equal("none", page.Find("[data-testid='item-image']").GetAttribute("data-obscured"));
    }

    [Fact]
    public async Task TheGreyscalePreferenceIsStoredServerSideAndUsedForHighScores()
    {
        await _db.CreateUserAsync("alice");
        await _db.AddImageAsync(score: 0.5);
        var page = RenderWorkbench();

        await page.Find("[data-testid='obscure-mode']").ChangeAsync(new ChangeEventArgs { Value = nameof(ObscureMode.Greyscale) });

        Assert.Equal("greyscale", page.Find("[data-testid='item-image']").GetAttribute("data-obscured"));
        Assert.Equal(ObscureMode.Greyscale, await new ReviewPreferences(_db.Contexts).GetObscureModeAsync("alice"));
        await DisposeComponentsAsync();
        var again = RenderWorkbench();
        Assert.Equal("greyscale", again.Find("[data-testid='item-image']").GetAttribute("data-obscured"));
    }

    [Fact]
    public async Task DigitKeysToggleLabelsInOrderAndTheRejectRecordsThemAndTheListTick()
    {
        var image = await _db.AddImageAsync();
        var page = RenderWorkbench();
        Assert.Equal(["nudity", "suggestive", "text"], page.FindAll("[data-testid='label']").Select(l => l.GetAttribute("data-category")));
        Assert.Equal(["1 · nudity", "2 · suggestive", "3 · text"], page.FindAll("[data-testid='label']").Select(l => l.TextContent.Trim()));

        await PressAsync(page, "1");
        await PressAsync(page, "3");
        await PressAsync(page, "2");
        await PressAsync(page, "2");
        await PressAsync(page, "9");

        Assert.Equal(["true", "false", "true"], page.FindAll("[data-testid='label']").Select(l => l.GetAttribute("data-selected")));
        await page.Find("[data-testid='add-to-list']").ChangeAsync(new ChangeEventArgs { Value = false });
        await PressAsync(page, "r");

        page.WaitForAssertion(() => page.Find("[data-testid='queue-empty']"));
        var decision = Assert.Single(await _db.Workbench.HistoryAsync(image.Id));
        Assert.Equal(["nudity", "text"], decision.Labels);
        Assert.False(decision.AddToDisallowList);
    }

    [Fact]
    public async Task RejectAddsToTheDisallowListByDefault()
    {
        var image = await _db.AddImageAsync();
        var page = RenderWorkbench();

        await PressAsync(page, "r");

        page.WaitForAssertion(() => page.Find("[data-testid='queue-empty']"));
        var decision = Assert.Single(await _db.Workbench.HistoryAsync(image.Id));
        Assert.True(decision.AddToDisallowList);
        Assert.NotNull(decision.DisallowEntryId);
    }

    [Fact]
    public async Task UndoCountsDownAndUBringsTheItemBack()
    {
        var first = await _db.AddImageAsync(score: 0.9);
        var second = await _db.AddImageAsync(score: 0.5);
        var page = RenderWorkbench();

        await PressAsync(page, "a");
        page.WaitForAssertion(() => Assert.Equal(second.Id.ToString(), ShownImage(page)));
        Assert.Equal("5 s", page.Find("[data-testid='undo-countdown']").TextContent);
        _db.Clock.Advance(TimeSpan.FromSeconds(3));
        page.WaitForAssertion(() => Assert.Equal("2 s", page.Find("[data-testid='undo-countdown']").TextContent));

        await PressAsync(page, "u");

        page.WaitForAssertion(() => Assert.Equal(first.Id.ToString(), ShownImage(page)));
        Assert.Equal(ImageStatus.InReview, (await _db.ImageAsync(first.Id)).Status);
        Assert.Equal(ReviewTaskState.Waiting, (await _db.TaskOfAsync(second.Id)).State);
        Assert.Empty(page.FindAll("[data-testid='undo']"));
    }

    [Fact]
    public async Task TheUndoOfferDisappearsWhenTheWindowCloses()
    {
        var image = await _db.AddImageAsync();
        var page = RenderWorkbench();
        await PressAsync(page, "a");
        page.WaitForAssertion(() => page.Find("[data-testid='undo-countdown']"));

        _db.Clock.Advance(_db.Options.UndoWindow + TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='undo']")));
        await PressAsync(page, "u");
        Assert.Equal(ImageStatus.Approved, (await _db.ImageAsync(image.Id)).Status);
    }

    [Fact]
    public async Task ALostLeaseIsAMessageNotAnException()
    {
        var image = await _db.AddImageAsync();
        var page = RenderWorkbench();
        _db.Clock.Advance(_db.Options.LeaseDuration + TimeSpan.FromSeconds(1));
        Assert.Equal(image.Id, (await _db.ClaimAsync(new Reviewer("bob"))).ImageId);

        await PressAsync(page, "a");

        page.WaitForAssertion(() => Assert.Contains("do not hold", page.Find("[data-testid='workbench-message']").TextContent, StringComparison.Ordinal));
        Assert.Equal(ImageStatus.InReview, (await _db.ImageAsync(image.Id)).Status);
        page.Find("[data-testid='queue-empty']");
    }

    [Fact]
    public async Task AnEmptyQueueSaysSoAndPicksUpAnItemWhenOneArrives()
    {
        var page = RenderWorkbench();
        page.Find("[data-testid='queue-empty']");

        var image = await _db.AddImageAsync();
        await _board.RefreshAsync();

        page.WaitForAssertion(() => Assert.Equal(image.Id.ToString(), ShownImage(page)));
    }

    [Fact]
    public async Task LeavingThePageHandsTheItemBack()
    {
        var image = await _db.AddImageAsync();
        RenderWorkbench();
        Assert.Equal(ReviewTaskState.Claimed, (await _db.TaskOfAsync(image.Id)).State);

        await DisposeComponentsAsync();

        Assert.Equal(ReviewTaskState.Waiting, (await _db.TaskOfAsync(image.Id)).State);
    }

    [Fact]
    public async Task TheEscalationQueueIsRefusedToAModerator()
    {
        var page = RenderWorkbench(ReviewQueues.Escalation);

        page.Find("[data-testid='queue-not-allowed']");
        await Task.CompletedTask;
    }

    [Fact]
    public async Task NearDuplicatesWaitingFormAGroupThatGAndADecideTogether()
    {
        var lead = await _db.AddImageAsync(pdq: Base, score: 0.9);
        var sibling = await _db.AddImageAsync(pdq: Flip(Base, 5), score: 0.5);
        var decided = await _db.AddImageAsync(pdq: Flip(Base, 9), outcome: Outcome.Reject);
        var page = RenderWorkbench();
        Assert.Equal(lead.Id.ToString(), ShownImage(page));
        Assert.Equal("1 near-duplicate waiting", page.Find("[data-testid='group-count']").TextContent);
        var shown = page.Find("[data-testid='near-duplicate']");
        Assert.Equal("rejected", shown.GetAttribute("data-status"));
        Assert.Contains(decided.Id.ToString(), shown.InnerHtml, StringComparison.Ordinal);

        await PressAsync(page, "g");
        Assert.True(page.Find("[data-testid='apply-group']").HasAttribute("checked"));
        await PressAsync(page, "a");

        page.WaitForAssertion(() => page.Find("[data-testid='queue-empty']"));
        Assert.Equal(ImageStatus.Approved, (await _db.ImageAsync(lead.Id)).Status);
        Assert.Equal(ImageStatus.Approved, (await _db.ImageAsync(sibling.Id)).Status);
        Assert.Contains("2 decided", page.Find("[data-testid='workbench-message']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EarlierDecisionsOnTheSameBytesAreShownForAReviewButNotForAnAudit()
    {
        var sha = new string('a', 64);
        var earlier = await _db.AddImageAsync(sha256: sha, score: 0.9);
        var claim = await _db.ClaimAsync(new Reviewer("bob"));
        Assert.Equal(earlier.Id, claim.ImageId);
        Assert.True((await _db.Workbench.RejectAsync(claim.TaskId, new Reviewer("bob"), new DecisionInput(Note: "seen before", AddToDisallowList: false))).Succeeded);
        await _db.AddImageAsync(sha256: sha);
        await _db.AddImageAsync(sha256: sha, outcome: Outcome.Approve, auditSampled: true);

        var review = RenderWorkbench();
        var entry = review.Find("[data-testid='history-entry']");
        Assert.Contains("reject", entry.TextContent, StringComparison.Ordinal);
        Assert.Contains("seen before", entry.TextContent, StringComparison.Ordinal);
        await DisposeComponentsAsync();

        var audit = RenderWorkbench(ReviewQueues.Audit);
        Assert.Equal("Audit", audit.Find("[data-testid='workbench-item']").GetAttribute("data-kind"));
        Assert.Empty(audit.FindAll("[data-testid='history']"));
        Assert.Empty(audit.FindAll("[data-testid='near-duplicates']"));
    }
}
