using System.Collections.Concurrent;
using ReviewConsole.Core.Lists.Matching;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Tests.Lists.Matching;

public sealed class PdqIndexConcurrencyTests
{
    private const int Threshold = 31;

    [Fact]
    public async Task NeverThrowsNorReturnsAFartherEntryNorLosesAStableOneGivenConcurrentAddsAndRemoves()
    {
        var random = new Random(2024);
        PdqHash target = PdqHashes.Random(random);
        // Stable neighbours are never removed, so every query must return all of them; churned
        // neighbours come and go, through a tiny tail so that freezes, merges and compactions all
        // happen while readers run.
        List<PdqEntry> stable = [.. Enumerable.Range(0, 50).Select(i => new PdqEntry(PdqHashes.FlipBits(target, i % 32, random), i))];
        List<PdqEntry> churn = [.. Enumerable.Range(0, 400).Select(i => new PdqEntry(PdqHashes.FlipBits(target, i % 48, random), 10_000 + i))];
        List<PdqEntry> background = [.. Enumerable.Range(0, 20_000).Select(i => new PdqEntry(PdqHashes.Random(random), 100_000 + i))];
        var index = PdqIndex.Build(background.Concat(stable), tailCapacity: 16);
        var failures = new ConcurrentQueue<string>();
        using var stop = new CancellationTokenSource();

        Task[] readers = [.. Enumerable.Range(0, 3).Select(r => Task.Run(() =>
        {
            var queryRandom = new Random(r);
            while (!stop.IsCancellationRequested)
            {
                PdqHash query = queryRandom.Next(4) == 0 ? target : PdqHashes.FlipBits(target, queryRandom.Next(8), queryRandom);
                List<PdqMatch> matches = index.Query(query, Threshold);
                if (matches.Any(m => m.Distance > Threshold || m.Distance != query.DistanceTo(m.Hash)))
                {
                    failures.Enqueue("a match farther than the threshold or with a wrong distance");
                }

                if (query == target && stable.Any(s => !matches.Contains(new PdqMatch(s.Id, s.Hash, target.DistanceTo(s.Hash)))))
                {
                    failures.Enqueue("a stable neighbour went missing");
                }

                if (matches.Count != matches.Distinct().Count())
                {
                    failures.Enqueue("a match reported twice");
                }
            }
        }))];

        Task writer = Task.Run(() =>
        {
            try
            {
                for (int round = 0; round < 6; round++)
                {
                    foreach (PdqEntry entry in churn)
                    {
                        index.Add(entry.Hash, entry.Id);
                    }

                    foreach (PdqEntry entry in churn.Where((_, i) => (i + round) % 3 != 0))
                    {
                        index.Remove(entry.Hash, entry.Id);
                    }
                }
            }
            finally
            {
                stop.Cancel();
            }
        });

        await Task.WhenAll([writer, .. readers]);

        Assert.Empty(failures);
        Assert.Equal(
            PdqHashes.Sorted(BruteForceIndex.Build(background.Concat(stable).Concat(churn.Where((_, i) => (i + 5) % 3 == 0))).Query(target, Threshold)),
            PdqHashes.Sorted(index.Query(target, Threshold)));
    }
}
