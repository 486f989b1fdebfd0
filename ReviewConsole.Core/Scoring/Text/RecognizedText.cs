namespace ReviewConsole.Core.Scoring.Text;

/// <summary>A line of text read by the recogniser and its confidence (mean probability of the kept symbols).</summary>
/// <param name="Text">The text; empty when nothing was read.</param>
/// <param name="Confidence">0..1; 0 when nothing was read.</param>
public readonly record struct RecognizedText(string Text, float Confidence);
