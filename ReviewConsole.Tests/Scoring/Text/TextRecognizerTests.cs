using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Text;
using Xunit;
using Xunit.Abstractions;

namespace ReviewConsole.Tests.Scoring.Text;

[Collection(OcrModelsCollection.Name)]
public sealed class TextRecognizerTests(OcrModelsFixture models, ITestOutputHelper output)
{
    // Rendered DejaVu Sans on white is the easiest input there is, so at most one edit is allowed, case-insensitively:
    // the Chinese PP-OCRv4 model reads some capitals of this font as lower case ("VISiT ... Now") and sometimes drops
    // a space ("mailspam@example.org"). The text rules are case-insensitive for the same reason.
    private const int AllowedEdits = 1;

    [Theory]
    [InlineData("url.ppm", "VISIT www.example.com NOW")]
    [InlineData("phone.ppm", "call 555-123-4567")]
    [InlineData("email.ppm", "mail spam@example.org")]
    [InlineData("handle.ppm", "@someone")]
    [InlineData("clean.ppm", "hello world")]
    [InlineData("large-text.ppm", "SALE")]
    public void ReadsTheLineGivenDetectedBox(string fixture, string expected)
    {
        PixelBuffer image = TextTestImages.Load(fixture);
        IReadOnlyList<TextBox> boxes = models.Detector.Detect(image);

        RecognizedText read = Assert.Single(models.Recognizer.Recognize(image, boxes.Select(b => b.Quad).ToList()));

        output.WriteLine($"{fixture}: \"{read.Text}\" confidence {read.Confidence:F3}");
        Assert.True(Edits(read.Text, expected) <= AllowedEdits, $"read \"{read.Text}\", expected \"{expected}\"");
        Assert.InRange(read.Confidence, 0.8f, 1f);
    }

    [Fact]
    public void ReadsEachLineGivenMultiLineImage()
    {
        PixelBuffer image = TextTestImages.Load("multiline.ppm");
        IReadOnlyList<TextBox> boxes = models.Detector.Detect(image);

        IReadOnlyList<RecognizedText> lines = models.Recognizer.Recognize(image, boxes.Select(b => b.Quad).ToList());

        foreach (RecognizedText line in lines)
        {
            output.WriteLine($"multiline: \"{line.Text}\" confidence {line.Confidence:F3}");
        }

        string[] expected = ["Hello world", "Second line here", "Third line 42"];
        Assert.Equal(expected.Length, lines.Count);
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.True(Edits(lines[i].Text, expected[i]) <= AllowedEdits, $"line {i} read \"{lines[i].Text}\"");
        }
    }

    [Fact]
    public void ReadsTheLineGivenTextRunningTopToBottom()
    {
        // The url line turned a quarter clockwise: its box is tall, so the recogniser turns the crop a quarter
        // counter-clockwise (PaddleOCR's np.rot90) before reading it.
        PixelBuffer image = RotateClockwise(TextTestImages.Load("url.ppm"));
        TextBox box = Assert.Single(models.Detector.Detect(image));

        RecognizedText read = Assert.Single(models.Recognizer.Recognize(image, [box.Quad]));

        output.WriteLine($"rotated: box {box.Quad.Width:F0} x {box.Quad.Height:F0}; \"{read.Text}\" confidence {read.Confidence:F3}");
        Assert.True(box.Quad.Height > 5 * box.Quad.Width);
        Assert.True(Edits(read.Text, "VISIT www.example.com NOW") <= AllowedEdits, $"read \"{read.Text}\"");
    }

    [Fact]
    public void ReturnsEmptyTextGivenDegenerateRegion()
    {
        PixelBuffer image = TextTestImages.Load("clean.ppm");

        RecognizedText read = Assert.Single(models.Recognizer.Recognize(image, [TextQuad.FromRectangle(10, 10, 0.5f, 0.5f)]));

        Assert.Equal(new RecognizedText("", 0f), read);
    }

    [Fact]
    public void ReadsTheSameTextGivenAngleClassifierEnabled()
    {
        var options = new TextOptions { ModelsDirectory = models.ModelsDirectory, UseAngleClassifier = true };
        using var recognizer = new TextRecognizer(options);
        PixelBuffer image = TextTestImages.Load("phone.ppm");
        TextQuad quad = Assert.Single(models.Detector.Detect(image)).Quad;
        var upsideDown = new TextQuad(quad.BottomRight, quad.BottomLeft, quad.TopLeft, quad.TopRight);

        IReadOnlyList<RecognizedText> reads = recognizer.Recognize(image, [quad, upsideDown]);

        output.WriteLine($"cls: \"{reads[0].Text}\" / upside down given: \"{reads[1].Text}\"");
        Assert.All(reads, r => Assert.True(Edits(r.Text, "call 555-123-4567") <= AllowedEdits, $"read \"{r.Text}\""));
    }

    [Fact]
    public void LoadsTheDictionaryMatchingTheModel()
    {
        // 6623 dictionary symbols + blank + space = the model's 6625 classes.
        Assert.Equal(6625, models.Recognizer.AlphabetSize);
    }

    private static int Edits(string read, string expected) =>
        TextTestImages.EditDistance(read.ToUpperInvariant(), expected.ToUpperInvariant());

    private static PixelBuffer RotateClockwise(PixelBuffer image)
    {
        int width = image.Height;
        int height = image.Width;
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < image.Height; y++)
        {
            for (int x = 0; x < image.Width; x++)
            {
                // (x, y) goes to (H - 1 - y, x).
                Array.Copy(image.Rgb, ((y * image.Width) + x) * 3, rgb, ((x * width) + (image.Height - 1 - y)) * 3, 3);
            }
        }

        return new PixelBuffer(width, height, rgb);
    }
}
