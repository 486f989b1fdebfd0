using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Components.Pages.Admin;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.Review;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Policies;

/// <summary>The policy editor over a real SQLite file: the what-if follows the thresholds, invalid ones block saving, saving writes an audited version.</summary>
public sealed class PoliciesPageTests : ComponentTestContext, IAsyncLifetime
{
    private ReviewDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await ReviewDatabase.CreateAsync();
        SignInAs("admin@example.org", Roles.Admin);
        Services.AddSingleton<TimeProvider>(_database.Clock);
        Services.AddScoped(_ => _database.Contexts.CreateDbContext());
        Services.AddScoped<AuditActorContext>();
        Services.AddScoped(sp => new PolicyStore(sp.GetRequiredService<ReviewDbContext>(), _database.Clock, sp.GetRequiredService<AuditActorContext>()));
        Services.AddScoped<PolicyTraffic>();
        await using (var db = _database.Contexts.CreateDbContext())
        {
            await new PolicyStore(db, _database.Clock).EnsureDefaultAsync();
        }

        // Under the default policy (nudity approve below 0.2, reject at or above 0.9): approve, review, review, reject.
        foreach (var score in new[] { 0.1, 0.3, 0.5, 0.95 })
        {
            await _database.AddImageAsync(score);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public void ChangingAThresholdUpdatesTheWhatIfShares()
    {
        var page = Render<PoliciesPage>();
        page.WaitForAssertion(() => Assert.Equal("25.0%", Text(page, "whatif-approved")), TimeSpan.FromSeconds(30));
        Assert.Equal(("50.0%", "25.0%"), (Text(page, "whatif-reviewed"), Text(page, "whatif-rejected")));

        Input(page, "approve-nudity", "0.4");

        page.WaitForAssertion(() => Assert.Equal("50.0%", Text(page, "whatif-approved")));
        Assert.Equal(("25.0%", "25.0%"), (Text(page, "whatif-reviewed"), Text(page, "whatif-rejected")));

        Input(page, "reject-nudity", "0.5");

        page.WaitForAssertion(() => Assert.Equal("50.0%", Text(page, "whatif-rejected")));
        Assert.Equal("0.0%", Text(page, "whatif-reviewed"));
    }

    [Fact]
    public void InvalidThresholdsShowAMessageAndDisableSave()
    {
        var page = Render<PoliciesPage>();
        page.WaitForAssertion(() => Assert.Equal("25.0%", Text(page, "whatif-approved")), TimeSpan.FromSeconds(30));
        Assert.False(SaveButton(page).HasAttribute("disabled"));

        Input(page, "approve-nudity", "0.95");

        page.WaitForAssertion(() => Assert.Contains("must not exceed reject-at-or-above", page.Find("[data-testid='policy-problems']").TextContent, StringComparison.Ordinal));
        Assert.True(SaveButton(page).HasAttribute("disabled"));

        Input(page, "approve-nudity", "0.3");

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='policy-problems']")));
        Assert.False(SaveButton(page).HasAttribute("disabled"));
    }

    [Fact]
    public async Task SavingWritesANewAuditedVersionWithTheNote()
    {
        var page = Render<PoliciesPage>();
        page.WaitForAssertion(() => Assert.Equal("25.0%", Text(page, "whatif-approved")), TimeSpan.FromSeconds(30));
        Input(page, "approve-nudity", "0.4");
        page.Find("input[data-testid='policy-note'], [data-testid='policy-note'] input").Input("looser for launch");

        SaveButton(page).Click();

        page.WaitForAssertion(() => Assert.Contains("Current: v2 by admin@example.org", Text(page, "policy-current"), StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var current = await _database.QueryAsync(db => new PolicyStore(db, _database.Clock).CurrentAsync(Policy.DefaultName));
        Assert.Equal((0.4, 0.9, "looser for launch"), (current!.Rules.Single(r => r.Category == Categories.Nudity).ApproveBelow, current.Rules.Single(r => r.Category == Categories.Nudity).RejectAtOrAbove, current.Note));
        var audited = await _database.QueryAsync(db => db.AuditEvents.AsNoTracking().SingleAsync());
        Assert.Equal((AuditEventTypes.PolicyRevised, "admin@example.org"), (audited.Type, audited.ActorName));
        Assert.Contains("nudity.approveBelow 0.2 → 0.4", audited.Summary, StringComparison.Ordinal);
        Assert.Equal(2, page.FindAll("[data-testid='policy-version']").Count);
    }

    [Fact]
    public async Task ComparesTwoVersionsHighlightingWhatDiffersAndRollsBack()
    {
        var page = Render<PoliciesPage>();
        page.WaitForAssertion(() => Assert.Equal("25.0%", Text(page, "whatif-approved")), TimeSpan.FromSeconds(30));
        Input(page, "approve-nudity", "0.4");
        SaveButton(page).Click();
        page.WaitForAssertion(() => Assert.Contains("Current: v2", Text(page, "policy-current"), StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        // v1 (A) against v2 (B): only nudity's approve-below differs, highlighted in both columns.
        var differing = page.FindAll("[data-testid='policy-compare'] [data-testid='compare-diff']");
        Assert.Equal(["0.2", "0.4"], differing.Select(c => c.TextContent.Trim()));
        Assert.All(differing, c => Assert.Equal(Categories.Nudity, c.ParentElement!.FirstElementChild!.TextContent.Trim()));

        page.Find("button[data-testid='policy-rollback']").Click();

        page.WaitForAssertion(() => Assert.Contains("Current: v3", Text(page, "policy-current"), StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var current = await _database.QueryAsync(db => new PolicyStore(db, _database.Clock).CurrentAsync(Policy.DefaultName));
        Assert.Equal(DefaultPolicies.Default.Rules, current!.Rules);
        Assert.Equal(
            [AuditEventTypes.PolicyRevised, AuditEventTypes.PolicyRolledBack],
            await _database.QueryAsync(db => db.AuditEvents.AsNoTracking().OrderBy(e => e.Id).Select(e => e.Type).ToListAsync()));
    }

    private static string Text(IRenderedComponent<PoliciesPage> page, string id) => page.Find($"[data-testid='{id}']").TextContent.Trim();

    private static AngleSharp.Dom.IElement SaveButton(IRenderedComponent<PoliciesPage> page) => page.Find("button[data-testid='policy-save']");

    private static void Input(IRenderedComponent<PoliciesPage> page, string id, string value) =>
        page.Find($"input[data-testid='{id}'], [data-testid='{id}'] input").Input(value);
}
