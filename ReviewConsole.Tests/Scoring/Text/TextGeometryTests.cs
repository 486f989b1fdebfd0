using System.Numerics;
using ReviewConsole.Core.Scoring.Text;
using Xunit;

namespace ReviewConsole.Tests.Scoring.Text;

public sealed class TextGeometryTests
{
    [Fact]
    public void FindsTheAxisAlignedRectangleGivenPointsOfAnUprightBlock()
    {
        Vector2[] points = Grid(10, 20, 30, 8);

        RotatedRect rect = TextGeometry.MinAreaRect(points);

        Assert.Equal(29f, Math.Max(rect.Width, rect.Height), 3);
        Assert.Equal(7f, rect.ShortSide, 3);
        Assert.Equal(new Vector2(24.5f, 23.5f), rect.Center);
    }

    [Fact]
    public void FindsTheTiltedRectangleGivenPointsOfARotatedBlock()
    {
        // A 40 x 10 rectangle turned by 30 degrees: an axis-aligned box would be far larger.
        float angle = MathF.PI / 6;
        var u = new Vector2(MathF.Cos(angle), MathF.Sin(angle));
        var v = new Vector2(-u.Y, u.X);
        var points = new List<Vector2>();
        for (int i = 0; i <= 40; i++)
        {
            for (int j = 0; j <= 10; j++)
            {
                points.Add(new Vector2(100, 100) + (u * i) + (v * j));
            }
        }

        RotatedRect rect = TextGeometry.MinAreaRect(points.ToArray());

        Assert.Equal(400f, rect.Area, 1);
        Assert.Equal(10f, rect.ShortSide, 2);
        Assert.Equal(1f, MathF.Abs(Vector2.Dot(rect.Width > rect.Height ? rect.WidthAxis : new Vector2(-rect.WidthAxis.Y, rect.WidthAxis.X), u)), 3);
    }

    [Fact]
    public void ReturnsAnEmptyRectangleGivenOnePoint()
    {
        RotatedRect rect = TextGeometry.MinAreaRect([new Vector2(3, 4)]);

        Assert.Equal(0f, rect.Area);
        Assert.Equal(new Vector2(3, 4), rect.Center);
    }

    [Fact]
    public void DropsInteriorAndCollinearPointsGivenHullOfASquare()
    {
        IReadOnlyList<Vector2> hull = TextGeometry.ConvexHull(Grid(0, 0, 5, 5));

        Assert.Equal(4, hull.Count);
    }

    [Fact]
    public void GrowsEachSideByAreaTimesRatioOverPerimeterGivenUnclip()
    {
        var rect = new RotatedRect(new Vector2(50, 50), Vector2.UnitX, 100, 20);

        RotatedRect grown = TextGeometry.Unclip(rect, 1.5f);

        // distance = 2000 * 1.5 / 240 = 12.5 on every side.
        Assert.Equal(125f, grown.Width, 4);
        Assert.Equal(45f, grown.Height, 4);
        Assert.Equal(rect.Center, grown.Center);
        Assert.Equal(rect.WidthAxis, grown.WidthAxis);
    }

    [Fact]
    public void OrdersCornersForReadingGivenTiltedRectangle()
    {
        var rect = new RotatedRect(new Vector2(50, 50), Vector2.Normalize(new Vector2(4, 1)), 60, 10);

        TextQuad quad = TextGeometry.ToReadingQuad(rect);

        Assert.True(quad.TopLeft.X < quad.TopRight.X && quad.BottomLeft.X < quad.BottomRight.X);
        Assert.True(quad.TopLeft.Y < quad.BottomLeft.Y && quad.TopRight.Y < quad.BottomRight.Y);
        Assert.Equal(600f, quad.Area, 1);
    }

    [Fact]
    public void TellsInsideFromOutsideGivenQuad()
    {
        TextQuad quad = TextQuad.FromRectangle(10, 10, 20, 10);

        Assert.True(quad.Contains(new Vector2(15, 15)));
        Assert.False(quad.Contains(new Vector2(31, 15)));
        Assert.True(quad.Contains(new Vector2(30.4f, 15), tolerance: 0.5f));
    }

    private static Vector2[] Grid(int x, int y, int width, int height)
    {
        var points = new List<Vector2>();
        for (int j = 0; j < height; j++)
        {
            for (int i = 0; i < width; i++)
            {
                points.Add(new Vector2(x + i, y + j));
            }
        }

        return points.ToArray();
    }
}
