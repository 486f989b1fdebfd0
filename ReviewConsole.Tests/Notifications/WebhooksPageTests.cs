using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using ReviewConsole.Components.Pages.Admin;
using ReviewConsole.Core.Notifications;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Sources;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Notifications;

/// <summary>The admin page over the real host's services and database (its dispatcher off, so nothing changes underneath).</summary>
public sealed class WebhooksPageTests : ComponentTestContext, IAsyncLifetime
{
    private readonly string _dataPath = RepositoryPaths.NewTempFolder("webhooks-page");
    private readonly WebhookHost _host;

    public WebhooksPageTests()
    {
        _host = new WebhookHost(_dataPath, dispatcherEnabled: false);
        SignInAs("admin@example.org", Roles.Admin);
        // The page resolves these in scopes of its own; they are built on the real host's database and keys.
        Services.AddScoped(_ => _host.Services.GetRequiredService<IDbContextFactory<ReviewDbContext>>().CreateDbContext());
        Services.AddScoped(sp => ActivatorUtilities.CreateInstance<SourceAdministration>(_host.Services, sp.GetRequiredService<ReviewDbContext>()));
        Services.AddScoped(_ => ActivatorUtilities.CreateInstance<WebhookAdministration>(_host.Services));
    }

    Task IAsyncLifetime.InitializeAsync() => Task.CompletedTask;

    async Task IAsyncLifetime.DisposeAsync()
    {
        // MudBlazor's services only dispose asynchronously; xunit's later synchronous Dispose is then a no-op.
        await base.DisposeAsync();
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(_dataPath, recursive: true);
        }
        catch (IOException)
        {
            // A moment's SQLite handle on a slow machine; temp folders are cleaned by the OS.
        }
    }

    [Fact]
    public async Task ListsAFailedDeliveryWithItsAttemptsAndRedeliversItOnClick()
    {
        var source = await _host.CreateSourceAsync();
        var delivery = Assert.Single(await _host.EnqueueAsync(await _host.UploadAsync(source, new Uri("http://127.0.0.1:9/hook"))))!;
        await GiveUpAsync(delivery.Id);

        var page = Render<Webhooks>();
        page.WaitForElement("[data-testid='webhook-delivery']", TimeSpan.FromSeconds(30));

        // The upload's own automatic decision may be listed too (the pipeline enqueues image.decided); it is not failed.
        var row = Assert.Single(page.FindAll("[data-testid='webhook-delivery']"), r => r.TextContent.Contains("Failed", StringComparison.Ordinal));
        Assert.Contains(source.Source, row.TextContent, StringComparison.Ordinal);
        Assert.Contains("Failed", row.TextContent, StringComparison.Ordinal);
        row.QuerySelectorAll("button")[0].Click();
        Assert.Contains("connection refused", page.Markup, StringComparison.Ordinal);

        page.Find("[data-testid='redeliver']").Click();

        page.WaitForAssertion(() => Assert.Empty(page.FindAll("[data-testid='redeliver']")), TimeSpan.FromSeconds(30));
        Assert.Equal(WebhookDeliveryState.Pending, (await _host.DeliveryAsync(delivery.Id)).State);
    }

    private async Task GiveUpAsync(Guid deliveryId)
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<ReviewDbContext>>().CreateDbContextAsync();
        var delivery = await db.WebhookDeliveries.SingleAsync(d => d.Id == deliveryId);
        var schedule = WebhookRetrySchedule.From(new WebhookOptions());
        delivery.RecordAttempt(WebhookAttemptResult.Failed("HttpRequestError.ConnectionError: connection refused", TimeSpan.FromMilliseconds(3)), delivery.CreatedAt + schedule.MaxAge, schedule, jitter: 0);
        await db.SaveChangesAsync();
    }
}
