using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>One detector's answer: category scores in [0,1] and the version of what produced them.</summary>
public sealed record StageScores(IReadOnlyDictionary<string, double> Scores, string Version, IReadOnlyList<string>? Snippets = null);

/// <summary>The nudity classifier: <c>nudity</c>, <c>suggestive</c>, <c>explicit_drawing</c>, <c>illustration</c>.</summary>
public interface INsfwStage
{
    /// <summary>Scores every frame; per category the maximum over frames wins.</summary>
    Task<StageScores> ScoreAsync(IReadOnlyList<PixelBuffer> frames, CancellationToken cancellationToken);
}

/// <summary>Text detection and recognition: <c>text</c> and <c>spam_text</c>.</summary>
public interface ITextStage
{
    Task<StageScores> ScoreAsync(PixelBuffer frame, CancellationToken cancellationToken);
}

/// <summary>The perceptual hash used by disallow lists.</summary>
public interface IPdqStage
{
    string Version { get; }

    PdqResult Hash(PixelBuffer frame);
}

/// <summary>Disallow-list matching: <c>disallowed</c>.</summary>
public interface IListStage
{
    Task<IReadOnlyList<ListMatch>> MatchAsync(string sha256, PdqResult pdq, CancellationToken cancellationToken);
}
