namespace ReviewConsole.Core.Scoring.Text;

/// <summary>A line of text found in an image.</summary>
/// <param name="Text">What the recogniser read.</param>
/// <param name="Confidence">The recogniser's confidence, 0..1.</param>
/// <param name="Box">Where the line is, in source pixel coordinates.</param>
public sealed record RecognizedLine(string Text, float Confidence, TextQuad Box);
