using BenchmarkDotNet.Attributes;
using ReviewConsole.Core.Lists.Matching;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Benchmarks.Lists;

/// <summary>
/// BenchmarkDotNet view of a single lookup (mean per call) at the sizes where rebuilding per job
/// is cheap; the <c>pdq-index</c> command covers 10M hashes and the latency percentiles.
/// </summary>
[MemoryDiagnoser]
public class PdqIndexLookupBenchmarks
{
    private readonly List<PdqMatch> _matches = [];
    private PdqIndex _index = null!;
    private BruteForceIndex _bruteForce = null!;
    private PdqHash[] _queries = [];
    private int _next;

    /// <summary>Number of stored hashes.</summary>
    [Params(100_000, 1_000_000)]
    public int Size { get; set; }

    /// <summary>Builds both indexes over random hashes and picks queries near some of them.</summary>
    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(Size);
        var entries = new PdqEntry[Size];
        Span<byte> bytes = stackalloc byte[32];
        for (int i = 0; i < entries.Length; i++)
        {
            random.NextBytes(bytes);
            entries[i] = new PdqEntry(
                new PdqHash(BitConverter.ToUInt64(bytes[..8]), BitConverter.ToUInt64(bytes[8..16]), BitConverter.ToUInt64(bytes[16..24]), BitConverter.ToUInt64(bytes[24..])),
                i);
        }

        _index = PdqIndex.Build(entries);
        _bruteForce = BruteForceIndex.Build(entries);
        _queries = [.. Enumerable.Range(0, 1024).Select(i => i % 2 == 0 ? entries[random.Next(Size)].Hash : entries[random.Next(Size)].Hash with { W0 = (ulong)random.NextInt64() })];
    }

    /// <summary>One multi-index lookup at threshold 31.</summary>
    [Benchmark(Baseline = true)]
    public int MultiIndex()
    {
        _matches.Clear();
        _index.Query(_queries[_next++ & 1023], 31, _matches);
        return _matches.Count;
    }

    /// <summary>One brute-force lookup at threshold 31.</summary>
    [Benchmark]
    public int BruteForce()
    {
        _matches.Clear();
        _bruteForce.Query(_queries[_next++ & 1023], 31, _matches);
        return _matches.Count;
    }
}
