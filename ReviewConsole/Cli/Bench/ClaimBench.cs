using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Sources;

namespace ReviewConsole.Cli.Bench;

/// <summary>
/// <c>bench claims</c>: claim-next latency with many moderators working one queue at once, on this
/// host's configured database. Each moderator claims, approves and claims again until the queue is
/// empty, through the same <see cref="ReviewWorkbench"/> the console uses. The seeded images, tasks
/// and events live in a queue of their own and are deleted afterwards.
/// </summary>
/// <remarks>
/// <c>--think-ms N</c> makes each moderator look at an item for a random 0.5N-1.5N ms before approving,
/// as people do; 0 (the default) is the stress case, where 50 moderators claim back to back and the
/// latency measured is mostly the wait for SQLite's one writer.
/// </remarks>
internal static class ClaimBench
{
    public static async Task<int> RunAsync(WebApplication app, CommandLine.VerbOptions options)
    {
        var count = int.Parse(options.Get("count") ?? "2000");
        var moderators = int.Parse(options.Get("moderators") ?? "50");
        var thinkMs = int.Parse(options.Get("think-ms") ?? "0");
        await app.PrepareDatabaseAsync();
        var contexts = app.Services.GetRequiredService<IDbContextFactory<ReviewDbContext>>();
        var workbench = app.Services.GetRequiredService<ReviewWorkbench>();
        var queue = $"bench-{Guid.NewGuid():N}"[..30];
        var sourceId = await SeedAsync(contexts, queue, count);
        try
        {
            var claims = new List<double>(count);
            var decisions = new List<double>(count);
            var failures = 0;
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(Enumerable.Range(0, moderators).Select(m => Task.Run(async () =>
            {
                var reviewer = new Reviewer($"bench-moderator-{m}");
                var random = new Random(m);
                if (thinkMs > 0)
                {
                    // People do not all start in the same millisecond.
                    await Task.Delay(random.Next(thinkMs));
                }

                while (true)
                {
                    var started = Stopwatch.GetTimestamp();
                    var claim = await workbench.ClaimNextAsync(queue, reviewer);
                    var claimMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    if (claim.Claim is null)
                    {
                        return;
                    }

                    if (thinkMs > 0)
                    {
                        await Task.Delay((thinkMs / 2) + random.Next(thinkMs + 1));
                    }

                    started = Stopwatch.GetTimestamp();
                    var decided = await workbench.ApproveAsync(claim.Claim.TaskId, reviewer);
                    var decideMs = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                    lock (claims)
                    {
                        claims.Add(claimMs);
                        decisions.Add(decideMs);
                    }

                    if (!decided.Succeeded)
                    {
                        Interlocked.Increment(ref failures);
                    }
                }
            })));
            var elapsed = clock.Elapsed;

            claims.Sort();
            decisions.Sort();
            await using var db = await contexts.CreateDbContextAsync();
            Console.WriteLine($"bench claims: {count} items, {moderators} concurrent moderators, think time {thinkMs} ms, {db.Database.ProviderName}, {Environment.ProcessorCount} cores");
            Console.WriteLine($"  claim+approve cycles/s: {claims.Count / elapsed.TotalSeconds:F0}");
            Console.WriteLine($"  claim-next ms: p50 {Percentile(claims, 0.50):F1}, p95 {Percentile(claims, 0.95):F1}, p99 {Percentile(claims, 0.99):F1}");
            Console.WriteLine($"  approve ms:    p50 {Percentile(decisions, 0.50):F1}, p95 {Percentile(decisions, 0.95):F1}, p99 {Percentile(decisions, 0.99):F1}");
            // QA sampling (Review:DoubleReviewRate, Review:GoldRate) adds second looks to the same queue, so
            // more decisions than seeded items is expected; what must hold is that none is left open.
            var open = await db.ReviewTasks.CountAsync(t => t.Queue == queue && t.State != ReviewTaskState.Decided);
            Console.WriteLine($"  decided: {claims.Count} (seeded {count}, the rest QA second looks), refused: {failures}, left open: {open}");
            return failures == 0 && open == 0 && claims.Count >= count ? 0 : 1;
        }
        finally
        {
            await using var db = await contexts.CreateDbContextAsync();
            await db.Images.Where(i => i.SourceId == sourceId).ExecuteDeleteAsync();
            await db.Sources.Where(s => s.Id == sourceId).ExecuteDeleteAsync();
        }
    }

    /// <summary>In-review images with their tasks, as the pipeline leaves them, spread over the score bands and an hour of arrivals.</summary>
    internal static async Task<Guid> SeedAsync(IDbContextFactory<ReviewDbContext> contexts, string queue, int count)
    {
        var now = DateTimeOffset.UtcNow;
        var source = Source.Create(queue, "bench", now);
        await using (var db = await contexts.CreateDbContextAsync())
        {
            db.Sources.Add(source);
            await db.SaveChangesAsync();
        }

        var random = new Random(42);
        for (var start = 0; start < count; start += 500)
        {
            await using var db = await contexts.CreateDbContextAsync();
            for (var i = start; i < Math.Min(count, start + 500); i++)
            {
                var sha256 = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
                var received = now.AddSeconds(-random.Next(3600));
                var score = 0.2 + random.NextDouble() * 0.7;
                var image = ImageSubmission.Receive(source.Id, sha256, new ImageHeader(ImageFormat.Jpeg, 640, 480, 1, 640 * 480), 50_000, new SubmissionFields(null, null, null, null), received);
                image.RecordScoring(
                    new ScoringRecord(new Dictionary<string, double> { [Categories.Nudity] = score }, null, null, queue, 1, new Dictionary<string, string>()),
                    new PolicyDecision(Outcome.Review, [new DecisionReason(Categories.Nudity, score, "review_band", "bench")], false),
                    received);
                db.Images.Add(image);
                ReviewIntake.Open(db, image, received);
            }

            await db.SaveChangesAsync();
        }

        return source.Id;
    }

    internal static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
