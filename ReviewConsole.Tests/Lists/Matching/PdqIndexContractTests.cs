using ReviewConsole.Core.Lists.Matching;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Tests.Lists.Matching;

/// <summary>Behaviour every <see cref="IPdqIndex"/> shares, run against each implementation.</summary>
public sealed class PdqIndexContractTests
{
    public static TheoryData<string> Implementations => ["mih", "mih-tiny-tail", "brute-force"];

    [Theory]
    [MemberData(nameof(Implementations))]
    public void ReturnsBothIdsGivenSameHashStoredUnderTwoIds(string implementation)
    {
        IPdqIndex index = Create(implementation, Background(1_000));
        PdqHash hash = PdqHashes.Random(new Random(7));

        index.Add(hash, 100);
        index.Add(hash, 200);

        Assert.Equal([100L, 200L], index.Query(hash, 0).Select(m => m.Id).Order());
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void NoLongerFindsAnEntryOnceRemoved(string implementation)
    {
        IPdqIndex index = Create(implementation, Background(1_000));
        var random = new Random(11);
        PdqHash hash = PdqHashes.Random(random);
        PdqHash neighbour = PdqHashes.FlipBits(hash, 12, random);
        index.Add(hash, 1);
        index.Add(neighbour, 2);
        index.Add(hash, 3);

        bool removed = index.Remove(hash, 1);

        Assert.True(removed);
        Assert.Equal([2L, 3L], index.Query(hash, 31).Select(m => m.Id).Order());
        Assert.False(index.Remove(hash, 1));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void NoLongerFindsBulkBuiltEntriesOnceRemoved(string implementation)
    {
        PlantedSet set = PdqHashes.Planted(seed: 3, randomCount: 3_000, bases: 5, maxFlips: 40);
        IPdqIndex index = Create(implementation, set.Entries);
        PdqHash baseHash = set.Bases[0];
        List<PdqMatch> before = index.Query(baseHash, 31);
        List<PdqMatch> doomed = [.. before.Where(m => m.Distance % 2 == 0)];

        Assert.All(doomed, m => Assert.True(index.Remove(m.Hash, m.Id)));

        Assert.Equal(
            PdqHashes.Sorted(before.Except(doomed)),
            PdqHashes.Sorted(index.Query(baseHash, 31)));
        Assert.Equal(set.Entries.Count - doomed.Count, index.Count);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void IgnoresAPairAddedTwice(string implementation)
    {
        IPdqIndex index = Create(implementation, Background(100));
        PdqHash hash = PdqHashes.Random(new Random(5));

        Assert.True(index.Add(hash, 9));
        Assert.False(index.Add(hash, 9));

        Assert.Single(index.Query(hash, 0));
        Assert.Equal(101, index.Count);
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void FindsAnEntryAgainOnceReAddedAfterRemoval(string implementation)
    {
        IPdqIndex index = Create(implementation, Background(500));
        PdqHash hash = PdqHashes.Random(new Random(8));
        index.Add(hash, 4);
        index.Remove(hash, 4);

        Assert.True(index.Add(hash, 4));

        Assert.Equal([4L], index.Query(hash, 0).Select(m => m.Id));
    }

    [Theory]
    [MemberData(nameof(Implementations))]
    public void ReportsNothingAndFailsToRemoveGivenEmptyIndex(string implementation)
    {
        IPdqIndex index = Create(implementation, []);
        PdqHash hash = PdqHashes.Random(new Random(1));

        Assert.Empty(index.Query(hash, 256));
        Assert.False(index.Remove(hash, 1));
        Assert.Equal(0, index.Count);
    }

    private static List<PdqEntry> Background(int count)
    {
        var random = new Random(count);
        return [.. Enumerable.Range(0, count).Select(i => new PdqEntry(PdqHashes.Random(random), 1_000_000 + i))];
    }

    private static IPdqIndex Create(string implementation, IEnumerable<PdqEntry> entries) => implementation switch
    {
        "mih" => PdqIndex.Build(entries),
        "mih-tiny-tail" => AddOneByOne(new PdqIndex(tailCapacity: 16), entries),
        "brute-force" => BruteForceIndex.Build(entries),
        _ => throw new ArgumentOutOfRangeException(nameof(implementation)),
    };

    private static PdqIndex AddOneByOne(PdqIndex index, IEnumerable<PdqEntry> entries)
    {
        foreach (PdqEntry entry in entries)
        {
            index.Add(entry.Hash, entry.Id);
        }

        return index;
    }
}
