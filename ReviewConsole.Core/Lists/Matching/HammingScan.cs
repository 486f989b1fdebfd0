using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists.Matching;

/// <summary>Receives the entries a scan finds within its distance.</summary>
internal interface IScanHitSink
{
    void OnHit(int entry, int distance);
}

/// <summary>
/// Linear Hamming scans over hashes stored as four consecutive words per entry (W0..W3), the
/// layout every index here uses.
/// </summary>
internal static class HammingScan
{
    public const int WordsPerHash = 4;

    private const ulong FieldHighBits = 0x8000_8000_8000_8000UL;
    private const ulong FieldOnes = 0x0001_0001_0001_0001UL;

    /// <summary>Distance between the query and entry <paramref name="entry"/> of <paramref name="words"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int Distance(ReadOnlySpan<ulong> words, int entry, in PdqHash query)
    {
        ReadOnlySpan<ulong> w = words.Slice(entry * WordsPerHash, WordsPerHash);
        return BitOperations.PopCount(w[0] ^ query.W0) + BitOperations.PopCount(w[1] ^ query.W1)
            + BitOperations.PopCount(w[2] ^ query.W2) + BitOperations.PopCount(w[3] ^ query.W3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static PdqHash HashAt(ReadOnlySpan<ulong> words, int entry)
    {
        ReadOnlySpan<ulong> w = words.Slice(entry * WordsPerHash, WordsPerHash);
        return new PdqHash(w[0], w[1], w[2], w[3]);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool HashEquals(ReadOnlySpan<ulong> words, int entry, in PdqHash hash)
    {
        ReadOnlySpan<ulong> w = words.Slice(entry * WordsPerHash, WordsPerHash);
        return w[0] == hash.W0 && w[1] == hash.W1 && w[2] == hash.W2 && w[3] == hash.W3;
    }

    public static void Write(Span<ulong> words, int entry, in PdqHash hash)
    {
        Span<ulong> w = words.Slice(entry * WordsPerHash, WordsPerHash);
        w[0] = hash.W0;
        w[1] = hash.W1;
        w[2] = hash.W2;
        w[3] = hash.W3;
    }

    /// <summary>Calls the sink for every entry of <paramref name="words"/> within <paramref name="maxDistance"/> of the query.</summary>
    public static void Scan<TSink>(ReadOnlySpan<ulong> words, in PdqHash query, int maxDistance, ref TSink sink)
        where TSink : struct, IScanHitSink
    {
        int count = words.Length / WordsPerHash;
        int entry = Avx2.IsSupported ? ScanAvx2(words, query, Math.Min(maxDistance, 256), ref sink) : 0;
        ScanScalar(words, entry, count, query, maxDistance, ref sink);
    }

    /// <summary>The portable path; also finishes the entries the vector path leaves over.</summary>
    public static void ScanScalar<TSink>(ReadOnlySpan<ulong> words, int from, int to, in PdqHash query, int maxDistance, ref TSink sink)
        where TSink : struct, IScanHitSink
    {
        for (int entry = from; entry < to; entry++)
        {
            int distance = Distance(words, entry, query);
            if (distance <= maxDistance)
            {
                sink.OnHit(entry, distance);
            }
        }
    }

    // AVX2 has no 64-bit popcount, so this counts bits with the nibble-lookup shuffle (Mula's
    // method) and sums each word's bytes with SAD. Four entries' totals are packed into the four
    // 16-bit fields of one ulong, so a single SWAR compare rejects the four at once: a random PDQ
    // hash is ~128 bits away, so almost every group is rejected without a branch per entry.
    private static int ScanAvx2<TSink>(ReadOnlySpan<ulong> words, in PdqHash query, int maxDistance, ref TSink sink)
        where TSink : struct, IScanHitSink
    {
        int count = words.Length / WordsPerHash;
        int groups = count / 4;
        ref ulong start = ref MemoryMarshal.GetReference(words);
        Vector256<ulong> needle = Vector256.Create(query.W0, query.W1, query.W2, query.W3);
        Vector256<byte> lookup = Vector256.Create(
            (byte)0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4,
            0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
        Vector256<byte> lowNibble = Vector256.Create((byte)0x0F);
        // Each field holds at most 256, so adding the high bit and subtracting (d+1) never borrows
        // across fields: the high bit survives exactly where the distance exceeds d.
        ulong threshold = (ulong)(maxDistance + 1) * FieldOnes;

        for (int group = 0; group < groups; group++)
        {
            nuint offset = (nuint)(group * 16);
            Vector256<ulong> a = PopCountPerWord(Vector256.LoadUnsafe(ref start, offset) ^ needle, lookup, lowNibble);
            Vector256<ulong> b = PopCountPerWord(Vector256.LoadUnsafe(ref start, offset + 4) ^ needle, lookup, lowNibble);
            Vector256<ulong> c = PopCountPerWord(Vector256.LoadUnsafe(ref start, offset + 8) ^ needle, lookup, lowNibble);
            Vector256<ulong> d = PopCountPerWord(Vector256.LoadUnsafe(ref start, offset + 12) ^ needle, lookup, lowNibble);
            Vector256<ulong> packed = a | (b << 16) | (c << 32) | (d << 48);
            Vector128<ulong> halves = packed.GetLower() + packed.GetUpper();
            ulong distances = halves.GetElement(0) + halves.GetElement(1);
            ulong within = ~((distances | FieldHighBits) - threshold) & FieldHighBits;
            while (within != 0)
            {
                int field = BitOperations.TrailingZeroCount(within) >> 4;
                sink.OnHit((group * 4) + field, (int)((distances >> (field * 16)) & 0xFFFF));
                within &= within - 1;
            }
        }

        return groups * 4;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<ulong> PopCountPerWord(Vector256<ulong> x, Vector256<byte> lookup, Vector256<byte> lowNibble)
    {
        Vector256<byte> low = x.AsByte() & lowNibble;
        Vector256<byte> high = Vector256.ShiftRightLogical(x.AsUInt16(), 4).AsByte() & lowNibble;
        Vector256<byte> perByte = Avx2.Shuffle(lookup, low) + Avx2.Shuffle(lookup, high);
        return Avx2.SumAbsoluteDifferences(perByte, Vector256<byte>.Zero).AsUInt64();
    }
}
