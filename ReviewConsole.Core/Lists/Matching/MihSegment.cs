using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists.Matching;

/// <summary>
/// An immutable multi-index hashing segment (Norouzi et al. 2014; the PDQ reference's 16 slots of
/// 16 bits). Only the deletion bits change after construction.
/// </summary>
/// <remarks>
/// Memory is one flat array per concern instead of a list per slot value: per entry 32 bytes of
/// hash, 8 of id, one deletion bit and, for slots 1-15, a 4-byte entry number in a posting array
/// grouped by slot key (a counting sort) and located through an offsets table. The entries
/// themselves are stored in slot-0 key order, so slot 0 needs no postings. That is ~100 bytes per
/// hash plus the offsets tables (16 x 65,537 ints at most), against millions of small lists.
/// Small segments key each slot on its top <c>keyBits</c> bits only, so the offsets tables stay
/// proportional to the segment.
/// </remarks>
internal sealed class MihSegment
{
    public const int Slots = 16;
    public const int SlotBits = 16;

    private const int MinKeyBits = 4;

    // Below this, a segment builds in a few milliseconds and handing slots to the thread pool costs more than it saves.
    private const int ParallelBuildThreshold = 65_536;

    private readonly ulong[] _words;
    private readonly long[] _ids;
    private readonly ulong[] _deleted;
    private readonly int _keyBits;
    private readonly int[][] _offsets;
    private readonly int[][] _postings;

    private MihSegment(ulong[] words, long[] ids, int keyBits, int[][] offsets, int[][] postings)
    {
        _words = words;
        _ids = ids;
        _deleted = DeletionBits.Create(ids.Length);
        _keyBits = keyBits;
        _offsets = offsets;
        _postings = postings;
    }

    public int Count => _ids.Length;

    /// <summary>Entries removed so far; read and written only under the owning index's writer lock.</summary>
    public int DeletedCount { get; private set; }

    public int LiveCount => Count - DeletedCount;

    public long ApproximateBytes
    {
        get
        {
            long bytes = (_words.LongLength + _ids.LongLength + _deleted.LongLength) * sizeof(ulong);
            for (int slot = 0; slot < Slots; slot++)
            {
                bytes += (_offsets[slot].LongLength + _postings[slot].LongLength) * sizeof(int);
            }

            return bytes;
        }
    }

    /// <summary>Indexes the entries, taking ownership of both arrays.</summary>
    public static MihSegment Build(ulong[] words, long[] ids, bool removeDuplicates)
    {
        int keyBits = KeyBitsFor(ids.Length);
        var offsets = new int[Slots][];
        var postings = new int[Slots][];

        // Laying the entries out in slot-0 key order spares slot 0 its postings (4 bytes a hash),
        // makes its probes read hashes sequentially, and puts equal pairs in one contiguous run
        // for the duplicate check.
        (offsets[0], words, ids) = SortBySlotZero(words, ids, keyBits);
        postings[0] = [];
        if (removeDuplicates && DropDuplicates(words, ids, offsets[0]) is { } kept)
        {
            (ulong[] keptWords, long[] keptIds) = kept.Detach();
            return Build(keptWords, keptIds, removeDuplicates: false);
        }

        int count = ids.Length;
        if (count >= ParallelBuildThreshold)
        {
            Parallel.For(1, Slots, slot => (offsets[slot], postings[slot]) = BuildSlot(words, count, slot, keyBits));
        }
        else
        {
            for (int slot = 1; slot < Slots; slot++)
            {
                (offsets[slot], postings[slot]) = BuildSlot(words, count, slot, keyBits);
            }
        }

        return new MihSegment(words, ids, keyBits, offsets, postings);
    }

    public void Query(in PdqHash query, int maxDistance, ICollection<PdqMatch> matches)
    {
        // Pigeonhole: if two hashes differ in at most d bits over 16 slots, some slot differs in
        // at most floor(d/16) bits. Probing every key within that radius in every slot therefore
        // reaches every match; the full distance then removes the false candidates.
        int radius = maxDistance / SlotBits;
        if (radius > ProbeMasks.MaxRadius)
        {
            var sink = new MatchSink(_words, _ids, _deleted, matches);
            HammingScan.Scan(_words, query, maxDistance, ref sink);
            return;
        }

        // The candidate loop is memory-bound (one cache miss per candidate at a million hashes),
        // so it avoids bounds checks and keeps the query in registers; every index it forms
        // comes from the segment's own offsets and postings, which are consistent by construction.
        ulong q0 = query.W0;
        ulong q1 = query.W1;
        ulong q2 = query.W2;
        ulong q3 = query.W3;
        ref ulong words = ref MemoryMarshal.GetArrayDataReference(_words);
        ReadOnlySpan<ushort> masks = ProbeMasks.For(_keyBits, radius);
        int keyShift = SlotBits - _keyBits;
        for (int slot = 0; slot < Slots; slot++)
        {
            int key = SlotValue(query, slot) >> keyShift;
            ref int offsets = ref MemoryMarshal.GetArrayDataReference(_offsets[slot]);
            bool inStorageOrder = slot == 0;
            ref int postings = ref MemoryMarshal.GetArrayDataReference(_postings[slot]);
            foreach (ushort mask in masks)
            {
                int bucket = key ^ mask;
                int end = Unsafe.Add(ref offsets, bucket + 1);
                for (int position = Unsafe.Add(ref offsets, bucket); position < end; position++)
                {
                    int entry = inStorageOrder ? position : Unsafe.Add(ref postings, position);
                    ref ulong hash = ref Unsafe.Add(ref words, (nint)entry * HammingScan.WordsPerHash);
                    int distance = BitOperations.PopCount(hash ^ q0) + BitOperations.PopCount(Unsafe.Add(ref hash, 1) ^ q1)
                        + BitOperations.PopCount(Unsafe.Add(ref hash, 2) ^ q2) + BitOperations.PopCount(Unsafe.Add(ref hash, 3) ^ q3);
                    if (distance <= maxDistance)
                    {
                        Report(query, entry, slot, radius, distance, matches);
                    }
                }
            }
        }
    }

    /// <summary>Position of the live pair, or -1.</summary>
    public int Find(in PdqHash hash, long id)
    {
        // An identical hash shares every slot key, so slot 0's bucket (a contiguous run) is enough.
        int key = SlotValue(hash, 0) >> (SlotBits - _keyBits);
        for (int entry = _offsets[0][key]; entry < _offsets[0][key + 1]; entry++)
        {
            if (_ids[entry] == id && HammingScan.HashEquals(_words, entry, hash) && !DeletionBits.IsSet(_deleted, entry))
            {
                return entry;
            }
        }

        return -1;
    }

    public void MarkDeleted(int entry)
    {
        DeletionBits.Set(_deleted, entry);
        DeletedCount++;
    }

    public void CopyLiveTo(EntryBuffer buffer)
    {
        for (int entry = 0; entry < Count; entry++)
        {
            if (!DeletionBits.IsSet(_deleted, entry))
            {
                buffer.AddFrom(_words, _ids, entry);
            }
        }
    }

    /// <summary>The 16-bit value of slot 0-15; slot 0 is the first four hex digits, as in the reference.</summary>
    public static int SlotValue(in PdqHash hash, int slot)
    {
        ulong word = (slot >> 2) switch
        {
            0 => hash.W0,
            1 => hash.W1,
            2 => hash.W2,
            _ => hash.W3,
        };
        return (int)(word >> (48 - (SlotBits * (slot & 3)))) & 0xFFFF;
    }

    private void Report(in PdqHash query, int entry, int slot, int radius, int distance, ICollection<PdqMatch> matches)
    {
        // A match can be reached from several slots (and, with coarse keys, from a bucket whose
        // slot is not actually within the radius). Only the first slot within the radius reports
        // it; that slot's probes always reach it, and each entry sits in one bucket per slot, so
        // every match is reported exactly once with no per-query visited set.
        if (FirstSlotWithin(query, entry, radius) != slot || DeletionBits.IsSet(_deleted, entry))
        {
            return;
        }

        matches.Add(new PdqMatch(_ids[entry], HammingScan.HashAt(_words, entry), distance));
    }

    private int FirstSlotWithin(in PdqHash query, int entry, int radius)
    {
        PdqHash stored = HammingScan.HashAt(_words, entry);
        for (int slot = 0; slot < Slots; slot++)
        {
            if (BitOperations.PopCount((uint)(SlotValue(stored, slot) ^ SlotValue(query, slot))) <= radius)
            {
                return slot;
            }
        }

        return Slots;
    }

    private static int KeyBitsFor(int count) =>
        Math.Clamp(count <= 1 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)(count - 1)), MinKeyBits, SlotBits);

    private static (int[] Offsets, int[] Postings) BuildSlot(ulong[] words, int count, int slot, int keyBits)
    {
        int buckets = 1 << keyBits;
        int keyMask = buckets - 1;
        int word = slot >> 2;
        int shift = 64 - (SlotBits * (slot & 3)) - keyBits;
        var offsets = new int[buckets + 1];
        for (int entry = 0; entry < count; entry++)
        {
            offsets[((int)(words[(entry * HammingScan.WordsPerHash) + word] >> shift) & keyMask) + 1]++;
        }

        for (int bucket = 1; bucket <= buckets; bucket++)
        {
            offsets[bucket] += offsets[bucket - 1];
        }

        int[] cursors = offsets[..buckets];
        var postings = new int[count];
        for (int entry = 0; entry < count; entry++)
        {
            int key = (int)(words[(entry * HammingScan.WordsPerHash) + word] >> shift) & keyMask;
            postings[cursors[key]++] = entry;
        }

        return (offsets, postings);
    }

    private static (int[] Offsets, ulong[] Words, long[] Ids) SortBySlotZero(ulong[] words, long[] ids, int keyBits)
    {
        int count = ids.Length;
        int buckets = 1 << keyBits;
        int shift = 64 - keyBits;
        var offsets = new int[buckets + 1];
        for (int entry = 0; entry < count; entry++)
        {
            offsets[(int)(words[entry * HammingScan.WordsPerHash] >> shift) + 1]++;
        }

        for (int bucket = 1; bucket <= buckets; bucket++)
        {
            offsets[bucket] += offsets[bucket - 1];
        }

        int[] cursors = offsets[..buckets];
        var sortedWords = new ulong[words.Length];
        var sortedIds = new long[count];
        for (int entry = 0; entry < count; entry++)
        {
            int position = cursors[(int)(words[entry * HammingScan.WordsPerHash] >> shift)]++;
            words.AsSpan(entry * HammingScan.WordsPerHash, HammingScan.WordsPerHash)
                .CopyTo(sortedWords.AsSpan(position * HammingScan.WordsPerHash));
            sortedIds[position] = ids[entry];
        }

        return (offsets, sortedWords, sortedIds);
    }

    /// <summary>The entries without repeated (hash, id) pairs, or null when there are none.</summary>
    private static EntryBuffer? DropDuplicates(ulong[] words, long[] ids, int[] offsets)
    {
        // Equal pairs share a slot-0 bucket, a contiguous run in storage order, so sorting each
        // run by its first word finds them in O(n log run) without a set of all pairs.
        int longestRun = 0;
        for (int bucket = 0; bucket + 1 < offsets.Length; bucket++)
        {
            longestRun = Math.Max(longestRun, offsets[bucket + 1] - offsets[bucket]);
        }

        var keys = new ulong[longestRun];
        var members = new int[longestRun];
        bool[]? duplicate = null;
        for (int bucket = 0; bucket + 1 < offsets.Length; bucket++)
        {
            int start = offsets[bucket];
            int length = offsets[bucket + 1] - start;
            if (length < 2)
            {
                continue;
            }

            for (int i = 0; i < length; i++)
            {
                keys[i] = words[(start + i) * HammingScan.WordsPerHash];
                members[i] = start + i;
            }

            keys.AsSpan(0, length).Sort(members.AsSpan(0, length));
            for (int i = 1; i < length; i++)
            {
                for (int j = i - 1; j >= 0 && keys[j] == keys[i]; j--)
                {
                    int first = Math.Min(members[i], members[j]);
                    int second = Math.Max(members[i], members[j]);
                    if (ids[first] == ids[second] && HammingScan.HashEquals(words, first, HammingScan.HashAt(words, second)))
                    {
                        duplicate ??= new bool[ids.Length];
                        duplicate[second] = true;
                    }
                }
            }
        }

        if (duplicate is null)
        {
            return null;
        }

        var kept = new EntryBuffer(ids.Length);
        for (int entry = 0; entry < ids.Length; entry++)
        {
            if (!duplicate[entry])
            {
                kept.AddFrom(words, ids, entry);
            }
        }

        return kept;
    }
}
