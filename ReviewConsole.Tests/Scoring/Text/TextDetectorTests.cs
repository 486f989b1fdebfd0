using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Text;
using Xunit;
using Xunit.Abstractions;

namespace ReviewConsole.Tests.Scoring.Text;

[Collection(OcrModelsCollection.Name)]
public sealed class TextDetectorTests(OcrModelsFixture models, ITestOutputHelper output)
{
    [Theory]
    [InlineData("url.ppm")]
    [InlineData("phone.ppm")]
    [InlineData("email.ppm")]
    [InlineData("handle.ppm")]
    [InlineData("clean.ppm")]
    [InlineData("large-text.ppm")]
    public void FindsOneBoxCoveringTheTextGivenSingleLineImage(string fixture)
    {
        PixelBuffer image = TextTestImages.Load(fixture);
        (int X0, int Y0, int X1, int Y1) ink = TextTestImages.InkBounds(image);

        IReadOnlyList<TextBox> boxes = models.Detector.Detect(image);

        foreach (TextBox box in boxes)
        {
            output.WriteLine($"{fixture}: box x {box.Quad.MinX}..{box.Quad.MaxX} y {box.Quad.MinY}..{box.Quad.MaxY} score {box.Score:F3}; ink {ink}");
        }

        TextBox only = Assert.Single(boxes);
        Assert.True(TextTestImages.InkOverlap(only.Quad, ink) > 0.9, $"box covers {TextTestImages.InkOverlap(only.Quad, ink):P0} of the text");
        Assert.InRange(only.Score, models.Options.BoxThreshold, 1f);
    }

    [Fact]
    public void FindsNoBoxesGivenPhotoWithoutText()
    {
        IReadOnlyList<TextBox> boxes = models.Detector.Detect(TextTestImages.Load("blank-photo.ppm"));

        Assert.Empty(boxes);
    }

    [Fact]
    public void FindsNoBoxesGivenUniformImage()
    {
        var grey = new PixelBuffer(300, 200, Enumerable.Repeat((byte)128, 300 * 200 * 3).ToArray());

        Assert.Empty(models.Detector.Detect(grey));
    }

    [Fact]
    public void FindsOneBoxPerLineInReadingOrderGivenMultiLineImage()
    {
        PixelBuffer image = TextTestImages.Load("multiline.ppm");

        IReadOnlyList<TextBox> boxes = models.Detector.Detect(image);

        Assert.Equal(3, boxes.Count);
        Assert.True(boxes[0].Quad.MaxY <= boxes[1].Quad.MinY + 4 && boxes[1].Quad.MaxY <= boxes[2].Quad.MinY + 4, "lines are ordered top to bottom and barely overlap");
        (int X0, int Y0, int X1, int Y1) ink = TextTestImages.InkBounds(image);
        Assert.All(boxes, b => Assert.InRange(b.Quad.MinX, ink.X0 - 12, ink.X1));
    }

    [Fact]
    public void ReturnsBoxesInSourceCoordinatesGivenImageLargerThanTheLimit()
    {
        // The url fixture tiled over 1920x1080: the detector works at 960x544 and must scale its boxes back.
        PixelBuffer tile = TextTestImages.Load("url.ppm");
        PixelBuffer large = TextTestImages.Tile(tile, 1920, 1080);
        (int X0, int Y0, int X1, int Y1) ink = TextTestImages.InkBounds(tile);

        IReadOnlyList<TextBox> boxes = models.Detector.Detect(large);

        Assert.True(boxes.Count >= 9, $"found {boxes.Count} boxes");
        TextBox first = boxes[0];
        Assert.True(TextTestImages.InkOverlap(first.Quad, ink) > 0.8, $"first box x {first.Quad.MinX}..{first.Quad.MaxX} y {first.Quad.MinY}..{first.Quad.MaxY}");
        Assert.All(boxes, b => Assert.True(b.Quad.MaxX <= 1919 && b.Quad.MaxY <= 1079));
    }

    [Fact]
    public void FindsTheTextGivenTinyImage()
    {
        // Sides adding up to less than 64 are padded to 32 as PaddleOCR does; the box must stay inside the image.
        PixelBuffer image = TextTestImages.Load("handle.ppm");

        IReadOnlyList<TextBox> boxes = models.Detector.Detect(Crop(image, 100, 30, 120, 36));

        Assert.All(boxes, b => Assert.True(b.Quad.MaxX <= 119 && b.Quad.MaxY <= 35));
    }

    [Theory]
    [InlineData(1920, 1080, 960, 960, 544)]
    [InlineData(1080, 1920, 960, 544, 960)]
    // Python's round() halves to even: 400 / 32 = 12.5 rounds to 12.
    [InlineData(400, 96, 960, 384, 96)]
    [InlineData(20, 20, 960, 32, 32)]
    [InlineData(1000, 1000, 640, 640, 640)]
    public void SizesTheInputAsPaddleOcrGivenImageAndLimit(int width, int height, int limit, int expectedWidth, int expectedHeight)
    {
        Assert.Equal((expectedWidth, expectedHeight), TextDetector.InputSize(width, height, limit));
    }

    private static PixelBuffer Crop(PixelBuffer image, int x, int y, int width, int height)
    {
        var rgb = new byte[width * height * 3];
        for (int row = 0; row < height; row++)
        {
            Array.Copy(image.Rgb, (((y + row) * image.Width) + x) * 3, rgb, row * width * 3, width * 3);
        }

        return new PixelBuffer(width, height, rgb);
    }
}
