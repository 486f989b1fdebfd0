using ReviewConsole.Core.Lists.Matching;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Tests.Lists.Matching;

public sealed class PdqIndexRecallTests
{
    private static readonly Lazy<(PlantedSet Set, PdqIndex Index, BruteForceIndex BruteForce)> s_hundredThousand = new(() =>
    {
        PlantedSet set = PdqHashes.Planted(seed: 20240601, randomCount: 100_000, bases: 60, maxFlips: 40);
        return (set, PdqIndex.Build(set.Entries), BruteForceIndex.Build(set.Entries));
    });

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(31)]
    [InlineData(40)]
    public void FindsEveryPlantedNeighbourWithinThresholdGivenHundredThousandRandomHashes(int threshold)
    {
        (PlantedSet set, PdqIndex index, _) = s_hundredThousand.Value;

        foreach (PdqHash baseHash in set.Bases)
        {
            List<PdqMatch> matches = index.Query(baseHash, threshold);

            // 41 near-duplicates were planted at distances 0..40, so exactly threshold + 1 are in range
            // (random hashes are ~128 bits away and never within 40).
            Assert.Equal(threshold + 1, matches.Count);
            Assert.Equal(Enumerable.Range(0, threshold + 1), matches.Select(m => m.Distance).Order());
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(31)]
    [InlineData(40)]
    public void ReturnsExactlyWhatBruteForceReturnsGivenPlantedAndRandomQueries(int threshold)
    {
        (PlantedSet set, PdqIndex index, BruteForceIndex bruteForce) = s_hundredThousand.Value;
        var random = new Random(threshold);
        IEnumerable<PdqHash> queries = set.Bases
            .Concat(set.Bases.Select(b => PdqHashes.FlipBits(b, random.Next(0, 48), random)))
            .Concat(Enumerable.Range(0, 40).Select(_ => PdqHashes.Random(random)))
            .Concat(set.Entries.Take(40).Select(e => e.Hash));

        foreach (PdqHash query in queries)
        {
            Assert.Equal(PdqHashes.Sorted(bruteForce.Query(query, threshold)), PdqHashes.Sorted(index.Query(query, threshold)));
        }
    }

    [Theory]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(47)]
    [InlineData(48)]
    [InlineData(63)]
    [InlineData(64)]
    [InlineData(90)]
    public void ReturnsExactlyWhatBruteForceReturnsGivenThresholdsAtEverySlotRadius(int threshold)
    {
        // Near-duplicates up to 96 bits apart make every probe radius (0-3) and the linear
        // fallback beyond 63 return real matches, not just empty sets.
        PlantedSet set = PdqHashes.Planted(seed: threshold, randomCount: 5_000, bases: 10, maxFlips: 96);
        var index = PdqIndex.Build(set.Entries);
        var bruteForce = BruteForceIndex.Build(set.Entries);
        var random = new Random(threshold);

        foreach (PdqHash baseHash in set.Bases)
        {
            List<PdqMatch> expected = PdqHashes.Sorted(bruteForce.Query(baseHash, threshold));
            // At least the base's own near-duplicates at 0..threshold (wide thresholds may also reach another base's).
            Assert.True(expected.Count > threshold, $"expected at least {threshold + 1} matches, brute force found {expected.Count}");
            Assert.Equal(expected, PdqHashes.Sorted(index.Query(baseHash, threshold)));

            PdqHash nearBase = PdqHashes.FlipBits(baseHash, 8, random);
            Assert.Equal(PdqHashes.Sorted(bruteForce.Query(nearBase, threshold)), PdqHashes.Sorted(index.Query(nearBase, threshold)));
        }
    }

    [Theory]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(47)]
    [InlineData(48)]
    [InlineData(63)]
    public void FindsNeighboursExactlyAtThresholdGivenFlipsSpreadEvenlyOverEverySlot(int threshold)
    {
        // With the flips spread evenly no slot is closer than floor(threshold/16), so a probe
        // radius one short of the pigeonhole bound would miss these.
        var random = new Random(threshold);
        PdqHash target = PdqHashes.Random(random);
        List<PdqEntry> entries = [.. Enumerable.Range(0, 2_000).Select(i => new PdqEntry(PdqHashes.Random(random), i))];
        List<PdqEntry> atThreshold = [.. Enumerable.Range(0, 20).Select(i => new PdqEntry(PdqHashes.SpreadFlips(target, threshold, random), 10_000 + i))];
        List<PdqEntry> justBeyond = [.. Enumerable.Range(0, 20).Select(i => new PdqEntry(PdqHashes.SpreadFlips(target, threshold + 1, random), 20_000 + i))];
        var index = PdqIndex.Build(entries.Concat(atThreshold).Concat(justBeyond));

        List<PdqMatch> matches = index.Query(target, threshold);

        Assert.Equal(atThreshold.Select(e => e.Id), matches.Select(m => m.Id).Order());
        Assert.All(matches, m => Assert.Equal(threshold, m.Distance));
    }

    [Fact]
    public void ReportsTheTrueDistanceOfEveryMatch()
    {
        (PlantedSet set, PdqIndex index, _) = s_hundredThousand.Value;

        foreach (PdqHash baseHash in set.Bases)
        {
            Assert.All(index.Query(baseHash, 31), m => Assert.Equal(baseHash.DistanceTo(m.Hash), m.Distance));
        }
    }

    [Fact]
    public void RejectsNegativeThreshold()
    {
        var index = new PdqIndex();

        Assert.Throws<ArgumentOutOfRangeException>(() => index.Query(default, -1));
    }
}
