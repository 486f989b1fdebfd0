namespace ReviewConsole.Core.Scoring.Text;

/// <summary>What the text detector found in one image.</summary>
/// <param name="Lines">Lines read with at least <see cref="TextOptions.MinLineConfidence"/>, in reading order.</param>
/// <param name="DetectedBoxes">Number of text boxes found, including those not recognised.</param>
/// <param name="Coverage">Share of the image inside text boxes (union), 0..1: the <c>text</c> score.</param>
/// <param name="Spam">The admin's text rules applied to <paramref name="Lines"/>: the <c>spam_text</c> score.</param>
public sealed record TextAnalysis(IReadOnlyList<RecognizedLine> Lines, int DetectedBoxes, double Coverage, SpamEvaluation Spam)
{
    /// <summary>Category of the share of the image covered by text.</summary>
    public const string TextCategory = "text";

    /// <summary>Category of text that matches the admin's text rules.</summary>
    public const string SpamTextCategory = "spam_text";

    /// <summary>The two category scores this detector yields.</summary>
    public IReadOnlyDictionary<string, double> Scores() => new Dictionary<string, double>
    {
        [TextCategory] = Coverage,
        [SpamTextCategory] = Spam.Score,
    };
}
