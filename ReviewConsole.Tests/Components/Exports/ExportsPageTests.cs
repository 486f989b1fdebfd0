using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using ReviewConsole.Components.Pages.Exports;
using ReviewConsole.Core.Exports;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Storage;
using ReviewConsole.Core.Users;
using ReviewConsole.Exports;
using ReviewConsole.Tests.Exports;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Components.Exports;

/// <summary>The page follows a running build: the progress bar moves with the images written, then the link appears.</summary>
public sealed class ExportsPageTests : ComponentTestContext, IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(0);
    private ExportTestData _data = default!;
    private ExportJobs _jobs = default!;

    public async Task InitializeAsync()
    {
        _data = await ExportTestData.CreateAsync();
        var exporter = new RetrainingExporter(
            _data.Database.Contexts,
            new GatedStore(_data.Store, _gate),
            new ModeratorPseudonyms(_data.Paths),
            _data.Paths,
            Microsoft.Extensions.Options.Options.Create(new ExportOptions()),
            _data.Database.Clock,
            NullLogger<RetrainingExporter>.Instance);
        _jobs = new ExportJobs(exporter, Microsoft.Extensions.Options.Options.Create(new ExportOptions()), _data.Database.Clock, new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance), NullLogger<ExportJobs>.Instance);
        Services.AddSingleton(_jobs);
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(new ExportOptions()));
    }

    public new async Task DisposeAsync()
    {
        _gate.Release(100);
        _jobs.Dispose();
        await _data.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task ShowsProgressWhileBuildingThenTheDownloadLink()
    {
        for (var i = 0; i < 3; i++)
        {
            await _data.AddImageAsync(Outcome.Approve);
        }

        SignInAs("supervisor@example.org", Roles.Supervisor);
        var page = Render<ExportsPage>();

        page.Find("[data-testid='export-build']").Click();
        _gate.Release();
        page.WaitForAssertion(() => Assert.Equal("Writing 1 of 3 images…", page.Find("[data-testid='export-progress-text']").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Contains("33", page.Find("[data-testid='export-progress']").GetAttribute("aria-valuenow"), StringComparison.Ordinal);
        _gate.Release(2);

        page.WaitForAssertion(() => Assert.StartsWith("exports/", page.Find("[data-testid='export-download']").GetAttribute("href"), StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        Assert.Contains("3 images", page.Find("[data-testid='export-done']").TextContent, StringComparison.Ordinal);
    }

    /// <summary>The real store, but each original is handed out only when the test lets one through.</summary>
    private sealed class GatedStore(IImageStore inner, SemaphoreSlim gate) : IImageStore
    {
        public Task<bool> PutAsync(string sha256, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default) => inner.PutAsync(sha256, bytes, cancellationToken);

        public Stream? OpenRead(string sha256)
        {
            gate.Wait(TimeSpan.FromSeconds(30));
            return inner.OpenRead(sha256);
        }

        public bool Exists(string sha256) => inner.Exists(sha256);
    }
}
