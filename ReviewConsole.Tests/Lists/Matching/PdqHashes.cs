using ReviewConsole.Core.Lists.Matching;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Tests.Lists.Matching;

/// <summary>Seeded random hashes and near-duplicates for index tests.</summary>
internal static class PdqHashes
{
    public static PdqHash Random(Random random)
    {
        Span<byte> bytes = stackalloc byte[32];
        random.NextBytes(bytes);
        return new PdqHash(
            BitConverter.ToUInt64(bytes[..8]), BitConverter.ToUInt64(bytes[8..16]),
            BitConverter.ToUInt64(bytes[16..24]), BitConverter.ToUInt64(bytes[24..]));
    }

    /// <summary>The hash with exactly <paramref name="bits"/> distinct random bits flipped.</summary>
    public static PdqHash FlipBits(PdqHash hash, int bits, Random random)
    {
        Span<ulong> words = [hash.W0, hash.W1, hash.W2, hash.W3];
        var flipped = new HashSet<int>();
        while (flipped.Count < bits)
        {
            int bit = random.Next(256);
            if (flipped.Add(bit))
            {
                words[bit >> 6] ^= 1UL << (bit & 63);
            }
        }

        return new PdqHash(words[0], words[1], words[2], words[3]);
    }

    /// <summary>
    /// The hash with <paramref name="bits"/> bits flipped as evenly as possible over the 16 slots of
    /// 16 bits (slot 0 = hex digits 0-3): every slot then differs by at least floor(bits/16), the
    /// worst case for the multi-index pigeonhole bound.
    /// </summary>
    public static PdqHash SpreadFlips(PdqHash hash, int bits, Random random)
    {
        Span<ulong> words = [hash.W0, hash.W1, hash.W2, hash.W3];
        int[] slots = [.. Enumerable.Range(0, 16)];
        random.Shuffle(slots);
        for (int i = 0; i < 16; i++)
        {
            int slot = slots[i];
            int flips = (bits / 16) + (i < bits % 16 ? 1 : 0);
            int[] offsets = [.. Enumerable.Range(0, 16)];
            random.Shuffle(offsets);
            foreach (int offset in offsets.AsSpan(0, flips))
            {
                words[slot >> 2] ^= 1UL << (48 - (16 * (slot & 3)) + offset);
            }
        }

        return new PdqHash(words[0], words[1], words[2], words[3]);
    }

    /// <summary>
    /// <paramref name="randomCount"/> random entries plus, for each of <paramref name="bases"/>
    /// random base hashes, one near-duplicate at every distance 0..<paramref name="maxFlips"/>.
    /// </summary>
    public static PlantedSet Planted(int seed, int randomCount, int bases, int maxFlips)
    {
        var random = new Random(seed);
        var entries = new List<PdqEntry>(randomCount + (bases * (maxFlips + 1)));
        long id = 0;
        for (int i = 0; i < randomCount; i++)
        {
            entries.Add(new PdqEntry(Random(random), id++));
        }

        var baseHashes = new List<PdqHash>(bases);
        for (int b = 0; b < bases; b++)
        {
            PdqHash baseHash = Random(random);
            baseHashes.Add(baseHash);
            for (int flips = 0; flips <= maxFlips; flips++)
            {
                entries.Add(new PdqEntry(FlipBits(baseHash, flips, random), id++));
            }
        }

        Shuffle(entries, random);
        return new PlantedSet(entries, baseHashes);
    }

    /// <summary>Matches in a canonical order, so two result lists compare with Assert.Equal.</summary>
    public static List<PdqMatch> Sorted(IEnumerable<PdqMatch> matches) =>
        [.. matches.OrderBy(m => m.Id).ThenBy(m => m.Hash.W0).ThenBy(m => m.Hash.W1).ThenBy(m => m.Hash.W2).ThenBy(m => m.Hash.W3)];

    private static void Shuffle<T>(List<T> items, Random random)
    {
        for (int i = items.Count - 1; i > 0; i--)
        {
            int j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}

internal sealed record PlantedSet(List<PdqEntry> Entries, List<PdqHash> Bases);
