using Bunit;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Components.Pages.Admin;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.Review;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Audit;

/// <summary>The audit page over a real SQLite file: newest first, and its filters narrow the rows the server returns.</summary>
public sealed class AuditPageTests : ComponentTestContext, IAsyncLifetime
{
    private ReviewDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await ReviewDatabase.CreateAsync();
        SignInAs("supervisor@example.org", Roles.Supervisor);
        Services.AddScoped(_ => _database.Contexts.CreateDbContext());
        Services.AddScoped<AuditLog>();
        var actors = new[] { new AuditActor("u-alice", "alice@example.org"), new AuditActor("u-bob", "bob@example.org") };
        for (var i = 0; i < 3; i++)
        {
            await using var db = _database.Contexts.CreateDbContext();
            await new DisallowLists(db, _database.ListIndex, _database.Clock, new AuditActorContext { Actor = actors[i % 2] }).CreateAsync($"list-{i}", ListAction.Review, 20);
            _database.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        await using (var db = _database.Contexts.CreateDbContext())
        {
            await new DisallowLists(db, _database.ListIndex, _database.Clock, new AuditActorContext { Actor = actors[1] }).ConfigureAsync("list-0", ListAction.Reject, 10, enabled: true);
        }
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _database.DisposeAsync();
    }

    [Fact]
    public void ListsEveryEntryNewestFirst()
    {
        var page = Render<AuditPage>();

        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid='audit-type-cell']").Count), TimeSpan.FromSeconds(30));
        Assert.Equal(
            [AuditEventTypes.ListConfigured, AuditEventTypes.ListCreated, AuditEventTypes.ListCreated, AuditEventTypes.ListCreated],
            page.FindAll("[data-testid='audit-type-cell']").Select(c => c.TextContent.Trim()));
        Assert.Equal("bob@example.org", page.FindAll("[data-testid='audit-actor-cell']")[0].TextContent.Trim());
    }

    [Fact]
    public void FilteringByActorShowsOnlyThatActorsEntriesAndNarrowsTheDownload()
    {
        var page = Render<AuditPage>();
        page.WaitForAssertion(() => Assert.Equal(4, page.FindAll("[data-testid='audit-type-cell']").Count), TimeSpan.FromSeconds(30));

        page.Find("input[data-testid='audit-actor'], [data-testid='audit-actor'] input").Change("alice");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid='audit-actor-cell']").Count));
        Assert.All(page.FindAll("[data-testid='audit-actor-cell']"), c => Assert.Equal("alice@example.org", c.TextContent.Trim()));
        Assert.Equal("audit/export.csv?actor=alice", page.Find("[data-testid='audit-csv']").GetAttribute("href"));

        page.Find("input[data-testid='audit-actor'], [data-testid='audit-actor'] input").Change("nobody");

        page.WaitForAssertion(() => Assert.NotNull(page.Find("[data-testid='audit-empty']")));
    }
}
