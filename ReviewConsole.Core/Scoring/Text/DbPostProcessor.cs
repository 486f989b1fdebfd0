using System.Numerics;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>
/// Differentiable Binarization post-processing: turns the detector's text probability map into boxes in source
/// pixel coordinates, following PaddleOCR's <c>DBPostProcess</c> (quad boxes, "fast" score) and
/// <c>TextDetector.filter_tag_det_res</c>.
/// </summary>
/// <remarks>
/// OpenCV's contour tracing is replaced by 8-connected components of the binary map: a component's hull equals
/// its outer contour's hull, so the minimum-area rectangle is the same. Hole contours, which <c>RETR_LIST</c>
/// also reports, are not produced; text maps rarely have holes large enough to pass the size filter.
/// </remarks>
public static class DbPostProcessor
{
    /// <summary>
    /// Finds text boxes in <paramref name="probabilities"/> (row-major, <paramref name="mapWidth"/> x
    /// <paramref name="mapHeight"/>) and scales them to a <paramref name="sourceWidth"/> x
    /// <paramref name="sourceHeight"/> image, sorted top to bottom, left to right.
    /// </summary>
    /// <param name="probabilities">The probability map.</param>
    /// <param name="mapWidth">Width of the map.</param>
    /// <param name="mapHeight">Height of the map.</param>
    /// <param name="scaleX">Source pixels per map pixel along x.</param>
    /// <param name="scaleY">Source pixels per map pixel along y.</param>
    /// <param name="sourceWidth">Width of the source image; boxes are clipped to it.</param>
    /// <param name="sourceHeight">Height of the source image; boxes are clipped to it.</param>
    /// <param name="options">Thresholds; see <see cref="TextOptions"/>.</param>
    public static IReadOnlyList<TextBox> FindBoxes(
        ReadOnlySpan<float> probabilities,
        int mapWidth,
        int mapHeight,
        float scaleX,
        float scaleY,
        int sourceWidth,
        int sourceHeight,
        TextOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (probabilities.Length != mapWidth * mapHeight)
        {
            throw new ArgumentException("Map size does not match its dimensions.", nameof(probabilities));
        }

        List<List<Run>> components = FindComponents(probabilities, mapWidth, mapHeight, options.BinaryThreshold);
        var boxes = new List<TextBox>();
        var points = new List<Vector2>();
        int candidates = Math.Min(components.Count, options.MaxCandidates);
        for (int c = 0; c < candidates; c++)
        {
            points.Clear();
            foreach (Run run in components[c])
            {
                points.Add(new Vector2(run.Start, run.Y));
                if (run.End != run.Start)
                {
                    points.Add(new Vector2(run.End, run.Y));
                }
            }

            RotatedRect rect = TextGeometry.MinAreaRect(points.ToArray());
            // PaddleOCR's min_size = 3: smaller components are noise, not glyphs.
            if (rect.ShortSide < 3)
            {
                continue;
            }

            TextQuad quad = TextGeometry.ToReadingQuad(rect);
            float score = BoxScoreFast(probabilities, mapWidth, mapHeight, quad);
            if (score < options.BoxThreshold)
            {
                continue;
            }

            RotatedRect grown = TextGeometry.Unclip(rect, options.UnclipRatio);
            if (grown.ShortSide < 3 + 2)
            {
                continue;
            }

            TextQuad scaled = ScaleToSource(TextGeometry.ToReadingQuad(grown), scaleX, scaleY, sourceWidth, sourceHeight);
            // filter_tag_det_res drops boxes whose integer sides are 3 px or less after clipping.
            if ((int)Vector2.Distance(scaled.TopLeft, scaled.TopRight) <= 3 || (int)Vector2.Distance(scaled.TopLeft, scaled.BottomLeft) <= 3)
            {
                continue;
            }

            boxes.Add(new TextBox(scaled, score));
        }

        return SortReadingOrder(boxes);
    }

    /// <summary>
    /// Mean probability inside <paramref name="quad"/> over its bounding box, as PaddleOCR's
    /// <c>box_score_fast</c> computes with a filled polygon mask.
    /// </summary>
    public static float BoxScoreFast(ReadOnlySpan<float> probabilities, int mapWidth, int mapHeight, TextQuad quad)
    {
        int xMin = Math.Clamp((int)MathF.Floor(quad.MinX), 0, mapWidth - 1);
        int xMax = Math.Clamp((int)MathF.Ceiling(quad.MaxX), 0, mapWidth - 1);
        int yMin = Math.Clamp((int)MathF.Floor(quad.MinY), 0, mapHeight - 1);
        int yMax = Math.Clamp((int)MathF.Ceiling(quad.MaxY), 0, mapHeight - 1);
        double sum = 0;
        int count = 0;
        for (int y = yMin; y <= yMax; y++)
        {
            int row = y * mapWidth;
            for (int x = xMin; x <= xMax; x++)
            {
                // cv2.fillPoly paints the outline too, hence half a pixel of tolerance.
                if (quad.Contains(new Vector2(x, y), 0.5f))
                {
                    sum += probabilities[row + x];
                    count++;
                }
            }
        }

        return count == 0 ? 0f : (float)(sum / count);
    }

    /// <summary>
    /// Sorts boxes top to bottom, then left to right among boxes whose tops are within 10 px, as PaddleOCR's
    /// <c>sorted_boxes</c> does.
    /// </summary>
    public static IReadOnlyList<TextBox> SortReadingOrder(IEnumerable<TextBox> boxes)
    {
        List<TextBox> sorted = boxes
            .OrderBy(b => b.Quad.TopLeft.Y)
            .ThenBy(b => b.Quad.TopLeft.X)
            .ToList();
        for (int i = 0; i < sorted.Count - 1; i++)
        {
            for (int j = i; j >= 0; j--)
            {
                if (MathF.Abs(sorted[j + 1].Quad.TopLeft.Y - sorted[j].Quad.TopLeft.Y) < 10
                    && sorted[j + 1].Quad.TopLeft.X < sorted[j].Quad.TopLeft.X)
                {
                    (sorted[j], sorted[j + 1]) = (sorted[j + 1], sorted[j]);
                }
                else
                {
                    break;
                }
            }
        }

        return sorted;
    }

    private static TextQuad ScaleToSource(TextQuad quad, float scaleX, float scaleY, int sourceWidth, int sourceHeight)
    {
        Span<Vector2> corners = stackalloc Vector2[4];
        for (int i = 0; i < 4; i++)
        {
            Vector2 p = quad[i];
            float x = Math.Clamp(MathF.Round(p.X * scaleX), 0, sourceWidth - 1);
            float y = Math.Clamp(MathF.Round(p.Y * scaleY), 0, sourceHeight - 1);
            corners[i] = new Vector2(x, y);
        }

        return TextGeometry.OrderCorners(corners);
    }

    private static List<List<Run>> FindComponents(ReadOnlySpan<float> map, int width, int height, float threshold)
    {
        var runs = new List<Run>();
        var rowStarts = new int[height + 1];
        for (int y = 0; y < height; y++)
        {
            rowStarts[y] = runs.Count;
            ReadOnlySpan<float> row = map.Slice(y * width, width);
            int x = 0;
            while (x < width)
            {
                if (row[x] > threshold)
                {
                    int start = x;
                    while (x < width && row[x] > threshold)
                    {
                        x++;
                    }

                    runs.Add(new Run(y, start, x - 1));
                }
                else
                {
                    x++;
                }
            }
        }

        rowStarts[height] = runs.Count;
        var parent = new int[runs.Count];
        for (int i = 0; i < parent.Length; i++)
        {
            parent[i] = i;
        }

        for (int y = 1; y < height; y++)
        {
            int previous = rowStarts[y - 1];
            int previousEnd = rowStarts[y];
            for (int current = rowStarts[y]; current < rowStarts[y + 1]; current++)
            {
                Run run = runs[current];
                while (previous < previousEnd && runs[previous].End < run.Start - 1)
                {
                    previous++;
                }

                // 8-connectivity: runs touch when they overlap or meet diagonally.
                for (int p = previous; p < previousEnd && runs[p].Start <= run.End + 1; p++)
                {
                    Union(parent, p, current);
                }
            }
        }

        var byRoot = new Dictionary<int, List<Run>>();
        var ordered = new List<List<Run>>();
        for (int i = 0; i < runs.Count; i++)
        {
            int root = Find(parent, i);
            if (!byRoot.TryGetValue(root, out List<Run>? list))
            {
                list = [];
                byRoot[root] = list;
                ordered.Add(list);
            }

            list.Add(runs[i]);
        }

        return ordered;
    }

    private static int Find(int[] parent, int i)
    {
        while (parent[i] != i)
        {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }

        return i;
    }

    private static void Union(int[] parent, int a, int b)
    {
        int rootA = Find(parent, a);
        int rootB = Find(parent, b);
        if (rootA != rootB)
        {
            parent[Math.Max(rootA, rootB)] = Math.Min(rootA, rootB);
        }
    }

    private readonly record struct Run(int Y, int Start, int End);
}
