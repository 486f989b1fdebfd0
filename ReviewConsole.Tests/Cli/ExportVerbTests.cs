using System.IO.Compression;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Sources;
using ReviewConsole.Core.Storage;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Cli;

/// <summary>The <c>export</c> verb, run as a separate process the way an operator runs it.</summary>
public sealed class ExportVerbTests
{
    [Fact]
    public async Task ExportWritesTheZipOfTheFilteredImagesAndPrintsOneLine()
    {
        var data = RepositoryPaths.NewTempFolder("cli");
        Assert.Equal(0, (await HostProcess.RunAsync(data, null, "migrate")).ExitCode);
        var (human, auto) = await SeedAsync(data);
        var output = Path.Combine(data, "out.zip");

        var all = await HostProcess.RunAsync(data, null, "export", "--out", output);
        var allLines = ManifestHashes(output);
        var filtered = await HostProcess.RunAsync(data, null, "export", "--out", output, "--human-only", "--category", "nudity", "--from", "2000-01-01", "--to", "2100-12-31");

        Assert.True(all.ExitCode == 0, all.StandardError);
        Assert.Equal(new[] { human, auto }.Order(StringComparer.Ordinal), allLines);
        Assert.True(filtered.ExitCode == 0, filtered.StandardError);
        var summary = Assert.Single(filtered.StandardOutput.Trim().Split('\n'));
        Assert.StartsWith("Exported 1 images (", summary, StringComparison.Ordinal);
        Assert.Contains(output, summary, StringComparison.Ordinal);
        Assert.Equal([human], ManifestHashes(output));
        using var zip = ZipFile.OpenRead(output);
        Assert.NotNull(zip.GetEntry($"images/nudity/{human}.png"));
        Assert.NotNull(zip.GetEntry("stats.json"));
        Assert.NotNull(zip.GetEntry("README.md"));
    }

    [Theory]
    [InlineData("--from", "2026-13-01", "--out", "x.zip")]
    [InlineData("--human-only")]
    [InlineData("--out", "x.zip", "--frobnicate")]
    [InlineData("--out", "x.zip", "--from", "2026-02-01", "--to", "2026-01-01")]
    [InlineData("--out", "no-such-folder/x.zip")]
    public async Task ExportFailsWithOneLineGivenBadArguments(params string[] args)
    {
        var data = RepositoryPaths.NewTempFolder("cli");

        var result = await HostProcess.RunAsync(data, null, ["export", .. args]);

        Assert.NotEqual(0, result.ExitCode);
        var line = Assert.Single(result.StandardError.Trim().Split('\n'));
        Assert.StartsWith("error: ", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(data, "x.zip")));
    }

    private static IReadOnlyList<string> ManifestHashes(string zipPath)
    {
        using var zip = ZipFile.OpenRead(zipPath);
        using var reader = new StreamReader(zip.GetEntry("manifest.jsonl")!.Open());
        return [.. reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("sha256").GetString()!)];
    }

    /// <summary>An image a moderator rejected as nudity and an auto-approved one, with their blobs in the data folder.</summary>
    private static async Task<(string Human, string Auto)> SeedAsync(string data)
    {
        var store = new FileSystemImageStore(new DataPaths(data));
        await using var db = new SqliteReviewDbContext(new DbContextOptionsBuilder<SqliteReviewDbContext>().UseSqlite($"Data Source={Path.Combine(data, "reviewconsole.db")};Pooling=False").Options);
        var now = DateTimeOffset.UtcNow;
        var source = Source.Create("cli-export", "protected", now);
        db.Sources.Add(source);
        var hashes = new List<string>();
        foreach (var outcome in new[] { Outcome.Review, Outcome.Approve })
        {
            var bytes = Guid.NewGuid().ToByteArray();
            var sha256 = ImageSubmission.HashOf(bytes);
            await store.PutAsync(sha256, bytes);
            var image = ImageSubmission.Receive(source.Id, sha256, new ImageHeader(ImageFormat.Png, 4, 4, 1, 16), bytes.Length, new SubmissionFields(null, null, null, null), now);
            image.RecordScoring(
                new ScoringRecord(new Dictionary<string, double> { [Categories.Nudity] = 0.5 }, null, null, Policy.DefaultName, 1, new Dictionary<string, string>()),
                new PolicyDecision(outcome, outcome == Outcome.Review ? [new DecisionReason(Categories.Nudity, 0.5, "review_band", "test")] : [], false),
                now);
            db.Images.Add(image);
            var task = ReviewIntake.Open(db, image, now);
            if (task is not null)
            {
                // What the workbench's reject leaves behind: the decided image and its event.
                image.DecideByHuman(ImageStatus.Rejected, now);
                db.ReviewDecisions.Add(ReviewDecision.Create(image.Id, task.Id, "cli-moderator", ReviewDecisionKind.Reject, task.Queue, ImageStatus.Rejected, ["nudity"], null, false, null, null, now));
            }

            hashes.Add(sha256);
        }

        await db.SaveChangesAsync();
        return (hashes[0], hashes[1]);
    }
}
