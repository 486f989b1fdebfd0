using System.Numerics;

namespace ReviewConsole.Core.Lists.Matching;

/// <summary>
/// The XOR masks that enumerate every bucket key within a slot radius, ordered by weight so the
/// masks for radius r are a prefix of those for r + 1.
/// </summary>
internal static class ProbeMasks
{
    /// <summary>
    /// Largest per-slot radius probed. floor(63/16) = 3 covers every distance up to 63; radius 4
    /// would need 2,517 probes per slot, past which a linear scan of the segment is cheaper.
    /// </summary>
    public const int MaxRadius = 3;

    private static readonly ushort[][] s_masksByKeyBits = CreateAll();
    private static readonly int[][] s_prefixByKeyBits = CreatePrefixes();

    public static ReadOnlySpan<ushort> For(int keyBits, int radius) =>
        s_masksByKeyBits[keyBits].AsSpan(0, s_prefixByKeyBits[keyBits][radius]);

    private static ushort[][] CreateAll()
    {
        var all = new ushort[17][];
        for (int keyBits = 0; keyBits <= 16; keyBits++)
        {
            var masks = new List<ushort>();
            for (int weight = 0; weight <= MaxRadius; weight++)
            {
                for (int mask = 0; mask < 1 << keyBits; mask++)
                {
                    if (BitOperations.PopCount((uint)mask) == weight)
                    {
                        masks.Add((ushort)mask);
                    }
                }
            }

            all[keyBits] = [.. masks];
        }

        return all;
    }

    private static int[][] CreatePrefixes()
    {
        var prefixes = new int[17][];
        for (int keyBits = 0; keyBits <= 16; keyBits++)
        {
            prefixes[keyBits] = new int[MaxRadius + 1];
            for (int radius = 0; radius <= MaxRadius; radius++)
            {
                prefixes[keyBits][radius] = s_masksByKeyBits[keyBits].Count(m => BitOperations.PopCount(m) <= radius);
            }
        }

        return prefixes;
    }
}
