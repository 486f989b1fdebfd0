namespace ReviewConsole.Core.Lists.Matching;

/// <summary>Turns scan hits into <see cref="PdqMatch"/>es, skipping removed entries.</summary>
internal readonly struct MatchSink : IScanHitSink
{
    private readonly ulong[] _words;
    private readonly long[] _ids;
    private readonly ulong[]? _deleted;
    private readonly ICollection<PdqMatch> _matches;

    public MatchSink(ulong[] words, long[] ids, ulong[]? deleted, ICollection<PdqMatch> matches)
    {
        _words = words;
        _ids = ids;
        _deleted = deleted;
        _matches = matches;
    }

    public void OnHit(int entry, int distance)
    {
        if (_deleted is not null && DeletionBits.IsSet(_deleted, entry))
        {
            return;
        }

        _matches.Add(new PdqMatch(_ids[entry], HammingScan.HashAt(_words, entry), distance));
    }
}
