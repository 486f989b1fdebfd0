using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists.Matching;

/// <summary>
/// The newest entries of a <see cref="PdqIndex"/>, not yet indexed: an append-only block scanned
/// linearly. Slots below a published count are never written again, so readers need no lock.
/// </summary>
internal sealed class TailBuffer
{
    private readonly ulong[] _words;
    private readonly long[] _ids;
    private readonly ulong[] _deleted;

    public TailBuffer(int capacity)
    {
        _words = new ulong[capacity * HammingScan.WordsPerHash];
        _ids = new long[capacity];
        _deleted = DeletionBits.Create(capacity);
    }

    public int Capacity => _ids.Length;

    public long ApproximateBytes => (_words.LongLength + _ids.LongLength + _deleted.LongLength) * sizeof(ulong);

    public void Write(int entry, in PdqHash hash, long id)
    {
        HammingScan.Write(_words, entry, hash);
        _ids[entry] = id;
    }

    public void Query(int count, in PdqHash query, int maxDistance, ICollection<PdqMatch> matches)
    {
        var sink = new MatchSink(_words, _ids, _deleted, matches);
        HammingScan.Scan(_words.AsSpan(0, count * HammingScan.WordsPerHash), query, maxDistance, ref sink);
    }

    /// <summary>Position of the live pair among the first <paramref name="count"/> entries, or -1.</summary>
    public int Find(int count, in PdqHash hash, long id)
    {
        for (int entry = 0; entry < count; entry++)
        {
            if (_ids[entry] == id && HammingScan.HashEquals(_words, entry, hash) && !DeletionBits.IsSet(_deleted, entry))
            {
                return entry;
            }
        }

        return -1;
    }

    public void MarkDeleted(int entry) => DeletionBits.Set(_deleted, entry);

    public void CopyLiveTo(int count, EntryBuffer buffer)
    {
        for (int entry = 0; entry < count; entry++)
        {
            if (!DeletionBits.IsSet(_deleted, entry))
            {
                buffer.AddFrom(_words, _ids, entry);
            }
        }
    }
}
