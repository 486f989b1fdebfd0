using System.Buffers.Binary;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using ReviewConsole.Core.Sources;

namespace ReviewConsole.Cli.Bench;

/// <summary>
/// <c>bench ingest</c>: accepted uploads per second over loopback HTTP against this very host, on its
/// configured database. Every upload has distinct bytes (a JPEG comment differs), so each one is
/// hashed, written as a new blob and recorded, as real traffic would be.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task<int> RunAsync(WebApplication app, CommandLine.VerbOptions options)
    {
        var imagePath = options.Get("image") ?? Path.Combine(FindRepositoryRoot(), "docs", "bench", "photo-200k.jpg");
        var count = int.Parse(options.Get("count") ?? "3000");
        var concurrency = int.Parse(options.Get("concurrency") ?? "8");
        var warmup = Math.Min(200, count / 10);
        var image = await File.ReadAllBytesAsync(imagePath);

        await app.PrepareDatabaseAsync();
        app.MapReviewConsole();
        app.Urls.Clear();
        app.Urls.Add("http://127.0.0.1:0");
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();

        SourceCredentials source;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            source = await scope.ServiceProvider.GetRequiredService<SourceAdministration>().CreateAsync($"bench-{Guid.NewGuid():N}", requestsPerMinute: 10_000_000);
        }

        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = new Uri(address) };
        client.DefaultRequestHeaders.Add("X-Api-Key", source.ApiKey);

        await RunBatchAsync(client, image, 0, warmup, concurrency);
        var (elapsed, latencies, failures) = await RunBatchAsync(client, image, warmup, count, concurrency);
        await app.StopAsync();

        latencies.Sort();
        Console.WriteLine($"bench ingest: {count} uploads of {image.Length / 1024} KB, concurrency {concurrency}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"  accepted/s: {(count - failures) / elapsed.TotalSeconds:F0}");
        Console.WriteLine($"  latency ms: p50 {Percentile(latencies, 0.50):F1}, p95 {Percentile(latencies, 0.95):F1}, p99 {Percentile(latencies, 0.99):F1}");
        Console.WriteLine($"  failures: {failures}");
        return failures == 0 ? 0 : 1;
    }

    private static async Task<(TimeSpan Elapsed, List<double> Latencies, int Failures)> RunBatchAsync(HttpClient client, byte[] image, int offset, int count, int concurrency)
    {
        var next = -1;
        var failures = 0;
        var latencies = new List<double>(count);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                using var content = new MultipartFormDataContent { { new ByteArrayContent(Distinct(image, offset + i)), "file", "photo.jpg" } };
                var started = Stopwatch.GetTimestamp();
                using var response = await client.PostAsync("api/v1/images", content);
                var ms = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
                lock (latencies)
                {
                    latencies.Add(ms);
                }

                if (response.StatusCode != HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref failures);
                }
            }
        });
        await Task.WhenAll(workers);
        return (clock.Elapsed, latencies, failures);
    }

    /// <summary>The JPEG with a COM segment holding <paramref name="n"/> inserted after SOI: new bytes, same picture.</summary>
    private static byte[] Distinct(byte[] jpeg, int n)
    {
        var result = new byte[jpeg.Length + 10];
        result[0] = 0xFF;
        result[1] = 0xD8;
        result[2] = 0xFF;
        result[3] = 0xFE;
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(4), 6);
        BinaryPrimitives.WriteInt32BigEndian(result.AsSpan(6), n);
        jpeg.AsSpan(2).CopyTo(result.AsSpan(10));
        return result;
    }

    private static double Percentile(List<double> sorted, double p) => sorted.Count == 0 ? 0 : sorted[(int)Math.Min(sorted.Count - 1, Math.Ceiling(p * sorted.Count) - 1)];

    internal static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "ReviewConsole.sln")))
            {
                return dir.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
