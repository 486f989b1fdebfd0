using ReviewConsole.Core.Lists.Matching;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Tests.Lists.Matching;

public sealed class PdqIndexMaintenanceTests
{
    [Fact]
    public void AnswersLikeABulkBuildGivenTheSameEntriesAddedOneByOne()
    {
        PlantedSet set = PdqHashes.Planted(seed: 42, randomCount: 20_000, bases: 20, maxFlips: 40);
        // Repeats in the input must collapse in both builds.
        List<PdqEntry> input = [.. set.Entries, .. set.Entries.Take(500)];
        var bulk = PdqIndex.Build(input);
        var incremental = new PdqIndex(tailCapacity: 64);
        foreach (PdqEntry entry in input)
        {
            incremental.Add(entry.Hash, entry.Id);
        }

        Assert.True(incremental.SegmentCount > 1, "a tiny tail should have produced several merged segments");
        Assert.Equal(set.Entries.Count, bulk.Count);
        Assert.Equal(bulk.Count, incremental.Count);
        var random = new Random(1);
        foreach (PdqHash query in set.Bases.Concat(set.Entries.Take(50).Select(e => PdqHashes.FlipBits(e.Hash, random.Next(32), random))))
        {
            Assert.Equal(PdqHashes.Sorted(bulk.Query(query, 31)), PdqHashes.Sorted(incremental.Query(query, 31)));
        }
    }

    [Fact]
    public void KeepsTheRestFindableAfterMostOfASegmentIsRemoved()
    {
        // Removing more than half of a segment rebuilds it; the survivors must come through intact.
        PlantedSet set = PdqHashes.Planted(seed: 9, randomCount: 4_000, bases: 10, maxFlips: 40);
        var index = PdqIndex.Build(set.Entries);
        var bruteForce = BruteForceIndex.Build(set.Entries);
        foreach (PdqEntry entry in set.Entries.Where((_, i) => i % 4 != 0))
        {
            Assert.True(index.Remove(entry.Hash, entry.Id));
            bruteForce.Remove(entry.Hash, entry.Id);
        }

        Assert.Equal(bruteForce.Count, index.Count);
        foreach (PdqHash query in set.Bases.Concat(set.Entries.Take(40).Select(e => e.Hash)))
        {
            Assert.Equal(PdqHashes.Sorted(bruteForce.Query(query, 40)), PdqHashes.Sorted(index.Query(query, 40)));
        }
    }

    [Fact]
    public void FindsEntriesAddedAfterABulkBuild()
    {
        PlantedSet set = PdqHashes.Planted(seed: 10, randomCount: 10_000, bases: 0, maxFlips: 0);
        var index = PdqIndex.Build(set.Entries, tailCapacity: 32);
        var random = new Random(11);
        PdqHash target = PdqHashes.Random(random);
        var added = new List<long>();
        for (int i = 0; i < 200; i++)
        {
            index.Add(PdqHashes.FlipBits(target, i % 32, random), 50_000 + i);
            added.Add(50_000 + i);
        }

        Assert.Equal(added, index.Query(target, 31).Select(m => m.Id).Order());
    }

    [Fact]
    public void VectorScanAgreesWithScalarScanAtEveryDistance()
    {
        PlantedSet set = PdqHashes.Planted(seed: 77, randomCount: 1_003, bases: 3, maxFlips: 256);
        ulong[] words = new ulong[set.Entries.Count * HammingScan.WordsPerHash];
        for (int i = 0; i < set.Entries.Count; i++)
        {
            HammingScan.Write(words, i, set.Entries[i].Hash);
        }

        foreach (int threshold in new[] { 0, 1, 31, 64, 128, 200, 255, 256, 1000 })
        {
            var vector = new CollectingSink();
            var scalar = new CollectingSink();
            HammingScan.Scan(words, set.Bases[0], threshold, ref vector);
            HammingScan.ScanScalar(words, 0, set.Entries.Count, set.Bases[0], threshold, ref scalar);

            Assert.Equal(scalar.Hits.Order(), vector.Hits.Order());
        }
    }

    private readonly struct CollectingSink() : IScanHitSink
    {
        public List<(int Entry, int Distance)> Hits { get; } = [];

        public void OnHit(int entry, int distance) => Hits.Add((entry, distance));
    }
}
