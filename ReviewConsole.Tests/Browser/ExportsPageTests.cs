using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Storage;
using ReviewConsole.Core.Users;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Browser;

[Collection(BrowserCollection.Name)]
public sealed class ExportsPageTests(BrowserFixture browser)
{
    [Fact]
    public async Task SupervisorBuildsAnExportAndDownloadsItButAModeratorIsRefusedPageAndFile()
    {
        var seeded = await SeedApprovedImagesAsync(3);
        var supervisor = await SignInAsync(Roles.Supervisor);
        await supervisor.GetByTestId("nav-exports").WaitForAsync();

        await supervisor.GotoAsync("/exports");
        await Assertions.Expect(supervisor.GetByTestId("export-build")).ToBeEnabledAsync();
        await supervisor.GetByTestId("export-build").ClickAsync();
        var link = supervisor.GetByTestId("export-download");
        await link.WaitForAsync();

        Assert.Equal("100", await supervisor.GetByTestId("export-done-progress").GetAttributeAsync("aria-valuenow"));
        var download = await supervisor.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        using (var zip = ZipFile.OpenRead((await download.PathAsync())!))
        {
            using var reader = new StreamReader(zip.GetEntry("manifest.jsonl")!.Open());
            var hashes = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sha256").GetString()).ToList();
            Assert.All(seeded, sha => Assert.Contains(sha, hashes));
            Assert.All(seeded, sha => Assert.NotNull(zip.GetEntry($"images/safe/{sha}.png")));
        }

        var href = (await link.GetAttributeAsync("href"))!;
        var asSupervisor = await supervisor.APIRequest.GetAsync(href, new() { MaxRedirects = 0 });
        Assert.Equal(200, asSupervisor.Status);
        Assert.Equal("application/zip", asSupervisor.Headers["content-type"]);

        var moderator = await SignInAsync(Roles.Moderator);
        Assert.Equal(0, await moderator.GetByTestId("nav-exports").CountAsync());
        var asModerator = await moderator.APIRequest.GetAsync(href, new() { MaxRedirects = 0 });
        Assert.Equal(403, asModerator.Status);
        await moderator.GotoAsync("/exports");
        await moderator.WaitForURLAsync("**/Account/AccessDenied**");
        Assert.Equal(0, await moderator.GetByTestId("export-build").CountAsync());

        await supervisor.Context.CloseAsync();
        await moderator.Context.CloseAsync();
    }

    private async Task<IPage> SignInAsync(string role)
    {
        var page = await browser.NewPageAsync();
        await page.GotoAsync("/Account/Login");
        await page.GetByTestId("login-email").FillAsync(BrowserFixture.EmailOf(role));
        await page.GetByTestId("login-password").FillAsync(BrowserFixture.Password);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.GetByTestId("signed-in-user").WaitForAsync();
        return page;
    }

    /// <summary>Auto-approved images with their blobs in the host's store, as the pipeline leaves them.</summary>
    private async Task<IReadOnlyList<string>> SeedApprovedImagesAsync(int count)
    {
        var source = await browser.Host.CreateSourceAsync();
        await using var scope = browser.Host.Services.CreateAsyncScope();
        var store = scope.ServiceProvider.GetRequiredService<IImageStore>();
        var db = scope.ServiceProvider.GetRequiredService<ReviewDbContext>();
        var hashes = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var bytes = Guid.NewGuid().ToByteArray();
            var sha256 = ImageSubmission.HashOf(bytes);
            await store.PutAsync(sha256, bytes);
            var now = DateTimeOffset.UtcNow;
            var image = ImageSubmission.Receive(source.SourceId, sha256, new ImageHeader(ImageFormat.Png, 4, 4, 1, 16), bytes.Length, new SubmissionFields(null, null, null, null), now);
            image.RecordScoring(
                new ScoringRecord(new Dictionary<string, double> { [Categories.Nudity] = 0.01 }, null, null, Policy.DefaultName, 1, new Dictionary<string, string>()),
                new PolicyDecision(Outcome.Approve, [], false),
                now);
            db.Images.Add(image);
            hashes.Add(sha256);
        }

        await db.SaveChangesAsync();
        return hashes;
    }
}
