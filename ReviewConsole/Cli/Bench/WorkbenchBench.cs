using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Sources;

namespace ReviewConsole.Cli.Bench;

/// <summary>
/// <c>bench workbench</c>: how fast the workbench moves on. Seeds a queue of in-review images (and as
/// many decided ones) with PDQ hashes, every tenth a near-duplicate of another, loads the near-duplicate
/// index from the database, then one moderator approves item after item and each step is timed from the
/// approve to the next item's details being ready (claim-next plus everything the page shows: scores,
/// history, decided near-duplicates, waiting group). Seeded rows are deleted afterwards.
/// </summary>
internal static class WorkbenchBench
{
    public static async Task<int> RunAsync(WebApplication app, CommandLine.VerbOptions options)
    {
        var count = int.Parse(options.Get("count") ?? "20000");
        var steps = int.Parse(options.Get("steps") ?? "300");
        await app.PrepareDatabaseAsync();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<ReviewDbContext>>();
        var workbench = app.Services.GetRequiredService<ReviewWorkbench>();
        var queue = $"bench-{Guid.NewGuid():N}"[..30];
        var sourceId = await SeedAsync(contexts, queue, count);
        try
        {
            // A fresh index, so the load measured is the one a starting host does over this database.
            var index = new NearDuplicates(contexts, app.Services.GetRequiredService<IOptions<NearDuplicateOptions>>(), TimeProvider.System);
            var loading = Stopwatch.StartNew();
            await index.LoadAsync();
            var loaded = loading.Elapsed;
            var items = new ReviewItems(contexts, index);

            var reviewer = new Reviewer("bench-moderator");
            var next = new List<double>(steps);
            var approve = new List<double>(steps);
            var claim = await workbench.ClaimNextAsync(queue, reviewer);
            var item = claim.Claim is null ? null : await items.LoadAsync(claim.Claim);
            while (item is not null && next.Count < steps)
            {
                var started = Stopwatch.GetTimestamp();
                var decided = await workbench.ApproveAsync(item.Claim.TaskId, reviewer);
                approve.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!decided.Succeeded)
                {
                    Console.Error.WriteLine($"bench workbench: approve refused: {decided.Message}");
                    return 1;
                }

                started = Stopwatch.GetTimestamp();
                claim = await workbench.ClaimNextAsync(queue, reviewer);
                item = claim.Claim is null ? null : await items.LoadAsync(claim.Claim);
                next.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            if (item is not null)
            {
                await workbench.ReleaseAsync(item.Claim.TaskId, reviewer);
            }

            next.Sort();
            approve.Sort();
            await using var db = await contexts.CreateDbContextAsync();
            Console.WriteLine($"bench workbench: {count} waiting + {count} decided images, {index.Count} hashes indexed, {db.Database.ProviderName}, {Environment.ProcessorCount} cores");
            Console.WriteLine($"  near-duplicate index load: {loaded.TotalMilliseconds:F0} ms");
            Console.WriteLine($"  approve ms:               p50 {Percentile(approve, 0.50):F1}, p95 {Percentile(approve, 0.95):F1}, p99 {Percentile(approve, 0.99):F1}");
            Console.WriteLine($"  next item ready ms:       p50 {Percentile(next, 0.50):F1}, p95 {Percentile(next, 0.95):F1}, p99 {Percentile(next, 0.99):F1} ({next.Count} steps)");
            return 0;
        }
        finally
        {
            await using var db = await contexts.CreateDbContextAsync();
            var images = db.Images.Where(i => i.SourceId == sourceId).Select(i => i.Id);
            await db.ReviewDecisions.Where(d => images.Contains(d.ImageId)).ExecuteDeleteAsync();
            await db.WebhookDeliveries.Where(d => images.Contains(d.ImageId)).ExecuteDeleteAsync();
            await db.Images.Where(i => i.SourceId == sourceId).ExecuteDeleteAsync();
            await db.Sources.Where(s => s.Id == sourceId).ExecuteDeleteAsync();
        }
    }

    /// <summary><paramref name="count"/> in-review images with tasks and as many auto-decided ones, random hashes with a near-duplicate every tenth.</summary>
    private static async Task<Guid> SeedAsync(IDbContextFactory<ReviewDbContext> contexts, string queue, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var source = Source.Create(queue, "bench", now);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Sources.Add(source);
            await db.SaveChangesAsync();
        }

        var random = new Random(42);
        var hash = new byte[32];
        var previous = new byte[32];
        for (var start = 0; start < 2 * count; start += 1000)
        {
            await using var db = await contexts.CreateDbContextAsync();
            for (var i = start; i < Math.Min(2 * count, start + 1000); i++)
            {
                if (i % 10 == 9)
                {
                    // A near-duplicate of the previous image: a handful of bits flipped.
                    previous.CopyTo(hash, 0);
                    for (var flip = 0; flip < 8; flip++)
                    {
                        hash[random.Next(32)] ^= (byte)(1 << random.Next(8));
                    }
                }
                else
                {
                    random.NextBytes(hash);
                }

                hash.CopyTo(previous, 0);
                var decided = i >= count;
                var sha256 = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
                var received = now.AddSeconds(-random.Next(3600));
                var score = 0.2 + random.NextDouble() * 0.7;
                var image = ImageSubmission.Receive(source.Id, sha256, new ImageHeader(ImageFormat.Jpeg, 640, 480, 1, 640 * 480), 50_000, new SubmissionFields(null, null, null, null), received);
                image.RecordScoring(
                    new ScoringRecord(new Dictionary<string, double> { [Categories.Nudity] = score }, Convert.ToHexStringLower(hash), 100, queue, 1, new Dictionary<string, string>()),
                    new PolicyDecision(decided ? Outcome.Reject : Outcome.Review, [new DecisionReason(Categories.Nudity, score, "review_band", "bench")], false),
                    received);
                db.Images.Add(image);
                ReviewIntake.Open(db, image, received);
            }

            await db.SaveChangesAsync();
        }

        return source.Id;
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
