namespace ReviewConsole.Core.Scoring.Text;

/// <summary>The outcome of <see cref="TextRules.Evaluate"/>.</summary>
/// <param name="Score">The <c>spam_text</c> score, 0..1 (see <see cref="TextRules"/> for how it is derived).</param>
/// <param name="Matches">Every match, in line order.</param>
/// <param name="TimedOutRules">Rules whose pattern gave up on some line; their matches on that line are not counted.</param>
public sealed record SpamEvaluation(float Score, IReadOnlyList<TextRuleMatch> Matches, IReadOnlyList<string> TimedOutRules)
{
    /// <summary>No match, nothing timed out.</summary>
    public static SpamEvaluation None { get; } = new(0f, [], []);
}
