using System.Buffers;
using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Core.Scoring.Nsfw;

/// <summary>
/// nsfwjs' preprocessing (<c>NSFWJS.infer</c> in <c>dist/cjs/core.js</c>): RGB bytes to float / 255, then
/// <c>tf.image.resizeBilinear(size, size, alignCorners: true)</c>, NHWC.
/// </summary>
/// <remarks>
/// Computed straight from the bytes with TF.js's cpu kernel's arithmetic: the pixel values are the
/// float32 quotients b / 255, the interpolation runs in double precision and only the result is
/// rounded to float32, so the output is the same as TF.js's, bit for bit. Sampling 3 x size x size
/// points is all it costs, whatever the image size; nothing is allocated for sizes up to 512.
/// </remarks>
public static class NsfwPreprocessor
{
    private const int StackLimit = 512;

    // b / 255 as TF.js stores it (float32), widened once so the kernel's double arithmetic sees the same values.
    private static readonly double[] s_normalized = CreateTable();

    /// <summary>Writes the model input for <paramref name="image"/> into <paramref name="destination"/> (size x size x 3 floats).</summary>
    public static void Preprocess(PixelBuffer image, int size, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(image);
        Preprocess(image.Rgb, image.Width, image.Height, size, destination);
    }

    /// <summary>Writes the model input for an RGB image given as bytes (row-major, no padding).</summary>
    public static void Preprocess(ReadOnlySpan<byte> rgb, int width, int height, int size, Span<float> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(size);
        if (rgb.Length != width * height * 3)
        {
            throw new ArgumentException($"Expected {width * height * 3} bytes for {width}x{height} RGB, got {rgb.Length}.", nameof(rgb));
        }

        if (destination.Length < size * size * 3)
        {
            throw new ArgumentException($"Destination holds {destination.Length} floats, needs {size * size * 3}.", nameof(destination));
        }

        int[]? rentedColumns = null;
        double[]? rentedFractions = null;
        Span<int> left = size <= StackLimit ? stackalloc int[size] : (rentedColumns = ArrayPool<int>.Shared.Rent(size * 2)).AsSpan(0, size);
        Span<int> right = size <= StackLimit ? stackalloc int[size] : rentedColumns.AsSpan(size, size);
        Span<double> columnFractions = size <= StackLimit ? stackalloc double[size] : (rentedFractions = ArrayPool<double>.Shared.Rent(size)).AsSpan(0, size);
        try
        {
            double columnRatio = Ratio(width, size);
            for (var c = 0; c < size; c++)
            {
                var (floor, ceil, fraction) = Source(columnRatio * c, width);
                left[c] = floor * 3;
                right[c] = ceil * 3;
                columnFractions[c] = fraction;
            }

            double[] table = s_normalized;
            double rowRatio = Ratio(height, size);
            var output = 0;
            for (var r = 0; r < size; r++)
            {
                var (top, bottom, rowFraction) = Source(rowRatio * r, height);
                ReadOnlySpan<byte> topRow = rgb.Slice(top * width * 3, width * 3);
                ReadOnlySpan<byte> bottomRow = rgb.Slice(bottom * width * 3, width * 3);
                for (var c = 0; c < size; c++)
                {
                    var (l, rt, fraction) = (left[c], right[c], columnFractions[c]);
                    for (var d = 0; d < 3; d++)
                    {
                        double topLeft = table[topRow[l + d]];
                        double topRight = table[topRow[rt + d]];
                        double bottomLeft = table[bottomRow[l + d]];
                        double bottomRight = table[bottomRow[rt + d]];
                        double upper = topLeft + (topRight - topLeft) * fraction;
                        double lower = bottomLeft + (bottomRight - bottomLeft) * fraction;
                        destination[output++] = (float)(upper + (lower - upper) * rowFraction);
                    }
                }
            }
        }
        finally
        {
            if (rentedColumns is not null)
            {
                ArrayPool<int>.Shared.Return(rentedColumns);
            }

            if (rentedFractions is not null)
            {
                ArrayPool<double>.Shared.Return(rentedFractions);
            }
        }
    }

    // align_corners: the corner pixels of input and output coincide, so scale = (in - 1) / (out - 1).
    private static double Ratio(int input, int output) =>
        output > 1 ? (double)(input - 1) / (output - 1) : input / (double)output;

    private static (int Floor, int Ceil, double Fraction) Source(double position, int length)
    {
        var floor = Math.Max(0, (int)Math.Floor(position));
        var ceil = Math.Min(length - 1, (int)Math.Ceiling(position));
        return (floor, ceil, position - floor);
    }

    private static double[] CreateTable()
    {
        double[] table = new double[256];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = i / 255f;
        }

        return table;
    }
}
