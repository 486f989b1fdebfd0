using System.Numerics;
using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>
/// Samples a quadrilateral of an image into an upright rectangle (perspective warp), the crop PaddleOCR's
/// <c>get_rotate_crop_image</c> makes before recognition.
/// </summary>
public static class TextCrop
{
    /// <summary>
    /// Warps <paramref name="quad"/> of <paramref name="image"/> onto a <paramref name="width"/> x
    /// <paramref name="height"/> RGB image, top-left corner to top-left. Samples bilinearly and repeats the
    /// border outside the image (<c>BORDER_REPLICATE</c>).
    /// </summary>
    /// <remarks>
    /// PaddleOCR warps at the crop's own size (bicubic) and then resizes to the recogniser's height (bilinear);
    /// sampling once at the final size avoids the second interpolation and a full-size intermediate image.
    /// </remarks>
    public static byte[] Sample(PixelBuffer image, TextQuad quad, int width, int height)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var output = new byte[width * height * 3];
        Homography map = Homography.FromUnitSquare(quad);
        byte[] rgb = image.Rgb;
        int w = image.Width;
        int h = image.Height;
        for (int v = 0; v < height; v++)
        {
            float sv = (v + 0.5f) / height;
            for (int u = 0; u < width; u++)
            {
                Vector2 source = map.Apply((u + 0.5f) / width, sv);
                // The unit square's edges are pixel corners; sampling positions are pixel centres.
                float x = Math.Clamp(source.X - 0.5f, 0, w - 1);
                float y = Math.Clamp(source.Y - 0.5f, 0, h - 1);
                int x0 = (int)x;
                int y0 = (int)y;
                int x1 = Math.Min(x0 + 1, w - 1);
                int y1 = Math.Min(y0 + 1, h - 1);
                float fx = x - x0;
                float fy = y - y0;
                int o = ((v * width) + u) * 3;
                int i00 = ((y0 * w) + x0) * 3;
                int i01 = ((y0 * w) + x1) * 3;
                int i10 = ((y1 * w) + x0) * 3;
                int i11 = ((y1 * w) + x1) * 3;
                for (int c = 0; c < 3; c++)
                {
                    float top = rgb[i00 + c] + ((rgb[i01 + c] - rgb[i00 + c]) * fx);
                    float bottom = rgb[i10 + c] + ((rgb[i11 + c] - rgb[i10 + c]) * fx);
                    output[o + c] = (byte)Math.Clamp((int)MathF.Round(top + ((bottom - top) * fy)), 0, 255);
                }
            }
        }

        return output;
    }

    /// <summary>Maps the unit square onto a quad: (0,0) to top-left, (1,0) top-right, (1,1) bottom-right, (0,1) bottom-left.</summary>
    private readonly struct Homography
    {
        private readonly double _a, _b, _c, _d, _e, _f, _g, _h;

        private Homography(double a, double b, double c, double d, double e, double f, double g, double h)
        {
            (_a, _b, _c, _d, _e, _f, _g, _h) = (a, b, c, d, e, f, g, h);
        }

        public static Homography FromUnitSquare(TextQuad q)
        {
            double x0 = q.TopLeft.X, y0 = q.TopLeft.Y, x1 = q.TopRight.X, y1 = q.TopRight.Y;
            double x2 = q.BottomRight.X, y2 = q.BottomRight.Y, x3 = q.BottomLeft.X, y3 = q.BottomLeft.Y;
            double sx = x0 - x1 + x2 - x3;
            double sy = y0 - y1 + y2 - y3;
            double den = ((x1 - x2) * (y3 - y2)) - ((x3 - x2) * (y1 - y2));
            if ((Math.Abs(sx) < 1e-9 && Math.Abs(sy) < 1e-9) || Math.Abs(den) < 1e-12)
            {
                return new Homography(x1 - x0, x3 - x0, x0, y1 - y0, y3 - y0, y0, 0, 0);
            }

            double g = ((sx * (y3 - y2)) - ((x3 - x2) * sy)) / den;
            double h = (((x1 - x2) * sy) - (sx * (y1 - y2))) / den;
            return new Homography(x1 - x0 + (g * x1), x3 - x0 + (h * x3), x0, y1 - y0 + (g * y1), y3 - y0 + (h * y3), y0, g, h);
        }

        public Vector2 Apply(double u, double v)
        {
            double w = (_g * u) + (_h * v) + 1;
            return new Vector2((float)(((_a * u) + (_b * v) + _c) / w), (float)(((_d * u) + (_e * v) + _f) / w));
        }
    }
}
