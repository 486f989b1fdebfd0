using ReviewConsole.Core.Ingestion;
using System.Buffers.Binary;
using System.Text;
using ReviewConsole.Core.Scoring.Decoding;
using static ReviewConsole.Tests.Scoring.Decoding.TestImages;

namespace ReviewConsole.Tests.Scoring.Decoding;

// Every still fixture is 64x48 white with a red block top-left and a blue block bottom-right
// (see TestData/decoding/make-fixtures.sh), so two corner reads tell orientation and colour apart.
public sealed class VipsImageDecoderTests
{
    [Theory]
    [InlineData("baseline.jpg", ImageFormat.Jpeg)]
    [InlineData("progressive.jpg", ImageFormat.Jpeg)]
    [InlineData("cmyk.jpg", ImageFormat.Jpeg)]
    [InlineData("palette.png", ImageFormat.Png)]
    [InlineData("rgb16.png", ImageFormat.Png)]
    [InlineData("still.webp", ImageFormat.WebP)]
    [InlineData("rgb24.bmp", ImageFormat.Bmp)]
    [InlineData("palette8.bmp", ImageFormat.Bmp)]
    [InlineData("tiff.tif", ImageFormat.Tiff)]
    public void StillImageDecodesToRgbWithMarkedCornersInPlace(string file, ImageFormat format)
    {
        var image = Decode(file);

        Assert.Equal(format, image.Format);
        Assert.Equal((64, 48, 1), (image.SourceWidth, image.SourceHeight, image.SourceFrameCount));
        var frame = Assert.Single(image.Frames);
        Assert.Equal((64, 48), (frame.Width, frame.Height));
        Assert.True(IsRed(PixelAt(frame, 3, 3)), $"top-left {PixelAt(frame, 3, 3)}");
        Assert.True(IsBlue(PixelAt(frame, 60, 44)), $"bottom-right {PixelAt(frame, 60, 44)}");
        Assert.True(IsWhite(PixelAt(frame, 40, 4)), $"top edge {PixelAt(frame, 40, 4)}");
    }

    [Fact]
    public void ExifOrientationSixSwapsSidesAndMovesTopLeftCornerToTopRight()
    {
        var image = Decode("exif-orientation-6.jpg");

        Assert.Equal((48, 64), (image.SourceWidth, image.SourceHeight));
        var frame = image.FirstFrame;
        Assert.Equal((48, 64), (frame.Width, frame.Height));
        Assert.True(IsRed(PixelAt(frame, 44, 3)), $"top-right {PixelAt(frame, 44, 3)}");
        Assert.False(IsRed(PixelAt(frame, 3, 3)), "the stored top-left corner is no longer top-left");
        Assert.True(IsBlue(PixelAt(frame, 3, 60)), $"bottom-left {PixelAt(frame, 3, 60)}");
    }

    [Theory]
    [InlineData(1, 64, 48, 3, 3)]
    [InlineData(2, 64, 48, 60, 3)]
    [InlineData(3, 64, 48, 60, 44)]
    [InlineData(4, 64, 48, 3, 44)]
    [InlineData(5, 48, 64, 3, 3)]
    [InlineData(6, 48, 64, 44, 3)]
    [InlineData(7, 48, 64, 44, 60)]
    [InlineData(8, 48, 64, 3, 60)]
    public void EveryExifOrientationPutsTheStoredTopLeftCornerWhereItBelongs(int orientation, int width, int height, int redX, int redY)
    {
        var jpeg = WithExifOrientation(Read("decoding", "baseline.jpg"), orientation);

        var frame = SharedDecoder.Decode(jpeg, DecodeLimits.Default).FirstFrame;

        Assert.Equal((width, height), (frame.Width, frame.Height));
        Assert.True(IsRed(PixelAt(frame, redX, redY)), $"({redX},{redY}) is {PixelAt(frame, redX, redY)}");
        Assert.True(IsBlue(PixelAt(frame, width - 1 - redX, height - 1 - redY)), "the blue block sits opposite");
    }

    [Fact]
    public void GreyWithAlphaIsFlattenedOntoWhite()
    {
        var frame = Decode("grey-alpha.png").FirstFrame;

        Assert.Equal((64, 16), (frame.Width, frame.Height));
        Assert.Equal(((byte)51, (byte)51, (byte)51), PixelAt(frame, 10, 8));
        Assert.Equal(((byte)255, (byte)255, (byte)255), PixelAt(frame, 50, 8));
    }

    [Theory]
    [InlineData("animated.gif", ImageFormat.Gif)]
    [InlineData("animated.webp", ImageFormat.WebP)]
    public void AnimationYieldsFirstFrameThenEvenSampleOfTheRest(string file, ImageFormat format)
    {
        var image = Decode(file);

        Assert.Equal(format, image.Format);
        Assert.Equal(6, image.SourceFrameCount);
        Assert.Equal((32, 24), (image.SourceWidth, image.SourceHeight));

        // Frames are red, lime, blue, yellow, cyan, magenta; four samples of six are 0, 2, 3 and 5.
        var colours = image.Frames.Select(f => PixelAt(f, 16, 12)).ToArray();
        Assert.Equal(
            new (byte, byte, byte)[] { (255, 0, 0), (0, 0, 255), (255, 255, 0), (255, 0, 255) },
            colours);
        Assert.All(image.Frames, f => Assert.Equal((32, 24), (f.Width, f.Height)));
    }

    [Theory]
    [InlineData(1, new[] { "red" })]
    [InlineData(2, new[] { "red", "magenta" })]
    [InlineData(6, new[] { "red", "lime", "blue", "yellow", "cyan", "magenta" })]
    [InlineData(20, new[] { "red", "lime", "blue", "yellow", "cyan", "magenta" })]
    public void SampledFrameCountFollowsOptionsAndNeverRepeatsAFrame(int sampledFrames, string[] expected)
    {
        var decoder = new VipsImageDecoder(new DecodingOptions { SampledFrames = sampledFrames });

        var image = Decode("animated.gif", decoder);

        var names = image.Frames.Select(f => PixelAt(f, 0, 0) switch
        {
            (255, 0, 0) => "red",
            (0, 255, 0) => "lime",
            (0, 0, 255) => "blue",
            (255, 255, 0) => "yellow",
            (0, 255, 255) => "cyan",
            (255, 0, 255) => "magenta",
            var other => other.ToString(),
        });
        Assert.Equal(expected, names);
        Assert.Equal(6, image.SourceFrameCount);
    }

    // 300x200: JPEG shrink-on-load may take it to 150 (1/2), 75 (1/4) or 38 (1/8) wide before the
    // final resize, and must never stop below MaxSide, so each case lands exactly on MaxSide.
    [Theory]
    [InlineData(150, 100)]
    [InlineData(120, 80)]
    [InlineData(75, 50)]
    [InlineData(70, 47)]
    [InlineData(38, 25)]
    [InlineData(30, 20)]
    public void LargeJpegIsShrunkSoLongestSideIsExactlyMaxSideKeepingAspect(int maxSide, int expectedHeight)
    {
        var decoder = new VipsImageDecoder(new DecodingOptions { MaxSide = maxSide });

        var image = Decode("wide.jpg", decoder);

        Assert.Equal((300, 200), (image.SourceWidth, image.SourceHeight));
        Assert.Equal((maxSide, expectedHeight), (image.FirstFrame.Width, image.FirstFrame.Height));
    }

    [Fact]
    public void LargePngIsShrunkToMaxSideToo()
    {
        var decoder = new VipsImageDecoder(new DecodingOptions { MaxSide = 32 });

        var frame = Decode("palette.png", decoder).FirstFrame;

        Assert.Equal((32, 24), (frame.Width, frame.Height));
        Assert.True(IsRed(PixelAt(frame, 1, 1)));
    }

    [Fact]
    public void SmallImageIsNeverEnlarged()
    {
        var frame = Decode("wide.jpg").FirstFrame;

        Assert.Equal((300, 200), (frame.Width, frame.Height));
    }

    [Theory]
    [InlineData("truncated.jpg")]
    [InlineData("truncated.png")]
    public void TruncatedFileIsRejectedAsCorrupt(string file)
    {
        var error = Assert.Throws<ImageDecodeException>(() => Decode(file));

        Assert.Equal(ImageDecodeFailure.Corrupt, error.Reason);
    }

    [Fact]
    public void PngDeclaringTenGigapixelsIsRefusedFromItsHeaderWithoutAllocating()
    {
        var png = Read("decoding", "huge-header.png");
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<ImageDecodeException>(() => SharedDecoder.Decode(png, DecodeLimits.Default));

        Assert.Equal(ImageDecodeFailure.TooManyPixels, error.Reason);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1_000_000);
    }

    [Fact]
    public void ImageOverThePixelLimitIsRefused()
    {
        var error = Assert.Throws<ImageDecodeException>(
            () => SharedDecoder.Decode(Read("decoding", "baseline.jpg"), new DecodeLimits(MaxPixels: 64 * 47, MaxFrames: 10)));

        Assert.Equal(ImageDecodeFailure.TooManyPixels, error.Reason);
    }

    [Fact]
    public void AnimationOverTheFrameLimitIsRefused()
    {
        var error = Assert.Throws<ImageDecodeException>(
            () => SharedDecoder.Decode(Read("decoding", "animated.gif"), new DecodeLimits(MaxPixels: 1_000_000, MaxFrames: 5)));

        Assert.Equal(ImageDecodeFailure.TooManyFrames, error.Reason);
    }

    [Fact]
    public void RandomBytesAreRefusedAsUnsupported()
    {
        var error = Assert.Throws<ImageDecodeException>(() => Decode("random.bin"));

        Assert.Equal(ImageDecodeFailure.UnsupportedFormat, error.Reason);
    }

    [Fact]
    public void EmptyUploadIsRefused()
    {
        var error = Assert.Throws<ImageDecodeException>(() => SharedDecoder.Decode(ReadOnlyMemory<byte>.Empty, DecodeLimits.Default));

        Assert.Equal(ImageDecodeFailure.Empty, error.Reason);
    }

    [Theory]
    [InlineData("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"10\" height=\"10\"/></svg>")]
    [InlineData("P3\n2 2\n255\n255 0 0 0 255 0 0 0 255 255 255 255\n")]
    [InlineData("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")]
    public void FormatsOutsideTheAllowListAreRefusedEvenWhenLibvipsCouldReadThem(string content)
    {
        var error = Assert.Throws<ImageDecodeException>(() => SharedDecoder.Decode(Encoding.ASCII.GetBytes(content), DecodeLimits.Default));

        Assert.Equal(ImageDecodeFailure.UnsupportedFormat, error.Reason);
    }

    [Fact]
    public async Task ConcurrentDecodesGiveTheSamePixelsAsOneAtATime()
    {
        string[] files = ["baseline.jpg", "cmyk.jpg", "exif-orientation-6.jpg", "palette.png", "rgb16.png", "animated.gif", "animated.webp", "tiff.tif", "rgb24.bmp", "wide.jpg"];
        var expected = files.ToDictionary(f => f, f => Decode(f).Frames.Select(x => x.Rgb).ToArray());

        var work = Enumerable.Range(0, 80).Select(i => Task.Run(() =>
        {
            var file = files[i % files.Length];
            if (i % 7 == 0)
            {
                Assert.Throws<ImageDecodeException>(() => Decode("truncated.jpg"));
            }

            return (file, frames: Decode(file).Frames.Select(x => x.Rgb).ToArray());
        }));
        var results = await Task.WhenAll(work);

        Assert.All(results, r => Assert.Equal(expected[r.file], r.frames));
    }

    [Fact]
    public void OptionsOutOfRangeAreRefusedAtConstruction()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new VipsImageDecoder(new DecodingOptions { MaxSide = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new VipsImageDecoder(new DecodingOptions { SampledFrames = 0 }));
    }

    // Splices a minimal big-endian EXIF block carrying only the orientation tag right after SOI.
    private static byte[] WithExifOrientation(byte[] jpeg, int orientation)
    {
        var exif = new byte[6 + 8 + 2 + 12 + 4];
        "Exif\0\0"u8.CopyTo(exif);
        var tiff = exif.AsSpan(6);
        "MM\0\x2a"u8.CopyTo(tiff);
        BinaryPrimitives.WriteInt32BigEndian(tiff[4..], 8);
        BinaryPrimitives.WriteUInt16BigEndian(tiff[8..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(tiff[10..], 0x0112);
        BinaryPrimitives.WriteUInt16BigEndian(tiff[12..], 3);
        BinaryPrimitives.WriteInt32BigEndian(tiff[14..], 1);
        BinaryPrimitives.WriteUInt16BigEndian(tiff[18..], (ushort)orientation);

        var segment = new byte[4];
        segment[0] = 0xFF;
        segment[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(segment.AsSpan(2), (ushort)(exif.Length + 2));
        return [.. jpeg.AsSpan(0, 2), .. segment, .. exif, .. jpeg.AsSpan(2)];
    }
}
