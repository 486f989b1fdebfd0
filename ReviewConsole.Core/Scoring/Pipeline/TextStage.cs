using Microsoft.Extensions.Options;
using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>PP-OCRv4 detection and recognition on the first frame, then the admin's text rules.</summary>
public sealed class TextStage(ScoringModels models, IOptionsMonitor<TextRulesOptions> rules) : ITextStage
{
    public Task<StageScores> ScoreAsync(PixelBuffer frame, CancellationToken cancellationToken)
    {
        var loaded = models.Get();
        var analysis = loaded.Text.Analyze(frame, rules.CurrentValue.ToRules(), cancellationToken);
        var snippets = analysis.Spam.Matches.Select(m => $"{m.Rule}: {m.Snippet}").Distinct().ToList();
        return Task.FromResult(new StageScores(analysis.Scores(), loaded.TextVersion, snippets));
    }
}
