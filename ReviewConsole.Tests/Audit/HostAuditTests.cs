using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Sources;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.Lists;
using ReviewConsole.Tests.Scoring.Pipeline;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Audit;

/// <summary>Source, key and user changes on the real host are audited with their actor; policy revisions reach new uploads at once.</summary>
[Collection(WebCollection.Name)]
public sealed class HostAuditTests(ReviewConsoleFactory factory)
{
    private static readonly AuditActor Admin = new("admin-id-1", "admin@example.org");

    [Fact]
    public async Task RecordsSourceCreationKeyIssueRevokeAndSecretRotationWithoutTheSecrets()
    {
        var name = $"audited-{Guid.NewGuid():N}";
        SourceCredentials created;
        string rotated;
        await using (var scope = AuditedScope())
        {
            var sources = scope.ServiceProvider.GetRequiredService<SourceAdministration>();
            created = await sources.CreateAsync(name);
            await sources.IssueKeyAsync(created.SourceId);
            var firstKey = (await sources.FindByNameAsync(name))!.Keys.OrderBy(k => k.CreatedAt).First();
            Assert.True(await sources.RevokeKeyAsync(created.SourceId, firstKey.Id));
            rotated = await sources.RotateWebhookSecretAsync(created.SourceId);
        }

        var events = await EventsAsync($"source:{name}");
        Assert.Equal(
            [AuditEventTypes.SourceCreated, AuditEventTypes.SourceKeyIssued, AuditEventTypes.SourceKeyRevoked, AuditEventTypes.SourceSecretRotated],
            events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal((Admin.Id, Admin.Name), (e.ActorId, e.ActorName)));
        foreach (var secret in new[] { created.ApiKey, created.WebhookSecret, rotated })
        {
            Assert.All(events, e => Assert.DoesNotContain(secret, e.DataJson + e.Summary, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task RecordsUserCreationRoleChangeAndPasswordResetWithTheirActor()
    {
        var email = $"user-{Guid.NewGuid():N}@example.org";
        await using (var scope = AuditedScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            Assert.True((await users.AddOrUpdateAsync(email, "a-long-passphrase-1", Roles.Moderator, resetExisting: false)).Succeeded);
            Assert.True((await users.AddOrUpdateAsync(email, "a-long-passphrase-2", Roles.Supervisor, resetExisting: true)).Succeeded);
            Assert.False((await users.AddOrUpdateAsync(email, "short", Roles.Admin, resetExisting: true)).Succeeded);
        }

        var events = await EventsAsync($"user:{email}");
        Assert.Equal([AuditEventTypes.UserCreated, AuditEventTypes.UserPasswordReset, AuditEventTypes.UserRolesChanged], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal(Admin.Id, e.ActorId));
        Assert.Equal($"Roles of {email}: Moderator → Supervisor.", events[2].Summary);
        Assert.All(events, e => Assert.DoesNotContain("a-long-passphrase", e.DataJson, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RecordsARoleChangeALockAndAnUnlockWithTheirActor()
    {
        var email = $"user-{Guid.NewGuid():N}@example.org";
        await factory.CreateUserAsync(email, "a-long-passphrase-1", Roles.Moderator);
        string userId;
        await using (var scope = AuditedScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserAdministration>();
            userId = (await users.ListAsync()).Single(u => u.Email == email).Id;
            Assert.True((await users.SetRoleAsync(userId, "supervisor")).Succeeded);
            Assert.True((await users.SetRoleAsync(userId, Roles.Supervisor)).Succeeded);
            Assert.True((await users.SetLockedAsync(userId, locked: true)).Succeeded);
            Assert.True((await users.ListAsync()).Single(u => u.Id == userId).IsLockedOut);
            Assert.False((await users.SetRoleAsync(userId, "Owner")).Succeeded);
            Assert.True((await users.SetLockedAsync(userId, locked: false)).Succeeded);
            Assert.False((await users.ListAsync()).Single(u => u.Id == userId).IsLockedOut);
        }

        // The unchanged second role assignment and the refused one record nothing.
        var events = (await EventsAsync($"user:{email}")).Where(e => e.ActorId == Admin.Id).ToList();
        Assert.Equal([AuditEventTypes.UserRolesChanged, AuditEventTypes.UserLocked, AuditEventTypes.UserUnlocked], events.Select(e => e.Type));
        Assert.Equal($"Roles of {email}: Moderator → Supervisor.", events[0].Summary);
    }

    [Fact]
    public async Task AnEntryAddedAndRemovedThroughTheApiIsAuditedAsTheKeysSource()
    {
        var list = await factory.CreateListAsync();
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);

        using var added = await client.PostAsJsonAsync($"api/v1/lists/{list}/entries", new { sha256 = new string('a', 64) });
        var entryId = (await added.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt64();
        using var removed = await client.DeleteAsync($"api/v1/lists/{list}/entries/{entryId}");

        Assert.True(removed.IsSuccessStatusCode);
        var events = (await EventsAsync($"list:{list}")).Where(e => e.Type is AuditEventTypes.ListEntryAdded or AuditEventTypes.ListEntryRemoved).ToList();
        Assert.Equal([AuditEventTypes.ListEntryAdded, AuditEventTypes.ListEntryRemoved], events.Select(e => e.Type));
        Assert.All(events, e => Assert.Equal((source.SourceId.ToString(), source.Source), (e.ActorId, e.ActorName)));
    }

    [Fact]
    public async Task ANewUploadIsScoredUnderTheVersionSavedJustBefore()
    {
        var policy = $"fresh-{Guid.NewGuid():N}";
        var bytes = File.ReadAllBytes(RepositoryPaths.TestData("pdq/bridge-1-original.jpg"));
        var source = await factory.CreateSourceAsync();
        using var client = factory.CreateApiClient(source.ApiKey);
        await using (var scope = AuditedScope())
        {
            await scope.ServiceProvider.GetRequiredService<PolicyStore>().ReviseAsync(
                policy, new PolicySettings([new CategoryRule(Categories.Nudity, ApproveBelow: 1, RejectAtOrAbove: null)], 0, TextDetection: false), Admin.Name);
        }

        var first = await UploadAsync(client, bytes, policy);
        await using (var scope = AuditedScope())
        {
            await scope.ServiceProvider.GetRequiredService<PolicyStore>().ReviseAsync(
                policy, new PolicySettings([new CategoryRule(Categories.Nudity, ApproveBelow: 0, RejectAtOrAbove: null)], 0, TextDetection: false), Admin.Name);
        }

        var second = await UploadAsync(client, bytes, policy);

        Assert.Equal(("approved", 1), (first.GetProperty("status").GetString(), first.GetProperty("policyVersion").GetInt32()));
        Assert.Equal(("in_review", 2), (second.GetProperty("status").GetString(), second.GetProperty("policyVersion").GetInt32()));
        Assert.Equal(policy, second.GetProperty("policy").GetString());
    }

    private static async Task<JsonElement> UploadAsync(HttpClient client, byte[] bytes, string policy)
    {
        using var response = await client.PostAsync("api/v1/images?wait=30", ScoringEndToEndTests.Upload(bytes, ("policy", policy)));
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private AsyncServiceScope AuditedScope()
    {
        _ = factory.BaseAddress; // starts the host (migrated database, roles) before its services are used
        var scope = factory.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<AuditActorContext>().Actor = Admin;
        return scope;
    }

    private Task<List<AuditEvent>> EventsAsync(string subject) =>
        factory.QueryAsync(db => db.AuditEvents.AsNoTracking().Where(e => e.Subject == subject).OrderBy(e => e.Id).ToListAsync());
}
