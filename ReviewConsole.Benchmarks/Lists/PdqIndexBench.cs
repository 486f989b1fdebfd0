using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using ReviewConsole.Core.Lists.Matching;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Benchmarks.Lists;

/// <summary>
/// The <c>pdq-index</c> bench command: builds the multi-index hashing index and the brute-force
/// index over random hashes with planted near-duplicates, times lookups on both in the same run,
/// checks the index finds exactly what brute force finds, and prints a Markdown table.
/// </summary>
/// <remarks>
/// A hand-rolled command rather than BenchmarkDotNet because at 10M hashes BenchmarkDotNet's
/// separate processes would rebuild gigabytes of index per job, and what matters here is the
/// latency distribution (p50/p99) over many distinct queries, not the mean of one repeated call.
/// </remarks>
public static class PdqIndexBench
{
    private const int PlantedBases = 100;
    private const int MaxPlantedFlips = 40;

    // The machine is shared, so a single timing can include a slice stolen by another process.
    // Each query is timed this many times: the per-query best is the index's own cost, and the
    // raw samples (all repeats) show what a caller on this machine would see.
    private const int Repeats = 5;

    /// <summary>Runs the bench; arguments: <c>[--sizes 100000,1000000,10000000] [--queries 2000] [--threshold 31] [--seed 1]</c>.</summary>
    public static int Run(string[] args)
    {
        int[] sizes = [100_000, 1_000_000, 10_000_000];
        int queries = 2_000;
        int threshold = 31;
        int seed = 1;
        for (int i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--sizes":
                    sizes = [.. args[i + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
                    break;
                case "--queries":
                    queries = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--threshold":
                    threshold = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                case "--seed":
                    seed = int.Parse(args[i + 1], CultureInfo.InvariantCulture);
                    break;
                default:
                    Console.Error.WriteLine($"unknown option {args[i]}");
                    return 2;
            }
        }

        var rows = new List<string>();
        bool allExact = true;
        foreach (int size in sizes)
        {
            allExact &= RunSize(size, queries, threshold, seed, rows);
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
        }

        Console.WriteLine();
        Console.WriteLine($"PDQ index lookups, threshold {threshold}, {Environment.ProcessorCount} cores, {CpuName()}, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, AVX2 {System.Runtime.Intrinsics.X86.Avx2.IsSupported}");
        Console.WriteLine();
        Console.WriteLine($"Latencies in ms; \"best\" = per-query minimum of {Repeats} timings, \"raw\" = all {Repeats} timings of every query.");
        Console.WriteLine();
        Console.WriteLine("| hashes | index | build wall / CPU (s) | bytes/hash (arrays) | bytes/hash (GC delta) | queries | p50 best | p99 best | mean best | p50 raw | p99 raw | matches checked | recall / precision vs brute force |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (string row in rows)
        {
            Console.WriteLine(row);
        }

        return allExact ? 0 : 1;
    }

    private static bool RunSize(int size, int queryCount, int threshold, int seed, List<string> rows)
    {
        var random = new Random(seed + size);
        (PdqEntry[] entries, PdqHash[] bases) = Generate(size, random);
        PdqHash[] queries = MakeQueries(queryCount, bases, random);
        Log($"{size:N0}: generated {entries.Length:N0} entries and {queries.Length:N0} queries");

        long before = SettledMemory();
        var watch = Stopwatch.StartNew();
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var index = PdqIndex.Build(entries);
        double mihBuild = watch.Elapsed.TotalSeconds;
        double mihBuildCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        long mihGcBytes = SettledMemory() - before;
        Log($"{size:N0}: index built in {mihBuild:F2} s, {index.ApproximateBytes / (double)size:F1} B/hash");

        before = SettledMemory();
        watch.Restart();
        cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var bruteForce = BruteForceIndex.Build(entries);
        double bruteBuild = watch.Elapsed.TotalSeconds;
        double bruteBuildCpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        long bruteGcBytes = SettledMemory() - before;
        entries = [];
        Log($"{size:N0}: brute force built in {bruteBuild:F2} s");

        // Brute force costs O(n) per query, so the largest sizes time it on a prefix of the
        // same queries; every query timed on both is also checked for identical results.
        int bruteQueries = Math.Min(queries.Length, Math.Max(100, (int)(500_000_000L / size)));
        Warm(index, queries, threshold);
        Warm(bruteForce, queries.AsSpan(0, Math.Min(20, queries.Length)).ToArray(), threshold);

        (double[] mihTimes, double[] mihRaw, List<PdqMatch>[] mihResults) = Time(index, queries, threshold);
        (double[] bruteTimes, double[] bruteRaw, List<PdqMatch>[] bruteResults) = Time(bruteForce, queries.AsSpan(0, bruteQueries).ToArray(), threshold);

        long truePositives = 0;
        long expected = 0;
        long reported = 0;
        for (int q = 0; q < bruteQueries; q++)
        {
            var truth = new HashSet<PdqMatch>(bruteResults[q]);
            expected += truth.Count;
            reported += mihResults[q].Count;
            truePositives += mihResults[q].Count(truth.Contains);
        }

        // Independent of brute force: each base must find its own 32 planted neighbours at 0..31.
        int plantedMissing = 0;
        int within = Math.Min(threshold, MaxPlantedFlips);
        foreach (PdqHash baseHash in bases)
        {
            int found = index.Query(baseHash, threshold).Count(m => m.Distance <= within);
            plantedMissing += Math.Max(0, within + 1 - found);
        }

        bool exact = truePositives == expected && reported == expected && plantedMissing == 0;
        string recall = $"{Percent(truePositives, expected)} / {Percent(truePositives, reported)}{(plantedMissing == 0 ? string.Empty : $", {plantedMissing} planted missed")}";
        rows.Add(Row(size, "multi-index (PdqIndex)", mihBuild, mihBuildCpu, index.ApproximateBytes, mihGcBytes, mihTimes, mihRaw, expected, recall));
        rows.Add(Row(size, "brute force", bruteBuild, bruteBuildCpu, -1, bruteGcBytes, bruteTimes, bruteRaw, expected, "reference"));
        Log($"{size:N0}: p99 {Percentile(mihTimes, 0.99):F3} ms vs {Percentile(bruteTimes, 0.99):F3} ms, exact {exact}");
        GC.KeepAlive(index);
        GC.KeepAlive(bruteForce);
        return exact;
    }

    private static (PdqEntry[] Entries, PdqHash[] Bases) Generate(int size, Random random)
    {
        var entries = new PdqEntry[size];
        var bases = new PdqHash[PlantedBases];
        int next = 0;
        for (int b = 0; b < PlantedBases; b++)
        {
            bases[b] = RandomHash(random);
            for (int flips = 0; flips <= MaxPlantedFlips && next < size; flips++)
            {
                entries[next] = new PdqEntry(FlipBits(bases[b], flips, random), next);
                next++;
            }
        }

        for (; next < size; next++)
        {
            entries[next] = new PdqEntry(RandomHash(random), next);
        }

        random.Shuffle(entries);
        return (entries, bases);
    }

    /// <summary>Half near a planted base (0-15 bits away: 16-47 neighbours each), half unrelated (the usual miss), shuffled.</summary>
    private static PdqHash[] MakeQueries(int count, PdqHash[] bases, Random random)
    {
        var queries = new PdqHash[count];
        for (int q = 0; q < queries.Length; q++)
        {
            queries[q] = q % 2 == 0 ? FlipBits(bases[random.Next(bases.Length)], random.Next(16), random) : RandomHash(random);
        }

        random.Shuffle(queries);
        return queries;
    }

    private static void Warm(IPdqIndex index, PdqHash[] queries, int threshold)
    {
        var sink = new List<PdqMatch>();
        for (int round = 0; round < 3; round++)
        {
            foreach (PdqHash query in queries.AsSpan(0, Math.Min(queries.Length, 300)))
            {
                sink.Clear();
                index.Query(query, threshold, sink);
            }
        }
    }

    private static (double[] Best, double[] Raw, List<PdqMatch>[] Results) Time(IPdqIndex index, PdqHash[] queries, int threshold)
    {
        var best = new double[queries.Length];
        var raw = new double[queries.Length * Repeats];
        var results = new List<PdqMatch>[queries.Length];
        Array.Fill(best, double.MaxValue);
        for (int repeat = 0; repeat < Repeats; repeat++)
        {
            for (int q = 0; q < queries.Length; q++)
            {
                var matches = new List<PdqMatch>();
                long start = Stopwatch.GetTimestamp();
                index.Query(queries[q], threshold, matches);
                double milliseconds = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
                raw[(repeat * queries.Length) + q] = milliseconds;
                best[q] = Math.Min(best[q], milliseconds);
                results[q] = matches;
            }
        }

        return (best, raw, results);
    }

    private static string Row(int size, string name, double buildSeconds, double buildCpuSeconds, long arrayBytes, long gcBytes, double[] best, double[] raw, long matches, string recall) =>
        string.Create(CultureInfo.InvariantCulture,
            $"| {size:N0} | {name} | {buildSeconds:F2} / {buildCpuSeconds:F2} | {(arrayBytes < 0 ? "-" : (arrayBytes / (double)size).ToString("F1", CultureInfo.InvariantCulture))} | {gcBytes / (double)size:F1} | {best.Length:N0} | {Percentile(best, 0.50):F3} | {Percentile(best, 0.99):F3} | {best.Average():F3} | {Percentile(raw, 0.50):F3} | {Percentile(raw, 0.99):F3} | {matches:N0} | {recall} |");

    private static double Percentile(double[] values, double p)
    {
        double[] sorted = [.. values.Order()];
        return sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }

    private static string Percent(long part, long whole) =>
        whole == 0 ? "n/a" : (100.0 * part / whole).ToString("F2", CultureInfo.InvariantCulture) + " %";

    private static long SettledMemory()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static PdqHash RandomHash(Random random)
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        return new PdqHash(
            BitConverter.ToUInt64(bytes[..8]), BitConverter.ToUInt64(bytes[8..16]),
            BitConverter.ToUInt64(bytes[16..24]), BitConverter.ToUInt64(bytes[24..]));
    }

    private static PdqHash FlipBits(PdqHash hash, int bits, Random random)
    {
        Span<ulong> words = [hash.W0, hash.W1, hash.W2, hash.W3];
        Span<bool> flipped = stackalloc bool[256];
        for (int done = 0; done < bits;)
        {
            int bit = random.Next(256);
            if (!flipped[bit])
            {
                flipped[bit] = true;
                words[bit >> 6] ^= 1UL << (bit & 63);
                done++;
            }
        }

        return new PdqHash(words[0], words[1], words[2], words[3]);
    }

    private static string CpuName()
    {
        try
        {
            string? line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? "unknown CPU" : line[(line.IndexOf(':') + 1)..].Trim();
        }
        catch (IOException)
        {
            return "unknown CPU";
        }
    }

    private static void Log(string message) =>
        Console.Error.WriteLine($"[{DateTime.Now:HH:mm:ss}] {message} (working set {Environment.WorkingSet / (1024 * 1024):N0} MiB)");
}
