using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists.Matching;

/// <summary>
/// In-memory multi-index hashing index over PDQ hashes: exact (no missed and no false matches)
/// for any distance, fast for the thresholds PDQ uses (up to 63 by slot probing, beyond that by
/// a linear scan per segment).
/// </summary>
/// <remarks>
/// Entries live in a few immutable indexed segments plus a small unindexed tail that new entries
/// are appended to. A full tail becomes a segment, and the newest segments are merged when they
/// grow comparable in size, so a bulk-built index stays one large segment while incremental adds
/// cost amortised O(log n) rebuild work. Removal sets a deletion bit; a segment is rebuilt once
/// half its entries are gone.
/// </remarks>
public sealed class PdqIndex : IPdqIndex
{
    /// <summary>Entries kept unindexed before they become a segment. Defaults to 2,048 (a scan of a few microseconds).</summary>
    public const int DefaultTailCapacity = 2048;

    // Merge the newest two segments while the older holds at most this many times the newer's
    // entries: segment sizes then grow geometrically, so there are O(log n) segments to probe.
    private const int MergeRatio = 2;

    // Lookups (one per ingested image and list) vastly outnumber changes (a moderator's reject,
    // an admin's edit), and a change can mean rebuilding a multi-million-entry segment for a
    // second or more. So readers take no lock at all: they read one immutable snapshot, published
    // by a volatile write, and writers serialise on this lock, build the next snapshot off to the
    // side and swap it in. A ReaderWriterLockSlim would make every lookup write a shared counter
    // (cache-line traffic between cores) and would stall every lookup behind each rebuild.
    private readonly Lock _writeLock = new();
    private readonly int _tailCapacity;
    private volatile Snapshot _snapshot;

    /// <summary>Creates an empty index.</summary>
    public PdqIndex()
        : this(DefaultTailCapacity)
    {
    }

    internal PdqIndex(int tailCapacity)
        : this([], tailCapacity, 0)
    {
    }

    private PdqIndex(MihSegment[] segments, int tailCapacity, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tailCapacity, 1);
        _tailCapacity = tailCapacity;
        _snapshot = new Snapshot(segments, new TailBuffer(tailCapacity), 0, count);
    }

    /// <summary>Number of (hash, id) pairs stored.</summary>
    public int Count => _snapshot.Count;

    /// <summary>Bytes held by the index's arrays (hashes, ids, postings, offsets, deletion bits, tail).</summary>
    public long ApproximateBytes
    {
        get
        {
            Snapshot snapshot = _snapshot;
            return snapshot.Tail.ApproximateBytes + snapshot.Segments.Sum(s => s.ApproximateBytes);
        }
    }

    internal int SegmentCount => _snapshot.Segments.Length;

    /// <summary>
    /// Builds an index over <paramref name="entries"/> in one pass (a counting sort per slot), much
    /// faster than adding them one by one. Repeated pairs are stored once.
    /// </summary>
    public static PdqIndex Build(IEnumerable<PdqEntry> entries) => Build(entries, DefaultTailCapacity);

    internal static PdqIndex Build(IEnumerable<PdqEntry> entries, int tailCapacity)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var buffer = new EntryBuffer(entries.TryGetNonEnumeratedCount(out int count) ? count : 1024);
        foreach (PdqEntry entry in entries)
        {
            buffer.Add(entry.Hash, entry.Id);
        }

        if (buffer.Count == 0)
        {
            return new PdqIndex(tailCapacity);
        }

        (ulong[] words, long[] ids) = buffer.Detach();
        MihSegment segment = MihSegment.Build(words, ids, removeDuplicates: true);
        return new PdqIndex([segment], tailCapacity, segment.Count);
    }

    /// <inheritdoc />
    public void Query(PdqHash query, int maxDistance, ICollection<PdqMatch> matches)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        ArgumentNullException.ThrowIfNull(matches);
        Snapshot snapshot = _snapshot;
        foreach (MihSegment segment in snapshot.Segments)
        {
            segment.Query(query, maxDistance, matches);
        }

        snapshot.Tail.Query(snapshot.TailCount, query, maxDistance, matches);
    }

    /// <inheritdoc />
    public bool Add(PdqHash hash, long id)
    {
        lock (_writeLock)
        {
            Snapshot current = _snapshot;
            if (Contains(current, hash, id))
            {
                return false;
            }

            MihSegment[] segments = current.Segments;
            TailBuffer tail = current.Tail;
            int tailCount = current.TailCount;
            if (tailCount == tail.Capacity)
            {
                // Readers of older snapshots keep scanning the old tail, so a fresh one is needed
                // rather than clearing it.
                segments = FreezeTail(segments, tail, tailCount);
                tail = new TailBuffer(_tailCapacity);
                tailCount = 0;
            }

            tail.Write(tailCount, hash, id);
            _snapshot = new Snapshot(segments, tail, tailCount + 1, current.Count + 1);
            return true;
        }
    }

    /// <inheritdoc />
    public bool Remove(PdqHash hash, long id)
    {
        lock (_writeLock)
        {
            Snapshot current = _snapshot;
            MihSegment[] segments = current.Segments;
            for (int i = 0; i < segments.Length; i++)
            {
                int entry = segments[i].Find(hash, id);
                if (entry < 0)
                {
                    continue;
                }

                segments[i].MarkDeleted(entry);
                if (segments[i].DeletedCount * 2 > segments[i].Count)
                {
                    segments = Compact(segments, i);
                }

                _snapshot = new Snapshot(segments, current.Tail, current.TailCount, current.Count - 1);
                return true;
            }

            int tailEntry = current.Tail.Find(current.TailCount, hash, id);
            if (tailEntry < 0)
            {
                return false;
            }

            current.Tail.MarkDeleted(tailEntry);
            _snapshot = new Snapshot(segments, current.Tail, current.TailCount, current.Count - 1);
            return true;
        }
    }

    private static bool Contains(Snapshot snapshot, in PdqHash hash, long id)
    {
        foreach (MihSegment segment in snapshot.Segments)
        {
            if (segment.Find(hash, id) >= 0)
            {
                return true;
            }
        }

        return snapshot.Tail.Find(snapshot.TailCount, hash, id) >= 0;
    }

    private static MihSegment[] FreezeTail(MihSegment[] segments, TailBuffer tail, int tailCount)
    {
        var live = new EntryBuffer(tailCount);
        tail.CopyLiveTo(tailCount, live);
        if (live.Count == 0)
        {
            return segments;
        }

        var list = new List<MihSegment>(segments) { Index(live) };
        while (list.Count >= 2 && list[^2].LiveCount <= list[^1].LiveCount * MergeRatio)
        {
            var merged = new EntryBuffer(list[^2].LiveCount + list[^1].LiveCount);
            list[^2].CopyLiveTo(merged);
            list[^1].CopyLiveTo(merged);
            list.RemoveRange(list.Count - 2, 2);
            list.Add(Index(merged));
        }

        return [.. list];
    }

    private static MihSegment[] Compact(MihSegment[] segments, int index)
    {
        var list = new List<MihSegment>(segments);
        var live = new EntryBuffer(segments[index].LiveCount);
        segments[index].CopyLiveTo(live);
        if (live.Count == 0)
        {
            list.RemoveAt(index);
        }
        else
        {
            list[index] = Index(live);
        }

        return [.. list];
    }

    // Segments never hold the same pair twice (Add checks first), so merges skip the duplicate pass.
    private static MihSegment Index(EntryBuffer entries)
    {
        (ulong[] words, long[] ids) = entries.Detach();
        return MihSegment.Build(words, ids, removeDuplicates: false);
    }

    private sealed class Snapshot(MihSegment[] segments, TailBuffer tail, int tailCount, int count)
    {
        public MihSegment[] Segments { get; } = segments;

        public TailBuffer Tail { get; } = tail;

        public int TailCount { get; } = tailCount;

        public int Count { get; } = count;
    }
}
