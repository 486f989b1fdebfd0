using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Core.Scoring.Pdq;

/// <summary>
/// Meta's PDQ perceptual hash, computed as the reference implementation does (facebook/ThreatExchange
/// <c>pdq/</c>): float luminance, a Jarosz tent filter and decimation to 64x64, the 16x16 low-frequency
/// block of the DCT, one bit per coefficient above the median; quality from the 64x64 gradients.
/// </summary>
/// <remarks>
/// Thread-safe and allocation-free per call once warm: the two full-size luminance buffers come from
/// the shared array pool, the small ones live on the stack. The running sums are vectorised across
/// columns but keep the reference's order of float operations, so results do not depend on the CPU.
/// Unlike the newest C++ command-line tool, the image is not first squashed to 512x512: the Java
/// reference and the published hashes filter the full image, and decoded frames are already at
/// most <see cref="DecodingOptions.MaxSide"/>.
/// </remarks>
public sealed class PdqHasher
{
    /// <summary>Images narrower or shorter than this get an all-zero hash of quality 0, as in the reference.</summary>
    public const int MinHashableSide = 5;

    private const int BlockSide = 64;
    private const int DctSide = 16;

    // Two X,Y passes of box filters make a tent filter (Jarosz, "Fast Image Convolutions", 2001).
    private const int JaroszPasses = 2;

    // The reference's DCT-II rows 1-16 (the DC row is skipped) scaled by sqrt(2/64), rounded to float.
    private static readonly float[] s_dct = BuildDctMatrix();

    /// <summary>Computes the hash and its quality (0-100; below 50 is usually too flat to trust).</summary>
    public PdqResult Compute(PixelBuffer image)
    {
        Span<float> dct = stackalloc float[DctSide * DctSide];
        if (!TryComputeDct(image, dct, out var quality))
        {
            return new PdqResult(default, 0);
        }

        return new PdqResult(ToHash(dct), quality);
    }

    /// <summary>
    /// Computes, from one pass over the pixels, the hashes the image would have after each of the
    /// eight rotations and flips, so a list can be searched for mirrored or turned copies of it.
    /// </summary>
    public PdqDihedralResult ComputeDihedral(PixelBuffer image)
    {
        Span<float> dct = stackalloc float[DctSide * DctSide];
        if (!TryComputeDct(image, dct, out var quality))
        {
            return new PdqDihedralResult(default, default, default, default, default, default, default, default, 0);
        }

        Span<float> transformed = stackalloc float[DctSide * DctSide];
        static PdqHash Transform(ReadOnlySpan<float> dct, Span<float> transformed, Dihedral kind)
        {
            var transpose = kind is Dihedral.Rotate90 or Dihedral.Rotate270 or Dihedral.FlipPlus1 or Dihedral.FlipMinus1;

            // A DCT basis function is even or odd about the centre, so turning or mirroring the image
            // only flips signs of odd rows/columns and, for quarter turns and diagonal flips, transposes.
            for (var i = 0; i < DctSide; i++)
            {
                for (var j = 0; j < DctSide; j++)
                {
                    var negate = kind switch
                    {
                        Dihedral.Rotate90 => (j & 1) == 0,
                        Dihedral.Rotate180 => ((i + j) & 1) == 1,
                        Dihedral.Rotate270 => (i & 1) == 0,
                        Dihedral.FlipX => (i & 1) == 0,
                        Dihedral.FlipY => (j & 1) == 0,
                        Dihedral.FlipMinus1 => ((i + j) & 1) == 1,
                        _ => false,
                    };
                    var value = dct[(i * DctSide) + j];
                    transformed[transpose ? (j * DctSide) + i : (i * DctSide) + j] = negate ? -value : value;
                }
            }

            return ToHash(transformed);
        }

        return new PdqDihedralResult(
            ToHash(dct),
            Transform(dct, transformed, Dihedral.Rotate90),
            Transform(dct, transformed, Dihedral.Rotate180),
            Transform(dct, transformed, Dihedral.Rotate270),
            Transform(dct, transformed, Dihedral.FlipX),
            Transform(dct, transformed, Dihedral.FlipY),
            Transform(dct, transformed, Dihedral.FlipPlus1),
            Transform(dct, transformed, Dihedral.FlipMinus1),
            quality);
    }

    private static bool TryComputeDct(PixelBuffer image, Span<float> dct, out int quality)
    {
        ArgumentNullException.ThrowIfNull(image);
        int rows = image.Height, cols = image.Width;
        if (rows < MinHashableSide || cols < MinHashableSide)
        {
            quality = 0;
            return false;
        }

        var size = rows * cols;
        var buffer1 = ArrayPool<float>.Shared.Rent(size);
        var buffer2 = ArrayPool<float>.Shared.Rent(size);
        var sums = ArrayPool<float>.Shared.Rent(cols);
        try
        {
            var luma = buffer1.AsSpan(0, size);
            var scratch = buffer2.AsSpan(0, size);
            FillLuma(image.Rgb, luma);

            var rowWindow = JaroszWindowSize(cols);
            var columnWindow = JaroszWindowSize(rows);
            for (var pass = 0; pass < JaroszPasses; pass++)
            {
                BoxAlongRows(luma, scratch, rows, cols, rowWindow);
                BoxAlongColumns(scratch, luma, rows, cols, columnWindow, sums.AsSpan(0, cols));
            }

            Span<float> block = stackalloc float[BlockSide * BlockSide];
            Decimate(luma, rows, cols, block);
            quality = Quality(block);
            Dct64To16(block, dct);
            return true;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sums);
            ArrayPool<float>.Shared.Return(buffer2);
            ArrayPool<float>.Shared.Return(buffer1);
        }
    }

    /// <summary>
    /// Per-pass box width: each output pixel of the 64x64 block covers 1/64 of the side, and two
    /// passes of half that width add up to it, hence side / 128, rounded up.
    /// </summary>
    internal static int JaroszWindowSize(int side) => (side + (2 * BlockSide) - 1) / (2 * BlockSide);

    private static float[] BuildDctMatrix()
    {
        var matrix = new float[DctSide * BlockSide];
        var scale = (float)Math.Sqrt(2.0 / BlockSide);
        for (var i = 0; i < DctSide; i++)
        {
            for (var j = 0; j < BlockSide; j++)
            {
                matrix[(i * BlockSide) + j] = (float)(scale * Math.Cos(Math.PI / 2 / BlockSide * (i + 1) * ((2 * j) + 1)));
            }
        }

        return matrix;
    }

    private static void FillLuma(byte[] rgb, Span<float> luma)
    {
        // Rec. 601 luma weights, as float, as in the reference.
        const float r = 0.299f, g = 0.587f, b = 0.114f;
        var pixels = rgb.AsSpan(0, luma.Length * 3);
        for (int i = 0, p = 0; i < luma.Length; i++, p += 3)
        {
            luma[i] = (r * pixels[p]) + (g * pixels[p + 1]) + (b * pixels[p + 2]);
        }
    }

    private static void BoxAlongRows(ReadOnlySpan<float> input, Span<float> output, int rows, int cols, int window)
    {
        for (var i = 0; i < rows; i++)
        {
            BoxOneRow(input.Slice(i * cols, cols), output.Slice(i * cols, cols), window);
        }
    }

    // The reference's four phases: fill half a window, write while the window grows, slide, shrink.
    private static void BoxOneRow(ReadOnlySpan<float> input, Span<float> output, int window)
    {
        var half = (window + 2) / 2;
        var growing = window - half + 1;
        var sliding = input.Length - window;
        var shrinking = half - 1;

        int left = 0, right = 0, o = 0, current = 0;
        var sum = 0f;
        for (var i = 0; i < half - 1; i++)
        {
            sum += input[right++];
            current++;
        }

        for (var i = 0; i < growing; i++)
        {
            sum += input[right++];
            current++;
            output[o++] = sum / current;
        }

        for (var i = 0; i < sliding; i++)
        {
            sum += input[right++];
            sum -= input[left++];
            output[o++] = sum / current;
        }

        for (var i = 0; i < shrinking; i++)
        {
            sum -= input[left++];
            current--;
            output[o++] = sum / current;
        }
    }

    // Same phases as BoxOneRow for every column at once, sweeping whole rows so memory is read in order.
    private static void BoxAlongColumns(ReadOnlySpan<float> input, Span<float> output, int rows, int cols, int window, Span<float> sums)
    {
        var half = (window + 2) / 2;
        var growing = window - half + 1;
        var sliding = rows - window;
        var shrinking = half - 1;

        sums.Clear();
        int left = 0, right = 0, o = 0, current = 0;
        for (var i = 0; i < half - 1; i++)
        {
            Add(sums, input.Slice(right++ * cols, cols));
            current++;
        }

        for (var i = 0; i < growing; i++)
        {
            Add(sums, input.Slice(right++ * cols, cols));
            current++;
            Divide(sums, current, output.Slice(o++ * cols, cols));
        }

        for (var i = 0; i < sliding; i++)
        {
            Add(sums, input.Slice(right++ * cols, cols));
            Subtract(sums, input.Slice(left++ * cols, cols));
            Divide(sums, current, output.Slice(o++ * cols, cols));
        }

        for (var i = 0; i < shrinking; i++)
        {
            Subtract(sums, input.Slice(left++ * cols, cols));
            current--;
            Divide(sums, current, output.Slice(o++ * cols, cols));
        }
    }

    private static void Add(Span<float> sums, ReadOnlySpan<float> row)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vectorSums = MemoryMarshal.Cast<float, Vector<float>>(sums);
            var vectorRow = MemoryMarshal.Cast<float, Vector<float>>(row);
            for (var v = 0; v < vectorSums.Length; v++)
            {
                vectorSums[v] += vectorRow[v];
            }

            i = vectorSums.Length * Vector<float>.Count;
        }

        for (; i < sums.Length; i++)
        {
            sums[i] += row[i];
        }
    }

    private static void Subtract(Span<float> sums, ReadOnlySpan<float> row)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vectorSums = MemoryMarshal.Cast<float, Vector<float>>(sums);
            var vectorRow = MemoryMarshal.Cast<float, Vector<float>>(row);
            for (var v = 0; v < vectorSums.Length; v++)
            {
                vectorSums[v] -= vectorRow[v];
            }

            i = vectorSums.Length * Vector<float>.Count;
        }

        for (; i < sums.Length; i++)
        {
            sums[i] -= row[i];
        }
    }

    private static void Divide(ReadOnlySpan<float> sums, int count, Span<float> output)
    {
        var i = 0;
        float divisor = count;
        if (Vector.IsHardwareAccelerated)
        {
            var vectorSums = MemoryMarshal.Cast<float, Vector<float>>(sums);
            var vectorOutput = MemoryMarshal.Cast<float, Vector<float>>(output);
            var vectorDivisor = new Vector<float>(divisor);
            for (var v = 0; v < vectorSums.Length; v++)
            {
                vectorOutput[v] = vectorSums[v] / vectorDivisor;
            }

            i = vectorSums.Length * Vector<float>.Count;
        }

        for (; i < sums.Length; i++)
        {
            output[i] = sums[i] / divisor;
        }
    }

    // Samples pixel centres, not corners, as the reference does.
    private static void Decimate(ReadOnlySpan<float> input, int rows, int cols, Span<float> block)
    {
        for (var i = 0; i < BlockSide; i++)
        {
            var sourceRow = (int)((i + 0.5) * rows / BlockSide);
            for (var j = 0; j < BlockSide; j++)
            {
                var sourceColumn = (int)((j + 0.5) * cols / BlockSide);
                block[(i * BlockSide) + j] = input[(sourceRow * cols) + sourceColumn];
            }
        }
    }

    // The reference's heuristic: count only significant steps between neighbours (each truncated to
    // whole percent of full scale), then scale by 1/90 so a typical photo lands near 100.
    private static int Quality(ReadOnlySpan<float> block)
    {
        var gradientSum = 0;
        for (var i = 0; i < BlockSide - 1; i++)
        {
            for (var j = 0; j < BlockSide; j++)
            {
                var u = block[(i * BlockSide) + j];
                var v = block[((i + 1) * BlockSide) + j];
                gradientSum += Math.Abs((int)((u - v) * 100 / 255));
            }
        }

        for (var i = 0; i < BlockSide; i++)
        {
            for (var j = 0; j < BlockSide - 1; j++)
            {
                var u = block[(i * BlockSide) + j];
                var v = block[(i * BlockSide) + j + 1];
                gradientSum += Math.Abs((int)((u - v) * 100 / 255));
            }
        }

        return Math.Min(gradientSum / 90, 100);
    }

    // B = D A D^T, computing only the 16x16 coefficients the hash keeps.
    private static void Dct64To16(ReadOnlySpan<float> block, Span<float> output)
    {
        Span<float> temp = stackalloc float[DctSide * BlockSide];
        temp.Clear();
        var d = s_dct.AsSpan();
        for (var i = 0; i < DctSide; i++)
        {
            var tempRow = temp.Slice(i * BlockSide, BlockSide);
            for (var k = 0; k < BlockSide; k++)
            {
                MultiplyAdd(tempRow, d[(i * BlockSide) + k], block.Slice(k * BlockSide, BlockSide));
            }
        }

        for (var i = 0; i < DctSide; i++)
        {
            var tempRow = temp.Slice(i * BlockSide, BlockSide);
            for (var j = 0; j < DctSide; j++)
            {
                var dRow = d.Slice(j * BlockSide, BlockSide);
                var sum = 0f;
                for (var k = 0; k < BlockSide; k++)
                {
                    sum += tempRow[k] * dRow[k];
                }

                output[(i * DctSide) + j] = sum;
            }
        }
    }

    // Separate multiply and add (no fused multiply-add) to round exactly as the reference's scalar loop.
    private static void MultiplyAdd(Span<float> accumulator, float factor, ReadOnlySpan<float> row)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated)
        {
            var vectorAccumulator = MemoryMarshal.Cast<float, Vector<float>>(accumulator);
            var vectorRow = MemoryMarshal.Cast<float, Vector<float>>(row);
            var vectorFactor = new Vector<float>(factor);
            for (var v = 0; v < vectorAccumulator.Length; v++)
            {
                vectorAccumulator[v] += vectorFactor * vectorRow[v];
            }

            i = vectorAccumulator.Length * Vector<float>.Count;
        }

        for (; i < accumulator.Length; i++)
        {
            accumulator[i] += factor * row[i];
        }
    }

    private static PdqHash ToHash(ReadOnlySpan<float> dct)
    {
        // The reference's median (Torben's method) is the 128th smallest of the 256 coefficients.
        Span<float> sorted = stackalloc float[DctSide * DctSide];
        dct.CopyTo(sorted);
        sorted.Sort();
        var median = sorted[(sorted.Length - 1) / 2];

        // Reference bit k (= row * 16 + column) is bit k of the hash read as one 256-bit number:
        // its hex form prints the sixteen 16-bit words from word 15 down to word 0.
        Span<ulong> words = stackalloc ulong[4];
        words.Clear();
        for (var k = 0; k < dct.Length; k++)
        {
            if (dct[k] > median)
            {
                words[k >> 6] |= 1UL << (k & 63);
            }
        }

        return new PdqHash(words[3], words[2], words[1], words[0]);
    }

    private enum Dihedral
    {
        Rotate90,
        Rotate180,
        Rotate270,
        FlipX,
        FlipY,
        FlipPlus1,
        FlipMinus1,
    }
}
