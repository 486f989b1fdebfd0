using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>Matches the image's SHA-256 and PDQ hash against every enabled disallow list.</summary>
public sealed class ListStage(DisallowListIndex index) : IListStage
{
    public Task<IReadOnlyList<ListMatch>> MatchAsync(string sha256, PdqResult pdq, CancellationToken cancellationToken) =>
        index.MatchAsync(sha256, pdq.Hash, pdq.Quality, cancellationToken);
}
