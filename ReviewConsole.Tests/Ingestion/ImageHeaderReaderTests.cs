using ReviewConsole.Core.Ingestion;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Ingestion;

public sealed class ImageHeaderReaderTests
{
    [Theory]
    [InlineData("ingestion/still.png", ImageFormat.Png, 64, 48, 1)]
    [InlineData("ingestion/still.bmp", ImageFormat.Bmp, 64, 48, 1)]
    [InlineData("ingestion/still.webp", ImageFormat.WebP, 64, 48, 1)]
    [InlineData("ingestion/animated-3.gif", ImageFormat.Gif, 64, 48, 3)]
    [InlineData("ingestion/animated-3.webp", ImageFormat.WebP, 64, 48, 3)]
    [InlineData("ingestion/two-pages.tiff", ImageFormat.Tiff, 64, 48, 2)]
    [InlineData("ingestion/progressive-200x100.jpg", ImageFormat.Jpeg, 200, 100, 1)]
    [InlineData("pdq/bridge-1-original.jpg", ImageFormat.Jpeg, 1600, 1004, 1)]
    [InlineData("pdq/c.png", ImageFormat.Png, 1432, 812, 1)]
    public void ReadsFormatSizeAndFramesGivenRealFile(string file, ImageFormat format, int width, int height, int frames)
    {
        var result = ImageHeaderReader.Read(File.ReadAllBytes(RepositoryPaths.TestData(file)));

        Assert.Equal(HeaderProblem.None, result.Problem);
        Assert.Equal(format, result.Header!.Format);
        Assert.Equal((width, height, frames), (result.Header.Width, result.Header.Height, result.Header.FrameCount));
    }

    [Theory]
    [InlineData(1, 80, 40)]
    [InlineData(3, 80, 40)]
    [InlineData(6, 40, 80)]
    [InlineData(8, 40, 80)]
    public void ReportsDisplaySizeGivenExifOrientation(ushort orientation, int width, int height)
    {
        var jpeg = CraftedImages.WithExifOrientation(File.ReadAllBytes(RepositoryPaths.TestData("ingestion/exif-rotated-80x40.jpg")), orientation);

        var header = ImageHeaderReader.Read(jpeg).Header!;

        Assert.Equal((width, height), (header.Width, header.Height));
    }

    [Theory]
    [InlineData("ingestion/text-file.jpg")]
    [InlineData("ingestion/image.svg")]
    public void RefusesAsUnsupportedGivenNonImageBytes(string file)
    {
        var result = ImageHeaderReader.Read(File.ReadAllBytes(RepositoryPaths.TestData(file)));

        Assert.Equal(HeaderProblem.UnsupportedFormat, result.Problem);
        Assert.Null(result.Header);
    }

    [Fact]
    public void RefusesAsUnsupportedGivenRandomBytes()
    {
        Assert.Equal(HeaderProblem.UnsupportedFormat, ImageHeaderReader.Read(CraftedImages.RandomBytes(4096)).Problem);
    }

    [Theory]
    [InlineData("pdq/bridge-1-original.jpg")]
    [InlineData("ingestion/progressive-200x100.jpg")]
    [InlineData("pdq/c.png")]
    [InlineData("ingestion/animated-3.gif")]
    [InlineData("ingestion/still.webp")]
    [InlineData("ingestion/animated-3.webp")]
    [InlineData("ingestion/still.bmp")]
    [InlineData("ingestion/two-pages.tiff")]
    public void RefusesAsCorruptGivenFileCutInHalf(string file)
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.TestData(file));

        var result = ImageHeaderReader.Read(bytes.AsSpan(0, bytes.Length / 2));

        Assert.Equal(HeaderProblem.Corrupt, result.Problem);
        Assert.False(string.IsNullOrWhiteSpace(result.Detail));
    }

    [Fact]
    public void RefusesAsCorruptGivenJpegMissingOnlyItsLastBytes()
    {
        var bytes = File.ReadAllBytes(RepositoryPaths.TestData("pdq/bridge-1-original.jpg"));

        Assert.Equal(HeaderProblem.Corrupt, ImageHeaderReader.Read(bytes.AsSpan(0, bytes.Length - 2)).Problem);
    }

    [Fact]
    public void ReportsClaimedSizeWithoutAllocatingGivenHugePngHeader()
    {
        var png = CraftedImages.PngClaiming(100_000, 100_000);

        var header = ImageHeaderReader.Read(png).Header!;

        Assert.Equal((100_000, 100_000), (header.Width, header.Height));
        Assert.Equal(10_000_000_000L, header.LargestFramePixels);
    }

    [Fact]
    public void RefusesAsCorruptGivenSignatureOnly()
    {
        Assert.Equal(HeaderProblem.Corrupt, ImageHeaderReader.Read([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]).Problem);
        Assert.Equal(HeaderProblem.Corrupt, ImageHeaderReader.Read([0xFF, 0xD8, 0xFF]).Problem);
        Assert.Equal(HeaderProblem.Corrupt, ImageHeaderReader.Read("GIF89a"u8).Problem);
    }

    [Theory]
    [InlineData("ingestion/still.png")]
    [InlineData("ingestion/still.bmp")]
    [InlineData("ingestion/still.webp")]
    [InlineData("ingestion/progressive-200x100.jpg")]
    public void RefusesEveryTruncationGivenFormatWithEndMarkerOrDeclaredSize(string file)
    {
        // Every strict prefix is a truncation a flaky client or an attacker could send: each must be
        // refused with a reason, and none may throw. (Multi-frame WebP and TIFF are left out: encoders
        // append bytes past the image data that a reader rightly ignores, so some prefixes are whole images.)
        var bytes = File.ReadAllBytes(RepositoryPaths.TestData(file));
        for (var length = 0; length < bytes.Length; length++)
        {
            var result = ImageHeaderReader.Read(bytes.AsSpan(0, length));
            Assert.NotEqual(HeaderProblem.None, result.Problem);
        }
    }

    [Fact]
    public void NeverThrowsGivenAnyTruncatedGif()
    {
        // A GIF may legally end without its trailer, so whole-frame prefixes pass; no prefix may throw
        // or report more frames than the file has.
        var bytes = File.ReadAllBytes(RepositoryPaths.TestData("ingestion/animated-3.gif"));
        for (var length = 0; length < bytes.Length; length++)
        {
            var result = ImageHeaderReader.Read(bytes.AsSpan(0, length));
            Assert.True(result.Header is null || result.Header.FrameCount <= 3);
        }
    }
}
