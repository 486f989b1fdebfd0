using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>
/// PP-OCRv4 text detection: resizes the image as PaddleOCR's <c>DetResizeForTest</c> does, runs the DB model and
/// turns its probability map into boxes with <see cref="DbPostProcessor"/>. One instance serves all threads.
/// </summary>
public sealed class TextDetector : ITextDetector, IDisposable
{
    // PaddleOCR's det NormalizeImage: ImageNet statistics applied in array order to cv2's BGR pixels, so the
    // first pair belongs to blue.
    private static readonly float[] BgrMean = [0.485f, 0.456f, 0.406f];
    private static readonly float[] BgrStd = [0.229f, 0.224f, 0.225f];

    private readonly OcrSession _session;
    private readonly TextOptions _options;

    /// <summary>Loads the detection model named by <paramref name="options"/> and, if asked, warms it up.</summary>
    public TextDetector(TextOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _session = new OcrSession(options.PathOf(options.DetectionModelFile), options);
        if (options.WarmUp)
        {
            int side = Math.Min(640, RoundTo32(options.DetectionLimitSide));
            Detect(new PixelBuffer(side, side, new byte[side * side * 3]));
        }
    }

    /// <inheritdoc />
    public IReadOnlyList<TextBox> Detect(PixelBuffer image)
    {
        ArgumentNullException.ThrowIfNull(image);
        PixelBuffer padded = PadTiny(image);
        (int inputWidth, int inputHeight) = InputSize(padded.Width, padded.Height, _options.DetectionLimitSide);
        float[] input = Preprocess(padded, inputWidth, inputHeight);
        return _session.Run(input, [1, 3, inputHeight, inputWidth], (map, shape) =>
        {
            int mapHeight = (int)shape[2];
            int mapWidth = (int)shape[3];
            return DbPostProcessor.FindBoxes(
                map,
                mapWidth,
                mapHeight,
                (float)padded.Width / mapWidth,
                (float)padded.Height / mapHeight,
                image.Width,
                image.Height,
                _options);
        });
    }

    /// <summary>
    /// The detector's input size for a <paramref name="width"/> x <paramref name="height"/> image: the longer side
    /// scaled down to <paramref name="limitSide"/> if larger, then both sides rounded to multiples of 32 (at least 32).
    /// </summary>
    public static (int Width, int Height) InputSize(int width, int height, int limitSide)
    {
        float ratio = Math.Max(width, height) > limitSide ? (float)limitSide / Math.Max(width, height) : 1f;
        int resizedWidth = (int)(width * ratio);
        int resizedHeight = (int)(height * ratio);
        return (RoundTo32(resizedWidth), RoundTo32(resizedHeight));
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private static int RoundTo32(int value) => Math.Max((int)Math.Round(value / 32.0, MidpointRounding.ToEven) * 32, 32);

    private static PixelBuffer PadTiny(PixelBuffer image)
    {
        // DetResizeForTest pads images whose sides add up to less than 64 to at least 32 x 32 with black.
        if (image.Width + image.Height >= 64)
        {
            return image;
        }

        int width = Math.Max(32, image.Width);
        int height = Math.Max(32, image.Height);
        var rgb = new byte[width * height * 3];
        for (int y = 0; y < image.Height; y++)
        {
            Array.Copy(image.Rgb, y * image.Width * 3, rgb, y * width * 3, image.Width * 3);
        }

        return new PixelBuffer(width, height, rgb);
    }

    private static float[] Preprocess(PixelBuffer image, int width, int height)
    {
        // Bilinear with half-pixel centres, as cv2.resize(INTER_LINEAR).
        int sourceWidth = image.Width;
        int sourceHeight = image.Height;
        var x0 = new int[width];
        var x1 = new int[width];
        var fx = new float[width];
        float scaleX = (float)sourceWidth / width;
        for (int x = 0; x < width; x++)
        {
            float sx = Math.Clamp(((x + 0.5f) * scaleX) - 0.5f, 0, sourceWidth - 1);
            x0[x] = (int)sx * 3;
            x1[x] = Math.Min((int)sx + 1, sourceWidth - 1) * 3;
            fx[x] = sx - (int)sx;
        }

        int plane = width * height;
        var tensor = new float[3 * plane];
        byte[] rgb = image.Rgb;
        float scaleY = (float)sourceHeight / height;
        for (int y = 0; y < height; y++)
        {
            float sy = Math.Clamp(((y + 0.5f) * scaleY) - 0.5f, 0, sourceHeight - 1);
            int row0 = (int)sy * sourceWidth * 3;
            int row1 = Math.Min((int)sy + 1, sourceHeight - 1) * sourceWidth * 3;
            float fy = sy - (int)sy;
            int o = y * width;
            for (int x = 0; x < width; x++, o++)
            {
                for (int c = 0; c < 3; c++)
                {
                    // Tensor channel c is BGR channel c, i.e. RGB channel 2 - c.
                    int rgbChannel = 2 - c;
                    float a = rgb[row0 + x0[x] + rgbChannel];
                    float b = rgb[row0 + x1[x] + rgbChannel];
                    float d = rgb[row1 + x0[x] + rgbChannel];
                    float e = rgb[row1 + x1[x] + rgbChannel];
                    float top = a + ((b - a) * fx[x]);
                    float bottom = d + ((e - d) * fx[x]);
                    float value = top + ((bottom - top) * fy);
                    tensor[(c * plane) + o] = ((value / 255f) - BgrMean[c]) / BgrStd[c];
                }
            }
        }

        return tensor;
    }
}
