namespace ReviewConsole.Core.Lists.Matching;

/// <summary>
/// One bit per entry, set once when the entry is removed and never cleared, so a reader that
/// races a removal sees either the old or the new state of that one entry, never a torn one.
/// </summary>
internal static class DeletionBits
{
    public static ulong[] Create(int entries) => new ulong[(entries + 63) / 64];

    public static bool IsSet(ulong[] bits, int entry) =>
        (Volatile.Read(ref bits[entry >> 6]) & (1UL << (entry & 63))) != 0;

    public static void Set(ulong[] bits, int entry) =>
        Interlocked.Or(ref bits[entry >> 6], 1UL << (entry & 63));
}
