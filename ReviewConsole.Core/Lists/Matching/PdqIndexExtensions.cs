using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Lists.Matching;

/// <summary>Conveniences over <see cref="IPdqIndex"/>.</summary>
public static class PdqIndexExtensions
{
    /// <summary>Every stored pair within <paramref name="maxDistance"/> bits of <paramref name="query"/>, in no particular order.</summary>
    public static List<PdqMatch> Query(this IPdqIndex index, PdqHash query, int maxDistance)
    {
        ArgumentNullException.ThrowIfNull(index);
        var matches = new List<PdqMatch>();
        index.Query(query, maxDistance, matches);
        return matches;
    }
}
