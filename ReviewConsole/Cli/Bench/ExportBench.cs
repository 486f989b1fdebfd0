using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core;
using ReviewConsole.Core.Exports;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Sources;
using ReviewConsole.Core.Storage;

namespace ReviewConsole.Cli.Bench;

/// <summary>
/// <c>bench export --images N</c>: a retraining export of N human-decided images (small distinct
/// blobs), each in a fresh SQLite data folder of its own, first at N/10 then at N. Prints images/s,
/// the peak working set sampled during the export and the bytes the GC allocated for it, so the two
/// runs show whether memory stays flat as N grows tenfold. The operator's database is not touched.
/// </summary>
internal static class ExportBench
{
    private const int BlobBytes = 1024;

    public static async Task<int> RunAsync(WebApplication app, CommandLine.VerbOptions options)
    {
        if (!int.TryParse(options.Get("images") ?? "100000", out var images) || images < 10)
        {
            return CommandLine.Fail("--images is a whole number of at least 10.");
        }

        var keep = options.Get("keep") is not null;
        Console.WriteLine($"bench export: {Environment.ProcessorCount} cores, {BlobBytes}-byte blobs, SQLite in a fresh data folder per run");
        foreach (var n in new[] { images / 10, images })
        {
            var folder = Path.Combine(Path.GetTempPath(), $"reviewconsole-bench-export-{Guid.NewGuid():N}");
            try
            {
                await RunOnceAsync(folder, n);
            }
            finally
            {
                if (!keep)
                {
                    Directory.Delete(folder, recursive: true);
                }
            }
        }

        return 0;
    }

    private static async Task RunOnceAsync(string folder, int count)
    {
        Directory.CreateDirectory(folder);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = folder, EnvironmentName = Environments.Production });
        builder.Configuration["Storage:DataPath"] = folder;
        builder.Configuration["Database:Provider"] = "Sqlite";
        builder.Configuration["ConnectionStrings:ReviewConsole"] = $"Data Source={Path.Combine(folder, "reviewconsole.db")};Cache=Private;Pooling=True";
        builder.Configuration["Logging:LogLevel:Default"] = "Warning";
        builder.AddReviewConsoleCore();
        using var host = builder.Build();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        }

        var seeding = Stopwatch.StartNew();
        await SeedAsync(host.Services, count);
        var seeded = seeding.Elapsed;

        var exporter = host.Services.GetRequiredService<RetrainingExporter>();
        var output = Path.Combine(folder, "export.zip");
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        var peak = baseline;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(20, CancellationToken.None);
            }
        });
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        ExportSummary summary;
        await using (var stream = new FileStream(output, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
        {
            summary = await exporter.WriteAsync(stream, new ExportFilter());
        }

        var elapsed = clock.Elapsed;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        await sampling.CancelAsync();
        await sampler;
        if (summary.Images != count)
        {
            throw new InvalidOperationException($"The export wrote {summary.Images} images of {count}.");
        }

        Console.WriteLine($"  N = {count}: seeded in {seeded.TotalSeconds:F1} s; export {elapsed.TotalSeconds:F1} s, {count / elapsed.TotalSeconds:F0} images/s, zip {new FileInfo(output).Length / 1_048_576.0:F1} MiB");
        Console.WriteLine($"    peak working set during export {peak / 1_048_576.0:F0} MiB (before {baseline / 1_048_576.0:F0} MiB), GC allocated {(allocated >= 0 ? $"{allocated / 1_048_576.0:F0} MiB ({allocated / count / 1024.0:F1} KiB per image)" : "not known (the runtime's allocation counter went backwards)")}");
    }

    /// <summary>
    /// Scored in-review images with their tasks through the domain (as the pipeline leaves them), then
    /// decided in bulk SQL: the workbench's claim-and-decide per image would make seeding the benchmark.
    /// Every fourth image is rejected with a label, the rest approved, by one of 20 moderators.
    /// </summary>
    private static async Task SeedAsync(IServiceProvider services, int count)
    {
        var contexts = services.GetRequiredService<IDbContextFactory<ReviewDbContext>>();
        var store = services.GetRequiredService<IImageStore>();
        var now = DateTimeOffset.UtcNow;
        var source = Source.Create("bench-export", "bench", now);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Sources.Add(source);
            await db.SaveChangesAsync();
        }

        var random = new Random(42);
        var blob = new byte[BlobBytes];
        for (var start = 0; start < count; start += 1000)
        {
            await using var db = await contexts.CreateDbContextAsync();
            for (var i = start; i < Math.Min(count, start + 1000); i++)
            {
                random.NextBytes(blob);
                BitConverter.TryWriteBytes(blob, i);
                var sha256 = ImageSubmission.HashOf(blob);
                await store.PutAsync(sha256, blob);
                var received = now.AddSeconds(-count + i);
                var nudity = random.NextDouble();
                var image = ImageSubmission.Receive(source.Id, sha256, new ImageHeader(ImageFormat.Png, 32, 32, 1, 1024), BlobBytes, new SubmissionFields(null, null, null, null), received);
                image.RecordScoring(
                    new ScoringRecord(
                        new Dictionary<string, double> { [Categories.Nudity] = nudity, [Categories.Suggestive] = random.NextDouble(), [Categories.Illustration] = random.NextDouble() },
                        null, null, Policy.DefaultName, 1, new Dictionary<string, string> { ["nsfw"] = "bench-1" }),
                    new PolicyDecision(Outcome.Review, [new DecisionReason(Categories.Nudity, nudity, "review_band", "bench")], false),
                    received);
                db.Images.Add(image);
                ReviewIntake.Open(db, image, received);
            }

            await db.SaveChangesAsync();
        }

        await using (var db = await contexts.CreateDbContextAsync())
        {
            await db.Database.ExecuteSqlRawAsync("""
                UPDATE Images SET Status = CASE WHEN rowid % 4 = 0 THEN 'Rejected' ELSE 'Approved' END, DecidedBy = 'Human', DecidedAt = ReceivedAt;
                INSERT INTO ReviewDecisions (ImageId, TaskId, ActorId, Kind, Queue, Status, LabelsJson, Note, AddToDisallowList, DisallowEntryId, RevertsDecisionId, CreatedAt)
                    SELECT i.Id, t.Id, 'bench-moderator-' || (i.rowid % 20), CASE i.Status WHEN 'Rejected' THEN 'Reject' ELSE 'Approve' END, t.Queue, i.Status,
                           CASE i.Status WHEN 'Rejected' THEN '["nudity"]' ELSE '[]' END, NULL, 0, NULL, NULL, i.ReceivedAt
                    FROM Images i JOIN ReviewTasks t ON t.ImageId = i.Id;
                UPDATE ReviewTasks SET State = 'Decided', DecidedAt = EnqueuedAt;
                """);
        }
    }
}
