using System.Collections.Immutable;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Text;
using Xunit;
using Xunit.Abstractions;

namespace ReviewConsole.Tests.Scoring.Text;

[Collection(OcrModelsCollection.Name)]
public sealed class TextAnalyzerTests(OcrModelsFixture models, ITestOutputHelper output)
{
    [Theory]
    [InlineData("url.ppm", TextRules.UrlRule, "www.example.com")]
    [InlineData("phone.ppm", TextRules.PhoneRule, "555-123-4567")]
    [InlineData("email.ppm", TextRules.EmailRule, "spam@example.org")]
    [InlineData("handle.ppm", TextRules.HandleRule, "@someone")]
    public void FlagsSpamTextGivenImageWithContactDetails(string fixture, string rule, string snippet)
    {
        TextAnalysis analysis = models.Analyzer.Analyze(TextTestImages.Load(fixture), TextRules.Default);

        Log(fixture, analysis);
        TextRuleMatch match = Assert.Single(analysis.Spam.Matches);
        Assert.Equal(rule, match.Rule);
        // The recogniser may merge a neighbouring word ("mailspam@example.org" for "mail spam@example.org").
        Assert.Contains(snippet, match.Snippet, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1f, analysis.Spam.Score);
        Assert.Equal(1.0, analysis.Scores()[TextAnalysis.SpamTextCategory]);
    }

    [Fact]
    public void FlagsNoSpamGivenImageWithCleanText()
    {
        TextAnalysis analysis = models.Analyzer.Analyze(TextTestImages.Load("clean.ppm"), TextRules.Default);

        Log("clean.ppm", analysis);
        Assert.Equal("hello world", Assert.Single(analysis.Lines).Text);
        Assert.Empty(analysis.Spam.Matches);
        Assert.Equal(0f, analysis.Spam.Score);
    }

    [Fact]
    public void FlagsBlockedWordGivenImageContainingIt()
    {
        var rules = TextRules.Default with { BlockedWords = ["second"] };

        TextAnalysis analysis = models.Analyzer.Analyze(TextTestImages.Load("multiline.ppm"), rules);

        Log("multiline.ppm", analysis);
        Assert.Equal(3, analysis.Lines.Count);
        TextRuleMatch match = Assert.Single(analysis.Spam.Matches);
        Assert.Equal((TextRules.BlockedWordRule, 1), (match.Rule, match.LineIndex));
    }

    [Fact]
    public void FindsNothingGivenPhotoWithoutText()
    {
        TextAnalysis analysis = models.Analyzer.Analyze(TextTestImages.Load("blank-photo.ppm"), TextRules.Default);

        Assert.Empty(analysis.Lines);
        Assert.Equal(0, analysis.DetectedBoxes);
        Assert.Equal(0, analysis.Coverage);
        Assert.Equal(0f, analysis.Spam.Score);
    }

    [Fact]
    public void MeasuresPlausibleCoverageGivenSingleLine()
    {
        PixelBuffer image = TextTestImages.Load("url.ppm");
        (int X0, int Y0, int X1, int Y1) ink = TextTestImages.InkBounds(image);
        double inkShare = (ink.X1 - ink.X0 + 1.0) * (ink.Y1 - ink.Y0 + 1.0) / (image.Width * image.Height);

        TextAnalysis analysis = models.Analyzer.Analyze(image, TextRules.Default);

        output.WriteLine($"url.ppm coverage {analysis.Coverage:F3}, ink box share {inkShare:F3}");
        // The box hugs the line with DB's unclip margin: a little more than the ink's own box.
        Assert.InRange(analysis.Coverage, inkShare * 0.9, inkShare * 1.6);
    }

    [Fact]
    public void MeasuresMoreCoverageGivenLargerText()
    {
        TextAnalysis small = models.Analyzer.Analyze(TextTestImages.Load("small-text.ppm"), TextRules.Default);
        TextAnalysis large = models.Analyzer.Analyze(TextTestImages.Load("large-text.ppm"), TextRules.Default);

        output.WriteLine($"coverage small {small.Coverage:F4}, large {large.Coverage:F4}");
        Assert.InRange(small.Coverage, 0.002, 0.05);
        Assert.True(large.Coverage > 4 * small.Coverage, $"large {large.Coverage:F4} vs small {small.Coverage:F4}");
        Assert.Equal(large.Coverage, large.Scores()[TextAnalysis.TextCategory]);
    }

    [Fact]
    public void ReturnsTheTimeoutWithoutThrowingGivenRulesThatTimeOut()
    {
        ImmutableArray<string> words = [.. Enumerable.Range(1, 2000).Select(i => new string('a', (i % 40) + 1) + "b" + i)];
        var rules = TextRules.Default with { BlockedWords = words, BlockedWordTimeout = TimeSpan.FromMilliseconds(1) };
        var analyzer = new TextAnalyzer(
            new FixedDetector(TextQuad.FromRectangle(0, 0, 50, 10), TextQuad.FromRectangle(0, 20, 50, 10)),
            new FixedRecognizer(new string('a', 200_000), "call 555-123-4567"),
            new TextOptions());

        TextAnalysis analysis = analyzer.Analyze(TextTestImages.Load("clean.ppm"), rules);

        Assert.Contains(TextRules.BlockedWordRule, analysis.Spam.TimedOutRules);
        TextRuleMatch match = Assert.Single(analysis.Spam.Matches);
        Assert.Equal((TextRules.PhoneRule, "555-123-4567"), (match.Rule, match.Snippet));
    }

    [Fact]
    public void ReadsOnlyTheLargestBoxesGivenMoreThanTheCap()
    {
        var recognizer = new FixedRecognizer("a", "b");
        var analyzer = new TextAnalyzer(
            new FixedDetector(TextQuad.FromRectangle(0, 0, 10, 10), TextQuad.FromRectangle(0, 20, 90, 30), TextQuad.FromRectangle(0, 60, 40, 10)),
            recognizer,
            new TextOptions { MaxRecognizedBoxes = 2 });

        TextAnalysis analysis = analyzer.Analyze(TextTestImages.Load("clean.ppm"), TextRules.Default);

        Assert.Equal(3, analysis.DetectedBoxes);
        Assert.Equal([20f, 60f], recognizer.Seen.Select(q => q.MinY));
        Assert.Equal(["a", "b"], analysis.Lines.Select(l => l.Text));
    }

    [Fact]
    public void DropsLinesReadWithLowConfidenceGivenThreshold()
    {
        var analyzer = new TextAnalyzer(
            new FixedDetector(TextQuad.FromRectangle(0, 0, 50, 10)),
            new FixedRecognizer(0.3f, "www.example.com"),
            new TextOptions());

        TextAnalysis analysis = analyzer.Analyze(TextTestImages.Load("clean.ppm"), TextRules.Default);

        Assert.Empty(analysis.Lines);
        Assert.Equal(0f, analysis.Spam.Score);
    }

    private void Log(string fixture, TextAnalysis analysis)
    {
        output.WriteLine($"{fixture}: coverage {analysis.Coverage:F3}, spam {analysis.Spam.Score:F2}");
        foreach (RecognizedLine line in analysis.Lines)
        {
            output.WriteLine($"  \"{line.Text}\" {line.Confidence:F3}");
        }

        foreach (TextRuleMatch match in analysis.Spam.Matches)
        {
            output.WriteLine($"  {match.Rule}: {match.Snippet}");
        }
    }

    private sealed class FixedDetector(params TextQuad[] quads) : ITextDetector
    {
        public IReadOnlyList<TextBox> Detect(PixelBuffer image) => quads.Select(q => new TextBox(q, 0.9f)).ToList();
    }

    private sealed class FixedRecognizer(float confidence, params string[] texts) : ITextRecognizer
    {
        public FixedRecognizer(params string[] texts)
            : this(0.95f, texts)
        {
        }

        public List<TextQuad> Seen { get; } = [];

        public IReadOnlyList<RecognizedText> Recognize(PixelBuffer image, IReadOnlyList<TextQuad> regions)
        {
            Seen.AddRange(regions);
            return regions.Select((_, i) => new RecognizedText(texts[i % texts.Length], confidence)).ToList();
        }
    }
}
