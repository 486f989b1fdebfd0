using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists.Matching;

/// <summary>Growable staging area for entries on their way into a segment (bulk build, merge).</summary>
internal sealed class EntryBuffer
{
    private ulong[] _words;
    private long[] _ids;

    public EntryBuffer(int capacity)
    {
        capacity = Math.Max(capacity, 4);
        _words = new ulong[capacity * HammingScan.WordsPerHash];
        _ids = new long[capacity];
    }

    public int Count { get; private set; }

    public void Add(in PdqHash hash, long id)
    {
        if (Count == _ids.Length)
        {
            int capacity = checked(_ids.Length * 2);
            Array.Resize(ref _words, capacity * HammingScan.WordsPerHash);
            Array.Resize(ref _ids, capacity);
        }

        HammingScan.Write(_words, Count, hash);
        _ids[Count] = id;
        Count++;
    }

    public void AddFrom(ReadOnlySpan<ulong> words, long[] ids, int entry)
    {
        Add(HammingScan.HashAt(words, entry), ids[entry]);
    }

    /// <summary>Hands over arrays of exactly <see cref="Count"/> entries; the buffer must not be used afterwards.</summary>
    public (ulong[] Words, long[] Ids) Detach()
    {
        if (_ids.Length != Count)
        {
            Array.Resize(ref _words, Count * HammingScan.WordsPerHash);
            Array.Resize(ref _ids, Count);
        }

        (ulong[] Words, long[] Ids) result = (_words, _ids);
        _words = [];
        _ids = [];
        return result;
    }
}
