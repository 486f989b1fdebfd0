using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists.Matching;

/// <summary>
/// A set of PDQ hashes, each stored under a caller-supplied id, searchable by Hamming distance.
/// The set holds (hash, id) pairs: one hash may be stored under several ids (several lists or
/// entries), and adding a pair that is already present changes nothing.
/// </summary>
/// <remarks>
/// Implementations are safe for concurrent use: any number of threads may query while other
/// threads add and remove. A query sees every change that completed before it started and may
/// or may not see a change made while it runs.
/// </remarks>
public interface IPdqIndex
{
    /// <summary>Number of (hash, id) pairs stored.</summary>
    int Count { get; }

    /// <summary>Adds the pair; false if it was already present.</summary>
    bool Add(PdqHash hash, long id);

    /// <summary>Removes the pair; false if it was not present.</summary>
    bool Remove(PdqHash hash, long id);

    /// <summary>
    /// Appends to <paramref name="matches"/> every stored pair whose hash is within
    /// <paramref name="maxDistance"/> bits of <paramref name="query"/>, each exactly once, in no
    /// particular order.
    /// </summary>
    /// <param name="query">The hash to look up.</param>
    /// <param name="maxDistance">Largest Hamming distance that matches, inclusive (0-256; 31 is PDQ's usual threshold).</param>
    /// <param name="matches">Receives the matches; not cleared first.</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxDistance"/> is negative.</exception>
    void Query(PdqHash query, int maxDistance, ICollection<PdqMatch> matches);
}
