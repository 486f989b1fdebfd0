using ReviewConsole.Core.Scoring.Text;
using Xunit;

namespace ReviewConsole.Tests.Scoring.Text;

public sealed class TextCoverageTests
{
    [Fact]
    public void CountsOverlapOnceGivenTwoOverlappingBoxes()
    {
        TextQuad a = TextQuad.FromRectangle(0, 0, 50, 50);
        TextQuad b = TextQuad.FromRectangle(25, 0, 50, 50);

        double coverage = TextCoverage.Compute(100, 100, [a, b]);

        Assert.Equal(0.375, coverage, 2);
    }

    [Fact]
    public void AddsAreasGivenDisjointBoxes()
    {
        double coverage = TextCoverage.Compute(200, 100, [TextQuad.FromRectangle(0, 0, 50, 20), TextQuad.FromRectangle(100, 50, 50, 20)]);

        Assert.Equal(2000.0 / 20000, coverage, 2);
    }

    [Fact]
    public void IsZeroGivenNoBoxes()
    {
        Assert.Equal(0, TextCoverage.Compute(640, 480, []));
    }

    [Fact]
    public void IsOneGivenBoxOverTheWholeImageAndBeyond()
    {
        Assert.Equal(1, TextCoverage.Compute(1920, 1080, [TextQuad.FromRectangle(-10, -10, 2000, 1200)]), 3);
    }

    [Fact]
    public void CountsTheTiltedAreaGivenRotatedBox()
    {
        // A diamond with diagonals 100 and 100 has area 5000; the 1 px grid adds the cells its edges cross.
        var diamond = new TextQuad(new(50, 0), new(100, 50), new(50, 100), new(0, 50));

        Assert.InRange(TextCoverage.Compute(100, 100, [diamond]), 0.49, 0.52);
    }
}
