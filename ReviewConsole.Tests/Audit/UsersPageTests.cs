using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Components.Pages.Admin;
using ReviewConsole.Core.Audit;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Audit;

/// <summary>The Users page on the real host's services: locking a user and changing a role are audited as the signed-in admin.</summary>
[Collection(WebCollection.Name)]
public sealed class UsersPageTests : ComponentTestContext, IAsyncLifetime
{
    private readonly ReviewConsoleFactory _factory;

    public UsersPageTests(ReviewConsoleFactory factory)
    {
        _factory = factory;
        SignInAs("page-admin@example.org", Roles.Admin);
        Services.AddScoped<AuditActorContext>();

        // The page's scope holds the actor; the host's scope (Identity, the database) gets it passed on.
        Services.AddScoped(sp =>
        {
            var host = factory.Services.CreateScope().ServiceProvider;
            host.GetRequiredService<AuditActorContext>().Actor = sp.GetRequiredService<AuditActorContext>().Actor;
            return host.GetRequiredService<UserAdministration>();
        });
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services only dispose asynchronously; xunit's later synchronous Dispose is then a no-op.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public async Task LockingAUserShowsItLockedAndRecordsWhoDidIt()
    {
        var email = $"page-{Guid.NewGuid():N}@example.org";
        await _factory.CreateUserAsync(email, "a-long-passphrase-1", Roles.Moderator);
        var page = Render<Users>();
        page.WaitForAssertion(() => Assert.Contains(page.FindAll("[data-testid='user-row']"), r => r.TextContent.Contains(email, StringComparison.Ordinal)), TimeSpan.FromSeconds(30));

        Row(page, email).QuerySelector("button[data-testid='user-lock']")!.Click();

        page.WaitForAssertion(() => Assert.Contains("locked out", Row(page, email).TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("Unlock", Row(page, email).QuerySelector("button[data-testid='user-lock']")!.TextContent, StringComparison.Ordinal);
        var locked = await _factory.QueryAsync(db => db.AuditEvents.AsNoTracking().SingleAsync(e => e.Subject == $"user:{email}" && e.Type == AuditEventTypes.UserLocked));
        Assert.Equal(("page-admin@example.org", "page-admin@example.org"), (locked.ActorId, locked.ActorName));
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<Users> page, string email) =>
        page.FindAll("[data-testid='user-row']").Single(r => r.TextContent.Contains(email, StringComparison.Ordinal));
}
