using System.Buffers.Binary;

namespace ReviewConsole.Core.Ingestion;

/// <summary>
/// Recognises an upload's format from its bytes and walks the container's structure (JPEG segments,
/// PNG chunks, GIF blocks, RIFF chunks, BMP and TIFF directories) without decoding any pixels.
/// Every length and offset read from the file is checked against the bytes actually present, so a
/// truncated or lying file is refused here rather than by a decoder that has already allocated.
/// </summary>
public static class ImageHeaderReader
{
    private const int MaxTiffPages = 10_000;

    private static ReadOnlySpan<byte> PngSignature => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Reads the header of <paramref name="data"/>.</summary>
    public static HeaderReadResult Read(ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
        {
            return ReadJpeg(data);
        }

        if (data.Length >= 8 && data[..8].SequenceEqual(PngSignature))
        {
            return ReadPng(data);
        }

        if (data.Length >= 6 && (data[..6].SequenceEqual("GIF87a"u8) || data[..6].SequenceEqual("GIF89a"u8)))
        {
            return ReadGif(data);
        }

        if (data.Length >= 12 && data[..4].SequenceEqual("RIFF"u8) && data[8..12].SequenceEqual("WEBP"u8))
        {
            return ReadWebP(data);
        }

        if (data.Length >= 2 && data[0] == (byte)'B' && data[1] == (byte)'M')
        {
            return ReadBmp(data);
        }

        if (data.Length >= 4 && (data[..4].SequenceEqual("II*\0"u8) || data[..4].SequenceEqual("MM\0*"u8)))
        {
            return ReadTiff(data);
        }

        return HeaderReadResult.Unsupported("The file is not a JPEG, PNG, GIF, WebP, BMP or TIFF image.");
    }

    private static HeaderReadResult ReadJpeg(ReadOnlySpan<byte> data)
    {
        var pos = 2;
        int width = 0, height = 0, orientation = 1;
        while (true)
        {
            if (pos >= data.Length)
            {
                return HeaderReadResult.Corrupt("The JPEG ends before its image data.");
            }

            if (data[pos] != 0xFF)
            {
                return HeaderReadResult.Corrupt("The JPEG has bytes between segments where a marker was expected.");
            }

            // Any number of 0xFF fill bytes may precede a marker.
            while (pos < data.Length && data[pos] == 0xFF)
            {
                pos++;
            }

            if (pos >= data.Length)
            {
                return HeaderReadResult.Corrupt("The JPEG ends inside a marker.");
            }

            var marker = data[pos++];
            if (marker is 0x01 or (>= 0xD0 and <= 0xD7))
            {
                continue;
            }

            if (marker is 0xD8 or 0xD9)
            {
                return HeaderReadResult.Corrupt("The JPEG ends before its image data.");
            }

            if (pos + 2 > data.Length)
            {
                return HeaderReadResult.Corrupt("The JPEG is truncated inside a segment header.");
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
            if (length < 2 || pos + length > data.Length)
            {
                return HeaderReadResult.Corrupt("A JPEG segment is longer than the file (truncated).");
            }

            var segment = data.Slice(pos + 2, length - 2);
            if (IsStartOfFrame(marker))
            {
                if (segment.Length < 6)
                {
                    return HeaderReadResult.Corrupt("The JPEG frame header is too short.");
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(segment[1..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(segment[3..]);
            }
            else if (marker == 0xE1 && segment.Length > 6 && segment[..6].SequenceEqual("Exif\0\0"u8))
            {
                orientation = ReadTiffOrientation(segment[6..]);
            }
            else if (marker == 0xDA)
            {
                if (width == 0 || height == 0)
                {
                    return HeaderReadResult.Corrupt("The JPEG has no usable frame size before its image data.");
                }

                // The entropy-coded data stuffs every 0xFF data byte with 0x00, so an FF D9 after the
                // scan header can only be the end-of-image marker: without one the file was cut short.
                var scanData = data[(pos + length)..];
                if (!ContainsEndOfImage(scanData))
                {
                    return HeaderReadResult.Corrupt("The JPEG is truncated: it has no end-of-image marker.");
                }

                var (w, h) = Orient(width, height, orientation);
                return HeaderReadResult.Ok(new ImageHeader(ImageFormat.Jpeg, w, h, 1, (long)width * height));
            }

            pos += length;
        }
    }

    private static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;

    private static bool ContainsEndOfImage(ReadOnlySpan<byte> scanData)
    {
        // Search from the end: the marker is normally the last two bytes, possibly followed by padding.
        for (var i = scanData.Length - 2; i >= 0; i--)
        {
            if (scanData[i] == 0xFF && scanData[i + 1] == 0xD9)
            {
                return true;
            }
        }

        return false;
    }

    private static HeaderReadResult ReadPng(ReadOnlySpan<byte> data)
    {
        long pos = 8;
        int width = 0, height = 0, frames = 1;
        var sawHeader = false;
        var sawData = false;
        while (true)
        {
            if (pos + 8 > data.Length)
            {
                return HeaderReadResult.Corrupt("The PNG is truncated: it ends before its IEND chunk.");
            }

            var length = BinaryPrimitives.ReadUInt32BigEndian(data[(int)pos..]);
            var type = data.Slice((int)pos + 4, 4);
            if (length > int.MaxValue || pos + 12 + length > data.Length)
            {
                return HeaderReadResult.Corrupt("A PNG chunk is longer than the file (truncated).");
            }

            var body = data.Slice((int)pos + 8, (int)length);
            if (!sawHeader)
            {
                if (!type.SequenceEqual("IHDR"u8) || length != 13)
                {
                    return HeaderReadResult.Corrupt("The PNG does not start with a valid IHDR chunk.");
                }

                var w = BinaryPrimitives.ReadUInt32BigEndian(body);
                var h = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
                if (w == 0 || h == 0 || w > int.MaxValue || h > int.MaxValue)
                {
                    return HeaderReadResult.Corrupt("The PNG declares an invalid size.");
                }

                width = (int)w;
                height = (int)h;
                sawHeader = true;
            }
            else if (type.SequenceEqual("acTL"u8) && length >= 8)
            {
                var declared = BinaryPrimitives.ReadUInt32BigEndian(body);
                frames = declared is 0 or > int.MaxValue ? int.MaxValue : (int)declared;
            }
            else if (type.SequenceEqual("IDAT"u8))
            {
                sawData = true;
            }
            else if (type.SequenceEqual("IEND"u8))
            {
                return sawData
                    ? HeaderReadResult.Ok(new ImageHeader(ImageFormat.Png, width, height, frames, (long)width * height))
                    : HeaderReadResult.Corrupt("The PNG has no image data.");
            }

            pos += 12 + length;
        }
    }

    private static HeaderReadResult ReadGif(ReadOnlySpan<byte> data)
    {
        if (data.Length < 13)
        {
            return HeaderReadResult.Corrupt("The GIF is truncated inside its screen descriptor.");
        }

        int width = BinaryPrimitives.ReadUInt16LittleEndian(data[6..]);
        int height = BinaryPrimitives.ReadUInt16LittleEndian(data[8..]);
        var flags = data[10];
        long pos = 13;
        if ((flags & 0x80) != 0)
        {
            pos += 3 * (1 << ((flags & 0x07) + 1));
        }

        var frames = 0;
        long largestFrame = 0;
        while (true)
        {
            if (pos >= data.Length)
            {
                // Many encoders omit the trailer; a file that ends cleanly between blocks still holds whole frames.
                return frames > 0
                    ? GifHeader(width, height, frames, largestFrame)
                    : HeaderReadResult.Corrupt("The GIF ends before its first frame.");
            }

            var block = data[(int)pos++];
            switch (block)
            {
                case 0x3B:
                    return frames > 0
                        ? GifHeader(width, height, frames, largestFrame)
                        : HeaderReadResult.Corrupt("The GIF has no frames.");
                case 0x21:
                    if (pos >= data.Length)
                    {
                        return HeaderReadResult.Corrupt("The GIF is truncated inside an extension.");
                    }

                    pos = SkipSubBlocks(data, pos + 1);
                    break;
                case 0x2C:
                    if (pos + 9 > data.Length)
                    {
                        return HeaderReadResult.Corrupt("The GIF is truncated inside an image descriptor.");
                    }

                    int frameWidth = BinaryPrimitives.ReadUInt16LittleEndian(data[((int)pos + 4)..]);
                    int frameHeight = BinaryPrimitives.ReadUInt16LittleEndian(data[((int)pos + 6)..]);
                    var frameFlags = data[(int)pos + 8];
                    largestFrame = Math.Max(largestFrame, (long)frameWidth * frameHeight);
                    pos += 9;
                    if ((frameFlags & 0x80) != 0)
                    {
                        pos += 3 * (1 << ((frameFlags & 0x07) + 1));
                    }

                    // One byte of LZW minimum code size precedes the image's data sub-blocks.
                    pos = pos + 1 > data.Length ? -1 : SkipSubBlocks(data, pos + 1);
                    frames++;
                    break;
                default:
                    return HeaderReadResult.Corrupt("The GIF has an unknown block where a frame was expected.");
            }

            if (pos < 0)
            {
                return HeaderReadResult.Corrupt("The GIF is truncated inside a frame.");
            }
        }
    }

    private static HeaderReadResult GifHeader(int width, int height, int frames, long largestFrame) =>
        width == 0 || height == 0
            ? HeaderReadResult.Corrupt("The GIF declares an empty screen.")
            : HeaderReadResult.Ok(new ImageHeader(ImageFormat.Gif, width, height, frames, Math.Max(largestFrame, (long)width * height)));

    /// <summary>Skips GIF data sub-blocks; the position after the terminator, or -1 when the file ends first.</summary>
    private static long SkipSubBlocks(ReadOnlySpan<byte> data, long pos)
    {
        while (true)
        {
            if (pos >= data.Length)
            {
                return -1;
            }

            var size = data[(int)pos];
            pos += 1 + size;
            if (size == 0)
            {
                return pos;
            }
        }
    }

    private static HeaderReadResult ReadWebP(ReadOnlySpan<byte> data)
    {
        var riffSize = BinaryPrimitives.ReadUInt32LittleEndian(data[4..]);
        if (riffSize + 8L > data.Length)
        {
            return HeaderReadResult.Corrupt("The WebP is truncated: shorter than its RIFF size.");
        }

        var end = (int)(riffSize + 8);
        var pos = 12;
        int width = 0, height = 0, frames = 0;
        var hasImage = false;
        while (pos + 8 <= end)
        {
            var fourCc = data.Slice(pos, 4);
            var size = BinaryPrimitives.ReadUInt32LittleEndian(data[(pos + 4)..]);
            if (pos + 8L + size > end)
            {
                return HeaderReadResult.Corrupt("A WebP chunk is longer than the file (truncated).");
            }

            var body = data.Slice(pos + 8, (int)size);
            if (fourCc.SequenceEqual("VP8X"u8) && body.Length >= 10)
            {
                width = 1 + ReadUInt24(body[4..]);
                height = 1 + ReadUInt24(body[7..]);
            }
            else if (fourCc.SequenceEqual("VP8 "u8))
            {
                if (body.Length < 10 || body[3] != 0x9D || body[4] != 0x01 || body[5] != 0x2A)
                {
                    return HeaderReadResult.Corrupt("The WebP's lossy frame header is invalid.");
                }

                if (width == 0)
                {
                    width = BinaryPrimitives.ReadUInt16LittleEndian(body[6..]) & 0x3FFF;
                    height = BinaryPrimitives.ReadUInt16LittleEndian(body[8..]) & 0x3FFF;
                }

                hasImage = true;
            }
            else if (fourCc.SequenceEqual("VP8L"u8))
            {
                if (body.Length < 5 || body[0] != 0x2F)
                {
                    return HeaderReadResult.Corrupt("The WebP's lossless frame header is invalid.");
                }

                if (width == 0)
                {
                    var bits = BinaryPrimitives.ReadUInt32LittleEndian(body[1..]);
                    width = 1 + (int)(bits & 0x3FFF);
                    height = 1 + (int)((bits >> 14) & 0x3FFF);
                }

                hasImage = true;
            }
            else if (fourCc.SequenceEqual("ANMF"u8))
            {
                frames++;
                hasImage = true;
            }

            // RIFF chunks are padded to an even size.
            pos += 8 + (int)size + (int)(size & 1);
        }

        if (!hasImage || width == 0 || height == 0)
        {
            return HeaderReadResult.Corrupt("The WebP has no image.");
        }

        return HeaderReadResult.Ok(new ImageHeader(ImageFormat.WebP, width, height, Math.Max(frames, 1), (long)width * height));
    }

    private static int ReadUInt24(ReadOnlySpan<byte> bytes) => bytes[0] | (bytes[1] << 8) | (bytes[2] << 16);

    private static HeaderReadResult ReadBmp(ReadOnlySpan<byte> data)
    {
        if (data.Length < 26)
        {
            return HeaderReadResult.Corrupt("The BMP is truncated inside its header.");
        }

        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        var dibSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        long width, height;
        int bitsPerPixel;
        uint compression = 0;
        if (dibSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[20..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[24..]);
        }
        else if (dibSize >= 40 && data.Length >= 14 + 40)
        {
            width = BinaryPrimitives.ReadInt32LittleEndian(data[18..]);
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[22..]));
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]);
            compression = BinaryPrimitives.ReadUInt32LittleEndian(data[30..]);
        }
        else
        {
            return HeaderReadResult.Corrupt("The BMP's header is invalid or truncated.");
        }

        if (width <= 0 || height <= 0 || width > int.MaxValue || height > int.MaxValue)
        {
            return HeaderReadResult.Corrupt("The BMP declares an invalid size.");
        }

        if (bitsPerPixel is not (1 or 4 or 8 or 16 or 24 or 32))
        {
            return HeaderReadResult.Corrupt("The BMP declares an invalid bit depth.");
        }

        if (compression is 4 or 5)
        {
            return HeaderReadResult.Unsupported("BMP files that embed JPEG or PNG data are not accepted.");
        }

        if (pixelOffset >= data.Length)
        {
            return HeaderReadResult.Corrupt("The BMP is truncated: its pixel data is missing.");
        }

        // Uncompressed rows are padded to four bytes; run-length data has no fixed size to check.
        if (compression is 0 or 3 or 6)
        {
            var rowBytes = ((bitsPerPixel * width) + 31) / 32 * 4;
            if (pixelOffset + (rowBytes * height) > data.Length)
            {
                return HeaderReadResult.Corrupt("The BMP is truncated: shorter than its pixel data.");
            }
        }

        return HeaderReadResult.Ok(new ImageHeader(ImageFormat.Bmp, (int)width, (int)height, 1, width * height));
    }

    private static HeaderReadResult ReadTiff(ReadOnlySpan<byte> data)
    {
        var tiff = new TiffReader(data);
        if (data.Length < 8)
        {
            return HeaderReadResult.Corrupt("The TIFF is truncated inside its header.");
        }

        long ifd = tiff.UInt32(4);
        int width = 0, height = 0, orientation = 1, pages = 0;
        long largest = 0;
        var visited = new HashSet<long>();
        while (ifd != 0)
        {
            if (!visited.Add(ifd) || pages >= MaxTiffPages)
            {
                return HeaderReadResult.Corrupt("The TIFF's directories form a loop.");
            }

            if (ifd < 8 || ifd + 2 > data.Length)
            {
                return HeaderReadResult.Corrupt("The TIFF is truncated: a directory lies past its end.");
            }

            int count = tiff.UInt16(ifd);
            var entriesEnd = ifd + 2 + (12L * count);
            if (entriesEnd + 4 > data.Length)
            {
                return HeaderReadResult.Corrupt("The TIFF is truncated inside a directory.");
            }

            var page = ReadTiffPage(tiff, ifd + 2, count);
            if (page.Problem is not null)
            {
                return HeaderReadResult.Corrupt(page.Problem);
            }

            if (pages == 0)
            {
                (width, height, orientation) = (page.Width, page.Height, page.Orientation);
            }

            largest = Math.Max(largest, (long)page.Width * page.Height);
            pages++;
            ifd = tiff.UInt32(entriesEnd);
        }

        if (pages == 0 || width == 0 || height == 0)
        {
            return HeaderReadResult.Corrupt("The TIFF has no image.");
        }

        var (w, h) = Orient(width, height, orientation);
        return HeaderReadResult.Ok(new ImageHeader(ImageFormat.Tiff, w, h, pages, largest));
    }

    private static TiffPage ReadTiffPage(TiffReader tiff, long firstEntry, int count)
    {
        int width = 0, height = 0, orientation = 1;
        long dataEnd = 0;
        TiffEntry? offsets = null, lengths = null;
        for (var i = 0; i < count; i++)
        {
            var entry = tiff.Entry(firstEntry + (12L * i));
            switch (entry.Tag)
            {
                case 256:
                    width = (int)Math.Min(tiff.Value(entry, 0), int.MaxValue);
                    break;
                case 257:
                    height = (int)Math.Min(tiff.Value(entry, 0), int.MaxValue);
                    break;
                case 274:
                    orientation = (int)tiff.Value(entry, 0);
                    break;
                case 273 or 324:
                    offsets = entry;
                    break;
                case 279 or 325:
                    lengths = entry;
                    break;
            }
        }

        if (width <= 0 || height <= 0)
        {
            return new TiffPage(0, 0, 1, "The TIFF declares an invalid size.");
        }

        if (offsets is null || lengths is null || offsets.Value.Count != lengths.Value.Count)
        {
            return new TiffPage(0, 0, 1, "The TIFF has no usable strip or tile table.");
        }

        var entries = offsets.Value.Count;
        if (!tiff.ValuesFit(offsets.Value) || !tiff.ValuesFit(lengths.Value))
        {
            return new TiffPage(0, 0, 1, "The TIFF is truncated: its strip table lies past its end.");
        }

        for (var i = 0L; i < entries; i++)
        {
            dataEnd = Math.Max(dataEnd, tiff.Value(offsets.Value, i) + tiff.Value(lengths.Value, i));
        }

        return dataEnd > tiff.Length
            ? new TiffPage(0, 0, 1, "The TIFF is truncated: shorter than its image data.")
            : new TiffPage(width, height, orientation, null);
    }

    /// <summary>The orientation tag (1-8) of an EXIF block, 1 when absent or unreadable.</summary>
    private static int ReadTiffOrientation(ReadOnlySpan<byte> exif)
    {
        if (exif.Length < 8 || !(exif[..4].SequenceEqual("II*\0"u8) || exif[..4].SequenceEqual("MM\0*"u8)))
        {
            return 1;
        }

        var tiff = new TiffReader(exif);
        long ifd = tiff.UInt32(4);
        if (ifd < 8 || ifd + 2 > exif.Length)
        {
            return 1;
        }

        int count = tiff.UInt16(ifd);
        for (var i = 0; i < count; i++)
        {
            var at = ifd + 2 + (12L * i);
            if (at + 12 > exif.Length)
            {
                break;
            }

            var entry = tiff.Entry(at);
            if (entry.Tag == 274)
            {
                var value = tiff.Value(entry, 0);
                return value is >= 1 and <= 8 ? (int)value : 1;
            }
        }

        return 1;
    }

    /// <summary>EXIF orientations 5 to 8 turn the image a quarter, so width and height trade places.</summary>
    private static (int Width, int Height) Orient(int width, int height, int orientation) =>
        orientation is >= 5 and <= 8 ? (height, width) : (width, height);

    private readonly record struct TiffPage(int Width, int Height, int Orientation, string? Problem);

    private readonly record struct TiffEntry(ushort Tag, ushort Type, long Count, long ValueFieldOffset);

    /// <summary>Endian-aware reads over a TIFF block; out-of-range reads yield 0 instead of throwing.</summary>
    private readonly ref struct TiffReader(ReadOnlySpan<byte> data)
    {
        private readonly ReadOnlySpan<byte> _data = data;
        private readonly bool _littleEndian = data.Length > 0 && data[0] == (byte)'I';

        public long Length => _data.Length;

        public ushort UInt16(long at) =>
            at < 0 || at + 2 > _data.Length ? (ushort)0
            : _littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(_data[(int)at..])
            : BinaryPrimitives.ReadUInt16BigEndian(_data[(int)at..]);

        public uint UInt32(long at) =>
            at < 0 || at + 4 > _data.Length ? 0u
            : _littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(_data[(int)at..])
            : BinaryPrimitives.ReadUInt32BigEndian(_data[(int)at..]);

        public TiffEntry Entry(long at) => new(UInt16(at), UInt16(at + 2), UInt32(at + 4), at + 8);

        /// <summary>Bytes per value for the SHORT (3) and LONG (4) types the size and strip tags use.</summary>
        private static int ValueSize(TiffEntry entry) => entry.Type == 3 ? 2 : 4;

        /// <summary>Values of up to four bytes in all sit in the entry itself; larger arrays live at an offset.</summary>
        private long ValuesStart(TiffEntry entry) =>
            entry.Count * ValueSize(entry) <= 4 ? entry.ValueFieldOffset : UInt32(entry.ValueFieldOffset);

        public bool ValuesFit(TiffEntry entry) =>
            entry.Type is 3 or 4 && ValuesStart(entry) + (entry.Count * ValueSize(entry)) <= _data.Length;

        public long Value(TiffEntry entry, long index)
        {
            var at = ValuesStart(entry) + (index * ValueSize(entry));
            return entry.Type == 3 ? UInt16(at) : UInt32(at);
        }
    }
}
