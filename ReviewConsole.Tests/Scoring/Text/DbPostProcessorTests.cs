using ReviewConsole.Core.Scoring.Text;
using Xunit;

namespace ReviewConsole.Tests.Scoring.Text;

public sealed class DbPostProcessorTests
{
    private static readonly TextOptions Options = new();

    [Fact]
    public void FindsOneUnclippedBoxGivenOneBlockOfHighProbability()
    {
        float[] map = Map(200, 100);
        Fill(map, 200, x: 40, y: 30, width: 101, height: 21, value: 0.9f);

        IReadOnlyList<TextBox> boxes = DbPostProcessor.FindBoxes(map, 200, 100, 1, 1, 200, 100, Options);

        TextBox box = Assert.Single(boxes);
        Assert.Equal(0.9f, box.Score, 3);
        // The kernel spans 100 x 20 pixel centres; unclip adds 2000 * 1.5 / 240 = 12.5 on each side.
        Assert.Equal(40 - 12.5f, box.Quad.MinX, 0.51f);
        Assert.Equal(140 + 12.5f, box.Quad.MaxX, 0.51f);
        Assert.Equal(30 - 12.5f, box.Quad.MinY, 0.51f);
        Assert.Equal(50 + 12.5f, box.Quad.MaxY, 0.51f);
    }

    [Fact]
    public void ScalesBoxesToTheSourceGivenSmallerMap()
    {
        float[] map = Map(100, 50);
        Fill(map, 100, x: 20, y: 15, width: 51, height: 11, value: 0.95f);

        TextBox box = Assert.Single(DbPostProcessor.FindBoxes(map, 100, 50, 2, 2, 200, 100, Options));

        Assert.InRange(box.Quad.MinX, 20 * 2 - 20, 20 * 2);
        Assert.InRange(box.Quad.MaxX, 70 * 2, (70 * 2) + 20);
    }

    [Fact]
    public void DropsBlocksBelowTheBoxThresholdGivenWeakProbabilities()
    {
        float[] map = Map(200, 100);
        Fill(map, 200, x: 40, y: 30, width: 100, height: 20, value: 0.5f);

        Assert.Empty(DbPostProcessor.FindBoxes(map, 200, 100, 1, 1, 200, 100, Options));
    }

    [Fact]
    public void DropsSpecksGivenComponentsThinnerThanThreePixels()
    {
        float[] map = Map(200, 100);
        Fill(map, 200, x: 10, y: 10, width: 2, height: 2, value: 1f);
        Fill(map, 200, x: 50, y: 50, width: 120, height: 2, value: 1f);

        Assert.Empty(DbPostProcessor.FindBoxes(map, 200, 100, 1, 1, 200, 100, Options));
    }

    [Fact]
    public void JoinsDiagonalNeighboursGivenEightConnectivity()
    {
        float[] map = Map(100, 100);
        Fill(map, 100, x: 10, y: 10, width: 30, height: 10, value: 0.9f);
        Fill(map, 100, x: 40, y: 20, width: 30, height: 10, value: 0.9f);
        // The pair's rectangle is half empty, so its mean falls below the default 0.6.
        var lenient = new TextOptions { BoxThreshold = 0.2f };

        Assert.Single(DbPostProcessor.FindBoxes(map, 100, 100, 1, 1, 100, 100, lenient));
    }

    [Fact]
    public void SortsBoxesTopToBottomThenLeftToRightGivenTwoRows()
    {
        float[] map = Map(300, 200);
        Fill(map, 300, x: 160, y: 20, width: 100, height: 20, value: 0.9f);
        Fill(map, 300, x: 20, y: 24, width: 100, height: 20, value: 0.9f);
        Fill(map, 300, x: 20, y: 120, width: 100, height: 20, value: 0.9f);

        IReadOnlyList<TextBox> boxes = DbPostProcessor.FindBoxes(map, 300, 200, 1, 1, 300, 200, Options);

        Assert.Equal(3, boxes.Count);
        Assert.True(boxes[0].Quad.MinX < boxes[1].Quad.MinX, "same row: left first although its top is lower");
        Assert.True(boxes[2].Quad.MinY > 100);
    }

    [Fact]
    public void ScoresTheMeanInsideTheBoxGivenHalfFilledBox()
    {
        float[] map = Map(20, 20);
        Fill(map, 20, x: 0, y: 0, width: 10, height: 20, value: 1f);

        float score = DbPostProcessor.BoxScoreFast(map, 20, 20, TextQuad.FromRectangle(0, 0, 19, 19));

        Assert.Equal(0.5f, score, 3);
    }

    private static float[] Map(int width, int height) => new float[width * height];

    private static void Fill(float[] map, int mapWidth, int x, int y, int width, int height, float value)
    {
        for (int row = y; row < y + height; row++)
        {
            Array.Fill(map, value, (row * mapWidth) + x, width);
        }
    }
}
