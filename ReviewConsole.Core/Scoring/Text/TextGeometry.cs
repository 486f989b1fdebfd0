using System.Numerics;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>
/// The geometry behind DB post-processing, written to match what PaddleOCR gets from OpenCV
/// (<c>cv2.minAreaRect</c>, <c>cv2.boxPoints</c>) and pyclipper, without either dependency.
/// </summary>
public static class TextGeometry
{
    /// <summary>Convex hull of <paramref name="points"/>, counter-clockwise in a y-up frame, without collinear points.</summary>
    public static IReadOnlyList<Vector2> ConvexHull(ReadOnlySpan<Vector2> points)
    {
        if (points.Length == 0)
        {
            return [];
        }

        Vector2[] sorted = points.ToArray();
        Array.Sort(sorted, static (a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));

        var hull = new List<Vector2>(sorted.Length + 1);
        for (int pass = 0; pass < 2; pass++)
        {
            int start = hull.Count;
            for (int k = 0; k < sorted.Length; k++)
            {
                Vector2 p = pass == 0 ? sorted[k] : sorted[sorted.Length - 1 - k];
                while (hull.Count >= start + 2 && Cross(hull[^2], hull[^1], p) <= 0)
                {
                    hull.RemoveAt(hull.Count - 1);
                }

                hull.Add(p);
            }

            hull.RemoveAt(hull.Count - 1);
        }

        if (hull.Count == 0)
        {
            hull.Add(sorted[0]);
        }

        return hull;
    }

    /// <summary>
    /// The rectangle of least area enclosing <paramref name="points"/> (rotating calipers over the hull's edges),
    /// as <c>cv2.minAreaRect</c> returns for a contour.
    /// </summary>
    public static RotatedRect MinAreaRect(ReadOnlySpan<Vector2> points)
    {
        IReadOnlyList<Vector2> hull = ConvexHull(points);
        if (hull.Count == 0)
        {
            return new RotatedRect(Vector2.Zero, Vector2.UnitX, 0, 0);
        }

        if (hull.Count == 1)
        {
            return new RotatedRect(hull[0], Vector2.UnitX, 0, 0);
        }

        double bestArea = double.MaxValue;
        RotatedRect best = default;
        for (int i = 0; i < hull.Count; i++)
        {
            Vector2 a = hull[i];
            Vector2 b = hull[(i + 1) % hull.Count];
            double ex = b.X - a.X;
            double ey = b.Y - a.Y;
            double length = Math.Sqrt((ex * ex) + (ey * ey));
            if (length < 1e-9)
            {
                continue;
            }

            double ux = ex / length;
            double uy = ey / length;
            double minU = double.MaxValue, maxU = double.MinValue, minV = double.MaxValue, maxV = double.MinValue;
            foreach (Vector2 p in hull)
            {
                double pu = (p.X * ux) + (p.Y * uy);
                double pv = (-p.X * uy) + (p.Y * ux);
                minU = Math.Min(minU, pu);
                maxU = Math.Max(maxU, pu);
                minV = Math.Min(minV, pv);
                maxV = Math.Max(maxV, pv);
            }

            double area = (maxU - minU) * (maxV - minV);
            if (area < bestArea - 1e-9)
            {
                bestArea = area;
                double cu = (minU + maxU) / 2;
                double cv = (minV + maxV) / 2;
                var center = new Vector2((float)((cu * ux) - (cv * uy)), (float)((cu * uy) + (cv * ux)));
                best = new RotatedRect(center, new Vector2((float)ux, (float)uy), (float)(maxU - minU), (float)(maxV - minV));
            }
        }

        return best;
    }

    /// <summary>
    /// Grows <paramref name="rect"/> by DB's unclip distance, <c>area * ratio / perimeter</c> on every side.
    /// </summary>
    /// <remarks>
    /// PaddleOCR offsets the box polygon with pyclipper (round joins) and takes the minimum-area rectangle of the
    /// result; for a rectangle that is exactly the rectangle grown by the distance on each side, because the
    /// rounded corners never reach past the grown sides.
    /// </remarks>
    public static RotatedRect Unclip(RotatedRect rect, float ratio)
    {
        float perimeter = 2f * (rect.Width + rect.Height);
        if (perimeter <= 0)
        {
            return rect;
        }

        float distance = rect.Area * ratio / perimeter;
        return rect with { Width = rect.Width + (2f * distance), Height = rect.Height + (2f * distance) };
    }

    /// <summary>
    /// Orders the corners of <paramref name="rect"/> as PaddleOCR's <c>get_mini_boxes</c> does: the two leftmost
    /// corners give top-left and bottom-left by y, the two rightmost give top-right and bottom-right.
    /// </summary>
    public static TextQuad ToReadingQuad(RotatedRect rect)
    {
        Vector2[] corners = rect.Corners();
        return OrderCorners(corners);
    }

    /// <summary>Orders four corners into top-left, top-right, bottom-right, bottom-left (leftmost pair, rightmost pair).</summary>
    public static TextQuad OrderCorners(ReadOnlySpan<Vector2> corners)
    {
        if (corners.Length != 4)
        {
            throw new ArgumentException("Expected four corners.", nameof(corners));
        }

        Vector2[] byX = corners.ToArray();
        Array.Sort(byX, static (a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Y.CompareTo(b.Y));
        (Vector2 topLeft, Vector2 bottomLeft) = byX[0].Y <= byX[1].Y ? (byX[0], byX[1]) : (byX[1], byX[0]);
        (Vector2 topRight, Vector2 bottomRight) = byX[2].Y <= byX[3].Y ? (byX[2], byX[3]) : (byX[3], byX[2]);
        return new TextQuad(topLeft, topRight, bottomRight, bottomLeft);
    }

    private static double Cross(Vector2 o, Vector2 a, Vector2 b) =>
        (((double)a.X - o.X) * ((double)b.Y - o.Y)) - (((double)a.Y - o.Y) * ((double)b.X - o.X));
}
