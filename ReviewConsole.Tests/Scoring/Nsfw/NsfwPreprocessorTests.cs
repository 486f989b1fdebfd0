using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Nsfw;
using ReviewConsole.Tests.TestSupport;
using Xunit;
using Xunit.Abstractions;

namespace ReviewConsole.Tests.Scoring.Nsfw;

[Collection(ModelsCollection.Name)]
public sealed class NsfwPreprocessorTests
{
    private readonly ModelsFixture _fixture;
    private readonly ITestOutputHelper _output;

    public NsfwPreprocessorTests(ModelsFixture fixture, ITestOutputHelper output)
    {
        _fixture = fixture;
        _output = output;
    }

    [Fact]
    public async Task MatchesTensorFlowJsResizeBilinearWithAlignCornersGivenSamePixels()
    {
        (byte[] Rgb, int Width, int Height)[] images =
        [
            (TestImages.PhotoLike(1920, 1080, 3), 1920, 1080),
            (TestImages.Noise(640, 480, 4), 640, 480),
            (TestImages.Noise(37, 53, 5), 37, 53),
            (TestImages.Noise(224, 224, 6), 224, 224),
            (TestImages.Noise(1, 300, 7), 1, 300),
        ];

        var expected = await _fixture.Reference.PreprocessAsync(224, images);

        var actual = new float[224 * 224 * 3];
        for (var i = 0; i < images.Length; i++)
        {
            NsfwPreprocessor.Preprocess(new PixelBuffer(images[i].Width, images[i].Height, images[i].Rgb), 224, actual);
            Assert.Equal(expected[i].Length, actual.Length);
            var maxDifference = expected[i].Zip(actual, (e, a) => Math.Abs(e - a)).Max();
            _output.WriteLine($"{images[i].Width}x{images[i].Height}: max |C# - TF.js| = {maxDifference:E2}");
            Assert.InRange(maxDifference, 0f, 1e-5f);
        }
    }

    [Fact]
    public void CornersOfTheOutputAreTheCornersOfTheImage()
    {
        const int width = 50, height = 30, size = 7;
        var rgb = TestImages.Noise(width, height, 8);
        var output = new float[size * size * 3];

        NsfwPreprocessor.Preprocess(rgb, width, height, size, output);

        foreach (var (outX, outY, inX, inY) in new[] { (0, 0, 0, 0), (size - 1, 0, width - 1, 0), (0, size - 1, 0, height - 1), (size - 1, size - 1, width - 1, height - 1) })
        {
            for (var c = 0; c < 3; c++)
            {
                Assert.Equal(rgb[(inY * width + inX) * 3 + c] / 255f, output[(outY * size + outX) * 3 + c]);
            }
        }
    }

    [Fact]
    public void ImageAlreadyAtModelSizeIsOnlyScaledToZeroOne()
    {
        var rgb = TestImages.Noise(224, 224, 9);
        var output = new float[224 * 224 * 3];

        NsfwPreprocessor.Preprocess(rgb, 224, 224, 224, output);

        Assert.Equal(rgb.Select(b => b / 255f), output);
    }

    [Fact]
    public void RefusesADestinationTooSmallForTheModelInput()
    {
        var rgb = TestImages.Noise(10, 10, 10);

        Assert.Throws<ArgumentException>(() => NsfwPreprocessor.Preprocess(rgb, 10, 10, 224, new float[224 * 224 * 3 - 1]));
    }
}
