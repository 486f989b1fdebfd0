using System.Numerics;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>A rectangle at any angle: its centre, the unit direction of its width, and its two side lengths.</summary>
/// <param name="Center">Centre of the rectangle.</param>
/// <param name="WidthAxis">Unit vector along the side measured by <paramref name="Width"/>.</param>
/// <param name="Width">Length along <paramref name="WidthAxis"/>.</param>
/// <param name="Height">Length across <paramref name="WidthAxis"/>.</param>
public readonly record struct RotatedRect(Vector2 Center, Vector2 WidthAxis, float Width, float Height)
{
    /// <summary>The shorter side; PaddleOCR drops boxes whose shorter side is too small to hold text.</summary>
    public float ShortSide => MathF.Min(Width, Height);

    /// <summary>Area of the rectangle.</summary>
    public float Area => Width * Height;

    /// <summary>The four corners in no particular order (see <see cref="TextGeometry.ToReadingQuad"/>).</summary>
    public Vector2[] Corners()
    {
        Vector2 u = WidthAxis * (Width / 2f);
        Vector2 v = new Vector2(-WidthAxis.Y, WidthAxis.X) * (Height / 2f);
        return [Center - u - v, Center + u - v, Center + u + v, Center - u + v];
    }
}
