namespace ReviewConsole.Core.Scoring.Text;

/// <summary>A detected text region with the detector's mean probability inside it.</summary>
/// <param name="Quad">The region in source pixel coordinates.</param>
/// <param name="Score">Mean text probability inside the region before unclipping, 0..1.</param>
public readonly record struct TextBox(TextQuad Quad, float Score);
