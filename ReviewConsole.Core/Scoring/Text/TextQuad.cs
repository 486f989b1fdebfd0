using System.Numerics;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>
/// A text region as four corners in pixel coordinates (x right, y down), ordered top-left,
/// top-right, bottom-right, bottom-left as seen when reading the text.
/// </summary>
/// <param name="TopLeft">The corner where reading starts.</param>
/// <param name="TopRight">The top corner at the end of the line.</param>
/// <param name="BottomRight">The bottom corner at the end of the line.</param>
/// <param name="BottomLeft">The bottom corner where reading starts.</param>
public readonly record struct TextQuad(Vector2 TopLeft, Vector2 TopRight, Vector2 BottomRight, Vector2 BottomLeft)
{
    /// <summary>The corner at <paramref name="index"/> (0 top-left, 1 top-right, 2 bottom-right, 3 bottom-left).</summary>
    public Vector2 this[int index] => index switch
    {
        0 => TopLeft,
        1 => TopRight,
        2 => BottomRight,
        3 => BottomLeft,
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    /// <summary>Length of the longer of the top and bottom edges, as PaddleOCR sizes its crops.</summary>
    public float Width => MathF.Max(Vector2.Distance(TopLeft, TopRight), Vector2.Distance(BottomRight, BottomLeft));

    /// <summary>Length of the longer of the left and right edges.</summary>
    public float Height => MathF.Max(Vector2.Distance(TopLeft, BottomLeft), Vector2.Distance(TopRight, BottomRight));

    /// <summary>Area enclosed by the four corners (shoelace formula; the quad is assumed simple).</summary>
    public float Area => MathF.Abs(SignedArea());

    /// <summary>Smallest x of the corners.</summary>
    public float MinX => MathF.Min(MathF.Min(TopLeft.X, TopRight.X), MathF.Min(BottomRight.X, BottomLeft.X));

    /// <summary>Largest x of the corners.</summary>
    public float MaxX => MathF.Max(MathF.Max(TopLeft.X, TopRight.X), MathF.Max(BottomRight.X, BottomLeft.X));

    /// <summary>Smallest y of the corners.</summary>
    public float MinY => MathF.Min(MathF.Min(TopLeft.Y, TopRight.Y), MathF.Min(BottomRight.Y, BottomLeft.Y));

    /// <summary>Largest y of the corners.</summary>
    public float MaxY => MathF.Max(MathF.Max(TopLeft.Y, TopRight.Y), MathF.Max(BottomRight.Y, BottomLeft.Y));

    /// <summary>An axis-aligned quad covering <paramref name="x"/>..<paramref name="x"/>+<paramref name="width"/>.</summary>
    public static TextQuad FromRectangle(float x, float y, float width, float height) =>
        new(new Vector2(x, y), new Vector2(x + width, y), new Vector2(x + width, y + height), new Vector2(x, y + height));

    /// <summary>
    /// Whether <paramref name="point"/> lies inside the quad or within <paramref name="tolerance"/> pixels of its
    /// edges. The quad must be convex, which every box the detector produces is.
    /// </summary>
    public bool Contains(Vector2 point, float tolerance = 0f)
    {
        float orientation = SignedArea() >= 0 ? 1f : -1f;
        for (int i = 0; i < 4; i++)
        {
            Vector2 a = this[i];
            Vector2 b = this[(i + 1) & 3];
            Vector2 edge = b - a;
            float length = edge.Length();
            if (length < 1e-6f)
            {
                continue;
            }

            float cross = (edge.X * (point.Y - a.Y)) - (edge.Y * (point.X - a.X));
            if (orientation * cross / length < -tolerance)
            {
                return false;
            }
        }

        return true;
    }

    private float SignedArea()
    {
        float sum = 0;
        for (int i = 0; i < 4; i++)
        {
            Vector2 a = this[i];
            Vector2 b = this[(i + 1) & 3];
            sum += (a.X * b.Y) - (b.X * a.Y);
        }

        return sum / 2f;
    }
}
