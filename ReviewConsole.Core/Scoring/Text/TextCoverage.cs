using System.Numerics;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>The share of an image covered by text boxes, counting overlaps once.</summary>
public static class TextCoverage
{
    /// <summary>
    /// Rasterises <paramref name="quads"/> onto a grid of at most <paramref name="gridSide"/> cells along the
    /// image's longer side and returns the covered share of the image, 0..1 (union, not sum).
    /// </summary>
    /// <remarks>A cell counts when its centre lies in a box, so the result is exact to about one cell per box edge.</remarks>
    public static double Compute(int width, int height, IEnumerable<TextQuad> quads, int gridSide = 512)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(gridSide);
        ArgumentNullException.ThrowIfNull(quads);
        float cell = Math.Max(1f, (float)Math.Max(width, height) / gridSide);
        int columns = (int)MathF.Ceiling(width / cell);
        int rows = (int)MathF.Ceiling(height / cell);
        var covered = new bool[columns * rows];
        double area = 0;
        foreach (TextQuad quad in quads)
        {
            int c0 = Math.Clamp((int)MathF.Floor(quad.MinX / cell), 0, columns - 1);
            int c1 = Math.Clamp((int)MathF.Ceiling(quad.MaxX / cell), 0, columns - 1);
            int r0 = Math.Clamp((int)MathF.Floor(quad.MinY / cell), 0, rows - 1);
            int r1 = Math.Clamp((int)MathF.Ceiling(quad.MaxY / cell), 0, rows - 1);
            for (int r = r0; r <= r1; r++)
            {
                float top = r * cell;
                float bottom = MathF.Min(height, top + cell);
                for (int c = c0; c <= c1; c++)
                {
                    int index = (r * columns) + c;
                    if (covered[index])
                    {
                        continue;
                    }

                    float left = c * cell;
                    float right = MathF.Min(width, left + cell);
                    if (quad.Contains(new Vector2((left + right) / 2f, (top + bottom) / 2f)))
                    {
                        covered[index] = true;
                        area += (right - left) * (bottom - top);
                    }
                }
            }
        }

        return Math.Clamp(area / ((double)width * height), 0, 1);
    }
}
