using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists.Matching;

/// <summary>A stored pair found by a query, with its Hamming distance to the query hash.</summary>
/// <param name="Id">The id the hash was stored under.</param>
/// <param name="Hash">The stored hash.</param>
/// <param name="Distance">Number of bits in which <paramref name="Hash"/> differs from the query (0-256).</param>
public readonly record struct PdqMatch(long Id, PdqHash Hash, int Distance);
