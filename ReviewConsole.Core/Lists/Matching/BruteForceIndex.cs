using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists.Matching;

/// <summary>
/// Linear-scan <see cref="IPdqIndex"/>: compares the query with every stored hash (AVX2 popcount
/// where available). The reference the multi-index hashing index is tested and benchmarked
/// against, and adequate on its own for lists of a few thousand hashes.
/// </summary>
public sealed class BruteForceIndex : IPdqIndex
{
    // One plain lock: this index is the obviously-correct reference and a choice for tiny lists,
    // where a scan under the lock is microseconds; PdqIndex is the one built for contention.
    private readonly Lock _lock = new();
    private readonly Dictionary<PdqEntry, int> _positions;
    private ulong[] _words;
    private long[] _ids;

    /// <summary>Creates an empty index.</summary>
    public BruteForceIndex()
        : this(16)
    {
    }

    private BruteForceIndex(int capacity)
    {
        capacity = Math.Max(capacity, 16);
        _positions = new Dictionary<PdqEntry, int>(capacity);
        _words = new ulong[capacity * HammingScan.WordsPerHash];
        _ids = new long[capacity];
    }

    /// <summary>Number of (hash, id) pairs stored.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _positions.Count;
            }
        }
    }

    /// <summary>Builds an index over <paramref name="entries"/>; repeated pairs are stored once.</summary>
    public static BruteForceIndex Build(IEnumerable<PdqEntry> entries)
    {
        ArgumentNullException.ThrowIfNull(entries);
        var index = new BruteForceIndex(entries.TryGetNonEnumeratedCount(out int count) ? count : 16);
        foreach (PdqEntry entry in entries)
        {
            index.Add(entry.Hash, entry.Id);
        }

        return index;
    }

    /// <inheritdoc />
    public bool Add(PdqHash hash, long id)
    {
        lock (_lock)
        {
            int position = _positions.Count;
            if (!_positions.TryAdd(new PdqEntry(hash, id), position))
            {
                return false;
            }

            if (position == _ids.Length)
            {
                Array.Resize(ref _words, _words.Length * 2);
                Array.Resize(ref _ids, _ids.Length * 2);
            }

            HammingScan.Write(_words, position, hash);
            _ids[position] = id;
            return true;
        }
    }

    /// <inheritdoc />
    public bool Remove(PdqHash hash, long id)
    {
        lock (_lock)
        {
            if (!_positions.Remove(new PdqEntry(hash, id), out int position))
            {
                return false;
            }

            int last = _positions.Count;
            if (position != last)
            {
                PdqHash moved = HammingScan.HashAt(_words, last);
                HammingScan.Write(_words, position, moved);
                _ids[position] = _ids[last];
                _positions[new PdqEntry(moved, _ids[last])] = position;
            }

            return true;
        }
    }

    /// <inheritdoc />
    public void Query(PdqHash query, int maxDistance, ICollection<PdqMatch> matches)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxDistance);
        ArgumentNullException.ThrowIfNull(matches);
        lock (_lock)
        {
            var sink = new MatchSink(_words, _ids, null, matches);
            HammingScan.Scan(_words.AsSpan(0, _positions.Count * HammingScan.WordsPerHash), query, maxDistance, ref sink);
        }
    }
}
