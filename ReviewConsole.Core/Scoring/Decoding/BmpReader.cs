using System.Buffers.Binary;
using System.Numerics;

namespace ReviewConsole.Core.Scoring.Decoding;

/// <summary>
/// Reads uncompressed Windows bitmaps into top-down RGB. libvips 8.14 only reads BMP through its
/// ImageMagick loader, which stays blocked (ImageMagick parses hundreds of formats); the
/// uncompressed layouts real uploads use are simple enough to read here, bounds-checked.
/// </summary>
internal static class BmpReader
{
    private const int FileHeaderSize = 14;
    private const int CompressionRgb = 0;
    private const int CompressionBitFields = 3;
    private const int CompressionAlphaBitFields = 6;

    /// <summary>True when <paramref name="data"/> starts like a bitmap ("BM" and a known info-header size).</summary>
    public static bool IsBmp(ReadOnlySpan<byte> data)
    {
        if (data.Length < FileHeaderSize + 4 || data[0] != (byte)'B' || data[1] != (byte)'M')
        {
            return false;
        }

        var infoSize = BinaryPrimitives.ReadInt32LittleEndian(data[FileHeaderSize..]);
        return infoSize is 12 or 40 or 52 or 56 or 108 or 124;
    }

    /// <summary>
    /// Reads the header and the pixels. Limits are checked before the pixel buffer is allocated.
    /// Alpha is ignored: many writers leave the fourth byte of 32-bit bitmaps at zero, which would
    /// otherwise turn the whole picture transparent.
    /// </summary>
    public static (int Width, int Height, byte[] Rgb) Read(ReadOnlySpan<byte> data, DecodeLimits limits)
    {
        if (!IsBmp(data))
        {
            throw Corrupt("not a bitmap header");
        }

        var pixelOffset = BinaryPrimitives.ReadInt32LittleEndian(data[10..]);
        var info = data[FileHeaderSize..];
        var infoSize = BinaryPrimitives.ReadInt32LittleEndian(info);
        if (info.Length < infoSize)
        {
            throw Corrupt("header cut short");
        }

        int width, height, bitsPerPixel, compression, paletteEntrySize, coloursUsed;
        if (infoSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(info[4..]);
            height = BinaryPrimitives.ReadInt16LittleEndian(info[6..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(info[10..]);
            compression = CompressionRgb;
            paletteEntrySize = 3;
            coloursUsed = 0;
        }
        else
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(info[4..]);
            height = BinaryPrimitives.ReadInt32LittleEndian(info[8..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(info[14..]);
            compression = BinaryPrimitives.ReadInt32LittleEndian(info[16..]);
            paletteEntrySize = 4;
            coloursUsed = BinaryPrimitives.ReadInt32LittleEndian(info[32..]);
        }

        var topDown = height < 0;
        if (height == int.MinValue || width <= 0 || height == 0)
        {
            throw Corrupt($"impossible size {width}x{height}");
        }

        height = Math.Abs(height);
        if ((long)width * height > limits.MaxPixels)
        {
            throw new ImageDecodeException(
                ImageDecodeFailure.TooManyPixels,
                $"The bitmap declares {width}x{height} pixels, over the limit of {limits.MaxPixels}.");
        }

        if (compression is not (CompressionRgb or CompressionBitFields or CompressionAlphaBitFields))
        {
            throw new ImageDecodeException(ImageDecodeFailure.UnsupportedFormat, $"Compressed bitmaps (method {compression}) are not accepted.");
        }

        if (bitsPerPixel is not (1 or 4 or 8 or 16 or 24 or 32))
        {
            throw Corrupt($"{bitsPerPixel} bits per pixel");
        }

        var (redMask, greenMask, blueMask) = ReadMasks(data, infoSize, bitsPerPixel, compression);
        var palette = bitsPerPixel <= 8
            ? ReadPalette(info[infoSize..], bitsPerPixel, coloursUsed, paletteEntrySize)
            : [];

        var stride = (int)((((long)width * bitsPerPixel) + 31) / 32 * 4);
        if (pixelOffset < FileHeaderSize + infoSize || pixelOffset > data.Length
            || (long)stride * height > data.Length - pixelOffset)
        {
            throw Corrupt("pixel data cut short");
        }

        var rgb = new byte[checked(width * height * 3)];
        var pixels = data[pixelOffset..];
        for (var y = 0; y < height; y++)
        {
            var row = pixels.Slice((topDown ? y : height - 1 - y) * stride, stride);
            var output = rgb.AsSpan(y * width * 3, width * 3);
            if (bitsPerPixel <= 8)
            {
                ReadIndexedRow(row, output, width, bitsPerPixel, palette);
            }
            else
            {
                ReadDirectRow(row, output, width, bitsPerPixel, redMask, greenMask, blueMask);
            }
        }

        return (width, height, rgb);
    }

    private static (uint Red, uint Green, uint Blue) ReadMasks(ReadOnlySpan<byte> data, int infoSize, int bitsPerPixel, int compression)
    {
        if (compression == CompressionRgb)
        {
            return bitsPerPixel == 16 ? (0x7C00u, 0x03E0u, 0x001Fu) : (0x00FF0000u, 0x0000FF00u, 0x000000FFu);
        }

        if (bitsPerPixel is not (16 or 32))
        {
            throw Corrupt("bit-field masks on a layout that has none");
        }

        // A 40-byte header keeps its masks just after it; the longer headers carry them inside.
        var masks = data[(FileHeaderSize + 40)..];
        if (masks.Length < 12)
        {
            throw Corrupt("bit-field masks cut short");
        }

        var red = BinaryPrimitives.ReadUInt32LittleEndian(masks);
        var green = BinaryPrimitives.ReadUInt32LittleEndian(masks[4..]);
        var blue = BinaryPrimitives.ReadUInt32LittleEndian(masks[8..]);
        if (red == 0 || green == 0 || blue == 0)
        {
            throw Corrupt("empty bit-field mask");
        }

        return (red, green, blue);
    }

    private static byte[] ReadPalette(ReadOnlySpan<byte> afterHeader, int bitsPerPixel, int coloursUsed, int entrySize)
    {
        var count = coloursUsed is > 0 and <= 256 ? coloursUsed : 1 << bitsPerPixel;
        if (afterHeader.Length < count * entrySize)
        {
            throw Corrupt("palette cut short");
        }

        // Indices past the end of a short palette read black rather than failing: writers disagree.
        var palette = new byte[256 * 3];
        for (var i = 0; i < count; i++)
        {
            var entry = afterHeader[(i * entrySize)..];
            palette[(i * 3) + 0] = entry[2];
            palette[(i * 3) + 1] = entry[1];
            palette[(i * 3) + 2] = entry[0];
        }

        return palette;
    }

    private static void ReadIndexedRow(ReadOnlySpan<byte> row, Span<byte> output, int width, int bitsPerPixel, byte[] palette)
    {
        var perByte = 8 / bitsPerPixel;
        var mask = (1 << bitsPerPixel) - 1;
        for (var x = 0; x < width; x++)
        {
            var shift = 8 - (bitsPerPixel * ((x % perByte) + 1));
            var index = (row[x / perByte] >> shift) & mask;
            palette.AsSpan(index * 3, 3).CopyTo(output.Slice(x * 3, 3));
        }
    }

    private static void ReadDirectRow(ReadOnlySpan<byte> row, Span<byte> output, int width, int bitsPerPixel, uint redMask, uint greenMask, uint blueMask)
    {
        if (bitsPerPixel == 24)
        {
            for (var x = 0; x < width; x++)
            {
                output[(x * 3) + 0] = row[(x * 3) + 2];
                output[(x * 3) + 1] = row[(x * 3) + 1];
                output[(x * 3) + 2] = row[(x * 3) + 0];
            }

            return;
        }

        for (var x = 0; x < width; x++)
        {
            var value = bitsPerPixel == 16
                ? BinaryPrimitives.ReadUInt16LittleEndian(row[(x * 2)..])
                : BinaryPrimitives.ReadUInt32LittleEndian(row[(x * 4)..]);
            output[(x * 3) + 0] = Channel(value, redMask);
            output[(x * 3) + 1] = Channel(value, greenMask);
            output[(x * 3) + 2] = Channel(value, blueMask);
        }
    }

    private static byte Channel(uint value, uint mask)
    {
        var shift = BitOperations.TrailingZeroCount(mask);
        var max = mask >> shift;
        return (byte)(((ulong)((value & mask) >> shift) * 255 + (max / 2)) / max);
    }

    private static ImageDecodeException Corrupt(string detail) =>
        new(ImageDecodeFailure.Corrupt, $"The bitmap is damaged: {detail}.");
}
