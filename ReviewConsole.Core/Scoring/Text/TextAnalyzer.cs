using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>
/// The <c>text</c> detector: finds text boxes, measures how much of the image they cover, reads the largest of
/// them and applies the admin's text rules to what was read.
/// </summary>
public sealed class TextAnalyzer
{
    private readonly ITextDetector _detector;
    private readonly ITextRecognizer _recognizer;
    private readonly TextOptions _options;

    /// <summary>Composes the two stages; the analyzer does not own them.</summary>
    public TextAnalyzer(ITextDetector detector, ITextRecognizer recognizer, TextOptions options)
    {
        ArgumentNullException.ThrowIfNull(detector);
        ArgumentNullException.ThrowIfNull(recognizer);
        ArgumentNullException.ThrowIfNull(options);
        _detector = detector;
        _recognizer = recognizer;
        _options = options;
    }

    /// <summary>The model version to report with the scores.</summary>
    public string ModelVersion => _options.ModelVersion;

    /// <summary>Detects, measures and reads the text of <paramref name="image"/> and evaluates <paramref name="rules"/> on it.</summary>
    public TextAnalysis Analyze(PixelBuffer image, TextRules rules, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(rules);
        IReadOnlyList<TextBox> boxes = _detector.Detect(image);
        double coverage = TextCoverage.Compute(image.Width, image.Height, boxes.Select(b => b.Quad));
        cancellationToken.ThrowIfCancellationRequested();
        if (boxes.Count == 0 || _options.MaxRecognizedBoxes == 0)
        {
            return new TextAnalysis([], boxes.Count, coverage, SpamEvaluation.None);
        }

        // Past the cap, the largest boxes are read: big text is what a viewer sees first.
        List<TextBox> chosen = boxes
            .Select((box, order) => (box, order))
            .OrderByDescending(b => b.box.Quad.Area)
            .Take(_options.MaxRecognizedBoxes)
            .OrderBy(b => b.order)
            .Select(b => b.box)
            .ToList();
        IReadOnlyList<RecognizedText> texts = _recognizer.Recognize(image, chosen.Select(b => b.Quad).ToList());
        var lines = new List<RecognizedLine>(texts.Count);
        for (int i = 0; i < texts.Count; i++)
        {
            if (texts[i].Text.Length > 0 && texts[i].Confidence >= _options.MinLineConfidence)
            {
                lines.Add(new RecognizedLine(texts[i].Text, texts[i].Confidence, chosen[i].Quad));
            }
        }

        return new TextAnalysis(lines, boxes.Count, coverage, rules.Evaluate(lines));
    }
}
