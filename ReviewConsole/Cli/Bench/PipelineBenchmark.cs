using System.Diagnostics;
using System.Globalization;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Scoring.Pipeline;

namespace ReviewConsole.Cli.Bench;

/// <summary>
/// <c>bench pipeline</c>: the scoring pipeline end to end (decode, PDQ, nudity, lists, and text when
/// on, then the policy decision) in this process with the real models: throughput with concurrent
/// images, and single-image latency at low load, with text detection off and on.
/// </summary>
internal static class PipelineBenchmark
{
    public static async Task<int> RunAsync(WebApplication app, CommandLine.VerbOptions options)
    {
        var folder = options.Get("images") ?? Path.Combine(IngestBenchmark.FindRepositoryRoot(), "docs", "bench");
        var count = int.Parse(options.Get("count") ?? "400", CultureInfo.InvariantCulture);
        var concurrency = int.Parse(options.Get("concurrency") ?? "4", CultureInfo.InvariantCulture);
        var files = Directory.GetFiles(folder, "stages-*.jpg").Order(StringComparer.Ordinal).ToList();
        if (files.Count == 0)
        {
            return CommandLine.Fail($"No stages-*.jpg (1920x1080) images in {folder}.");
        }

        await app.PrepareDatabaseAsync();
        var images = files.Select(f => File.ReadAllBytes(f)).Select(b => (Bytes: b, Sha: ImageSubmission.HashOf(b))).ToList();
        var pipeline = app.Services.GetRequiredService<ScoringPipeline>();
        var models = app.Services.GetRequiredService<ScoringModels>();
        models.Get();

        Console.WriteLine($"bench pipeline: {images.Count} distinct 1920x1080 JPEGs from {folder}, {Environment.ProcessorCount} cores, concurrency {concurrency}");
        Console.WriteLine();
        Console.WriteLine("| text detection | images/s (concurrency " + concurrency + ") | p50 ms (one at a time) | p95 ms (one at a time) |");
        Console.WriteLine("|---|---:|---:|---:|");
        foreach (var text in new[] { false, true })
        {
            var (_, policy) = Policy.Create("bench", DefaultPolicies.Default with { TextDetection = text }, "bench", DateTimeOffset.UtcNow);
            async Task OneAsync(int i)
            {
                var (bytes, sha) = images[i % images.Count];
                var result = await pipeline.ScoreAsync(bytes, sha, policy, CancellationToken.None);
                PolicyEvaluator.Decide(policy.Rules, result.Scores, result.Matches, policy.AuditSampleRate, 0.5);
            }

            // Warm every stage and batch shape before measuring.
            await Task.WhenAll(Enumerable.Range(0, concurrency * 2).Select(OneAsync));
            var perSecond = await ThroughputAsync(OneAsync, text ? Math.Max(50, count / 4) : count, concurrency);
            var latencies = new List<double>();
            for (var i = 0; i < (text ? 30 : 60); i++)
            {
                var started = Stopwatch.GetTimestamp();
                await OneAsync(i);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            latencies.Sort();
            Console.WriteLine($"| {(text ? "on" : "off")} | {perSecond:F1} | {Percentile(latencies, 0.5):F1} | {Percentile(latencies, 0.95):F1} |");
        }

        return 0;
    }

    private static async Task<double> ThroughputAsync(Func<int, Task> one, int count, int concurrency)
    {
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await one(i);
            }
        }));
        return count / clock.Elapsed.TotalSeconds;
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];
}
