using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Scoring.Pdq;
using ReviewConsole.Tests.Review;

namespace ReviewConsole.Tests.Audit;

/// <summary>Policy and list changes are audited in their own save, the log cannot be rewritten, and the trail merges in review decisions.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private static readonly AuditActor Alice = new("user-alice", "alice@example.org");
    private static readonly AuditActor Bob = new("user-bob", "bob@example.org");
    private ReviewDatabase _database = null!;

    public async Task InitializeAsync() => _database = await ReviewDatabase.CreateAsync();

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task RecordsAPolicyRevisionWithItsActorAndWhatChanged()
    {
        await UseAsync(db => Policies(db, Bob).EnsureDefaultAsync());
        var settings = DefaultPolicies.Default with { Rules = [new CategoryRule(Categories.Nudity, 0.1, 0.9)], Note = "stricter" };

        var version = await UseAsync(db => Policies(db, Alice).ReviseAsync(Policy.DefaultName, settings, Alice.Name));

        var recorded = Assert.Single(await EventsAsync(AuditEventTypes.PolicyRevised));
        Assert.Equal((Alice.Id, Alice.Name, $"policy:{Policy.DefaultName}"), (recorded.ActorId, recorded.ActorName, recorded.Subject));
        Assert.Contains("nudity.approveBelow 0.2 → 0.1", recorded.Summary, StringComparison.Ordinal);
        Assert.Contains($"\"version\":{version.Version}", recorded.DataJson, StringComparison.Ordinal);
        Assert.Contains("\"note\":\"stricter\"", recorded.DataJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RollbackWritesANewVersionEqualToTheOldOneAndIsAudited()
    {
        await UseAsync(db => Policies(db, Alice).EnsureDefaultAsync());
        await UseAsync(db => Policies(db, Alice).ReviseAsync(Policy.DefaultName, DefaultPolicies.Default with { Rules = [new CategoryRule(Categories.Nudity, 0.05, 0.5)] }, Alice.Name));

        var rolledBack = await UseAsync(db => Policies(db, Bob).RollbackAsync(Policy.DefaultName, 1, Bob.Name));

        Assert.Equal(3, rolledBack!.Version);
        var current = await UseAsync(db => Policies(db, Bob).CurrentAsync(Policy.DefaultName));
        Assert.Equal(DefaultPolicies.Default.Rules, current!.Rules);
        Assert.Equal("Rollback to v1", current.Note);
        var recorded = Assert.Single(await EventsAsync(AuditEventTypes.PolicyRolledBack));
        Assert.Equal(Bob.Id, recorded.ActorId);
        Assert.Contains("rolled back to v1 as v3", recorded.Summary, StringComparison.Ordinal);
        Assert.Null(await UseAsync(db => Policies(db, Bob).RollbackAsync(Policy.DefaultName, 99, Bob.Name)));
    }

    [Fact]
    public async Task AnInvalidRevisionWritesNeitherVersionNorEvent()
    {
        await UseAsync(db => Policies(db, Alice).EnsureDefaultAsync());

        await Assert.ThrowsAsync<InvalidPolicyException>(() => UseAsync(db => Policies(db, Alice).ReviseAsync(
            Policy.DefaultName, DefaultPolicies.Default with { Rules = [new CategoryRule(Categories.Nudity, 0.9, 0.1)] }, Alice.Name)));

        Assert.Empty(await EventsAsync(AuditEventTypes.PolicyRevised));
        Assert.Equal(1, await _database.QueryAsync(db => db.PolicyVersions.CountAsync()));
    }

    [Fact]
    public async Task RecordsEveryListChangeWithItsActor()
    {
        const string Pdq = "1049d96239e24d4dca2c55512b8bdb77425f4dbcf575a0a95555aaab5554aaaa";
        await UseAsync(db => Lists(db, Alice).CreateAsync("partners", ListAction.Review, 20));
        await UseAsync(db => Lists(db, Alice).ConfigureAsync("partners", ListAction.Reject, 25, enabled: true));
        var entry = await UseAsync(db => Lists(db, Bob).AddEntryAsync("partners", null, PdqHash.Parse(Pdq), 90, null, Bob.Name));
        await UseAsync(db => Lists(db, Bob).RemoveEntryAsync("partners", entry.Id));
        await UseAsync(db => Lists(db, Alice).ImportAsync("partners", new StringReader($"{Pdq}\nnot a hash\n"), Alice.Name));

        var events = await EventsAsync();
        Assert.Equal(
            [
                (AuditEventTypes.ListCreated, Alice.Id),
                (AuditEventTypes.ListConfigured, Alice.Id),
                (AuditEventTypes.ListEntryAdded, Bob.Id),
                (AuditEventTypes.ListEntryRemoved, Bob.Id),
                (AuditEventTypes.ListImported, Alice.Id),
            ],
            events.Select(e => (e.Type, e.ActorId)));
        Assert.All(events, e => Assert.Equal("list:partners", e.Subject));
        Assert.Contains("1 added, 0 duplicates, 1 invalid", events[^1].Summary, StringComparison.Ordinal);
        Assert.Contains("\"before\":{\"action\":\"Review\",\"pdqThreshold\":20,\"enabled\":true}", events[1].DataJson, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RefusesToModifyARecordedEventAndSavesNothingOfThatUnitOfWork()
    {
        await UseAsync(db => Policies(db, Alice).EnsureDefaultAsync());
        await UseAsync(db => Lists(db, Alice).CreateAsync("partners", ListAction.Review, 20));

        await using (var db = _database.Contexts.CreateDbContext())
        {
            var recorded = await db.AuditEvents.SingleAsync();
            db.Entry(recorded).Property(e => e.Summary).CurrentValue = "nothing happened";
            db.Entry(recorded).Property(e => e.ActorId).CurrentValue = "someone-else";
            (await db.DisallowLists.SingleAsync()).Configure(ListAction.Reject, 1, enabled: false);

            var refused = await Assert.ThrowsAsync<AuditEventImmutableException>(() => db.SaveChangesAsync());
            Assert.Contains("append-only", refused.Message, StringComparison.Ordinal);
            Assert.Throws<AuditEventImmutableException>(() => db.SaveChanges());
        }

        var stored = Assert.Single(await EventsAsync());
        Assert.Equal((Alice.Id, "Created list 'partners' (Review, PDQ threshold 20)."), (stored.ActorId, stored.Summary));
        var list = await _database.QueryAsync(db => db.DisallowLists.AsNoTracking().SingleAsync());
        Assert.Equal((ListAction.Review, 20, true), (list.Action, list.PdqThreshold, list.Enabled));
    }

    [Fact]
    public async Task RefusesToDeleteARecordedEvent()
    {
        await UseAsync(db => Lists(db, Alice).CreateAsync("partners", ListAction.Review, 20));

        await using (var db = _database.Contexts.CreateDbContext())
        {
            db.AuditEvents.Remove(await db.AuditEvents.SingleAsync());
            await Assert.ThrowsAsync<AuditEventImmutableException>(() => db.SaveChangesAsync());
        }

        await using (var db = _database.Contexts.CreateDbContext())
        {
            // Attached without a read, as a caller holding a copy would.
            var stored = await db.AuditEvents.AsNoTracking().SingleAsync();
            db.AuditEvents.Attach(stored).State = EntityState.Deleted;
            await Assert.ThrowsAsync<AuditEventImmutableException>(() => db.SaveChangesAsync());
        }

        Assert.Single(await EventsAsync());
    }

    [Fact]
    public async Task MergesReviewDecisionsIntoTheTrailNewestFirst()
    {
        await UseAsync(db => Lists(db, Alice).CreateAsync("first", ListAction.Review, 20));
        _database.Clock.Advance(TimeSpan.FromSeconds(5));
        var image = await _database.AddImageAsync();
        var moderator = new Reviewer("moderator-7");
        var claim = await _database.ClaimAsync(moderator);
        Assert.True((await _database.Workbench.ApproveAsync(claim.TaskId, moderator, new DecisionInput(Note: "fine"))).Succeeded);
        _database.Clock.Advance(TimeSpan.FromSeconds(5));
        await UseAsync(db => Lists(db, Bob).CreateAsync("second", ListAction.Review, 20));

        var page = await LogAsync(log => log.PageAsync(new AuditFilter(), 0, 10));

        Assert.Equal(3, page.Total);
        Assert.Equal([AuditEventTypes.ListCreated, "review.approve", AuditEventTypes.ListCreated], page.Entries.Select(e => e.Type));
        var decision = page.Entries[1];
        Assert.Equal(("moderator-7", $"image:{image.Id}"), (decision.ActorId, decision.Subject));
        Assert.Contains("Approved image", decision.Summary, StringComparison.Ordinal);
        Assert.Contains(": fine", decision.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FiltersByActorTypeAndTimeAndPagesOnTheServer()
    {
        var start = _database.Clock.GetUtcNow();
        for (var i = 0; i < 5; i++)
        {
            await UseAsync(db => Lists(db, i % 2 == 0 ? Alice : Bob).CreateAsync($"list-{i}", ListAction.Review, 20));
            _database.Clock.Advance(TimeSpan.FromHours(1));
        }

        await _database.AddImageAsync();
        var moderator = new Reviewer("moderator-7");
        var claim = await _database.ClaimAsync(moderator);
        await _database.Workbench.RejectAsync(claim.TaskId, moderator, new DecisionInput(AddToDisallowList: false));

        var byAlice = await LogAsync(log => log.PageAsync(new AuditFilter(Actor: "alice@"), 0, 10));
        Assert.Equal(["list-4", "list-2", "list-0"], byAlice.Entries.Select(e => e.Subject["list:".Length..]));
        var byModerator = await LogAsync(log => log.PageAsync(new AuditFilter(Actor: "moderator-7"), 0, 10));
        Assert.Equal(["review.reject"], byModerator.Entries.Select(e => e.Type));
        var rejects = await LogAsync(log => log.PageAsync(new AuditFilter(Type: "review.reject"), 0, 10));
        Assert.Equal(1, rejects.Total);
        Assert.Equal(0, (await LogAsync(log => log.PageAsync(new AuditFilter(Type: AuditEventTypes.PolicyRevised), 0, 10))).Total);
        var window = await LogAsync(log => log.PageAsync(new AuditFilter(From: start.AddMinutes(30), To: start.AddHours(2).AddMinutes(30)), 0, 10));
        Assert.Equal(["list-2", "list-1"], window.Entries.Select(e => e.Subject["list:".Length..]));

        var second = await LogAsync(log => log.PageAsync(new AuditFilter(), 2, 2));
        Assert.Equal(6, second.Total);
        Assert.Equal(["list:list-3", "list:list-2"], second.Entries.Select(e => e.Subject));
    }

    [Fact]
    public async Task WritesTheFilteredRowsAsCsvWithFormulasDefused()
    {
        await UseAsync(db => Lists(db, new AuditActor("evil", "=cmd|' /C calc'!A0"), ListAction.Review));
        await UseAsync(db => Lists(db, Alice).CreateAsync("b", ListAction.Review, 20));

        var csv = new StringWriter();
        var rows = await LogAsync(log => log.WriteCsvAsync(new AuditFilter(Actor: "evil"), csv));

        Assert.Equal(1, rows);
        var lines = csv.ToString().TrimEnd('\n').Split('\n');
        Assert.Equal("at,actor_id,actor,type,subject,summary,data", lines[0]);
        Assert.Contains(",'=cmd|' /C calc'!A0,list.created,list:a,", lines[1], StringComparison.Ordinal);
    }

    private Task<DisallowList> Lists(ReviewDbContext db, AuditActor actor, ListAction action) =>
        Lists(db, actor).CreateAsync("a", action, 20);

    private DisallowLists Lists(ReviewDbContext db, AuditActor actor) =>
        new(db, _database.ListIndex, _database.Clock, new AuditActorContext { Actor = actor });

    private PolicyStore Policies(ReviewDbContext db, AuditActor actor) =>
        new(db, _database.Clock, new AuditActorContext { Actor = actor });

    private async Task<T> UseAsync<T>(Func<ReviewDbContext, Task<T>> action)
    {
        await using var db = _database.Contexts.CreateDbContext();
        return await action(db);
    }

    private async Task UseAsync(Func<ReviewDbContext, Task> action)
    {
        await using var db = _database.Contexts.CreateDbContext();
        await action(db);
    }

    private async Task<T> LogAsync<T>(Func<AuditLog, Task<T>> read)
    {
        await using var db = _database.Contexts.CreateDbContext();
        return await read(new AuditLog(db));
    }

    private Task<List<AuditEvent>> EventsAsync(string? type = null) =>
        _database.QueryAsync(db => db.AuditEvents.AsNoTracking().Where(e => type == null || e.Type == type).OrderBy(e => e.Id).ToListAsync());
}
