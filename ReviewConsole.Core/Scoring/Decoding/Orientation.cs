namespace ReviewConsole.Core.Scoring.Decoding;

/// <summary>EXIF orientation (1-8) applied while copying decoded RGB out of native memory.</summary>
internal static class Orientation
{
    /// <summary>
    /// Copies <paramref name="source"/> (<paramref name="width"/> x <paramref name="height"/> RGB as
    /// stored) into a new buffer as it should be displayed. Unknown values count as 1 (as stored).
    /// </summary>
    public static PixelBuffer CopyUpright(ReadOnlySpan<byte> source, int width, int height, int orientation)
    {
        var rgb = new byte[source.Length];
        if (orientation is < 2 or > 8)
        {
            source.CopyTo(rgb);
            return new PixelBuffer(width, height, rgb);
        }

        var transposed = orientation >= 5;
        var outWidth = transposed ? height : width;
        var outHeight = transposed ? width : height;
        for (var y = 0; y < outHeight; y++)
        {
            for (var x = 0; x < outWidth; x++)
            {
                var (sx, sy) = orientation switch
                {
                    2 => (width - 1 - x, y),
                    3 => (width - 1 - x, height - 1 - y),
                    4 => (x, height - 1 - y),
                    5 => (y, x),
                    6 => (y, height - 1 - x),
                    7 => (width - 1 - y, height - 1 - x),
                    _ => (width - 1 - y, x),
                };
                var from = ((sy * width) + sx) * 3;
                var to = ((y * outWidth) + x) * 3;
                rgb[to] = source[from];
                rgb[to + 1] = source[from + 1];
                rgb[to + 2] = source[from + 2];
            }
        }

        return new PixelBuffer(outWidth, outHeight, rgb);
    }
}
