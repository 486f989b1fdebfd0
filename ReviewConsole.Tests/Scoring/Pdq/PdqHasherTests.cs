using System.Globalization;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Pdq;
using Xunit.Abstractions;

namespace ReviewConsole.Tests.Scoring.Pdq;

public sealed class PdqHasherTests(ITestOutputHelper output)
{
    // The usual PDQ match threshold (reference README): at most 31 differing bits is "the same picture".
    private const int MatchThreshold = 31;

    private static readonly PdqHasher s_hasher = new();

    [Theory]
    [InlineData("bridge-2-rotate-90.jpg")]
    [InlineData("bridge-3-rotate-180.jpg")]
    [InlineData("bridge-4-rotate-270.jpg")]
    [InlineData("bridge-5-flipx.jpg")]
    [InlineData("bridge-6-flipy.jpg")]
    [InlineData("bridge-7-flip-plus-1.jpg")]
    [InlineData("bridge-8-flip-minus-1.jpg")]
    public void RotatedOrFlippedCopyDoesNotMatchTheOriginal(string file)
    {
        var original = PdqReferenceTests.HashOf("bridge-1-original.jpg").Hash;

        var distance = PdqReferenceTests.HashOf(file).Hash.DistanceTo(original);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: {distance} bits from the original"));
        Assert.True(distance > 3 * MatchThreshold, $"{file} is only {distance} bits away");
    }

    [Theory]
    [InlineData("bridge-2-rotate-90.jpg")]
    [InlineData("bridge-3-rotate-180.jpg")]
    [InlineData("bridge-4-rotate-270.jpg")]
    [InlineData("bridge-5-flipx.jpg")]
    [InlineData("bridge-6-flipy.jpg")]
    [InlineData("bridge-7-flip-plus-1.jpg")]
    [InlineData("bridge-8-flip-minus-1.jpg")]
    public void DihedralHashOfTheOriginalMatchesTheHashOfTheTurnedOrMirroredFile(string file)
    {
        var dihedral = s_hasher.ComputeDihedral(Bridge());
        var predicted = file switch
        {
            "bridge-2-rotate-90.jpg" => dihedral.Rotate90,
            "bridge-3-rotate-180.jpg" => dihedral.Rotate180,
            "bridge-4-rotate-270.jpg" => dihedral.Rotate270,
            "bridge-5-flipx.jpg" => dihedral.FlipX,
            "bridge-6-flipy.jpg" => dihedral.FlipY,
            "bridge-7-flip-plus-1.jpg" => dihedral.FlipPlus1,
            _ => dihedral.FlipMinus1,
        };

        var distance = PdqReferenceTests.HashOf(file).Hash.DistanceTo(predicted);

        // Not exact: the files were re-encoded, and decimation samples a mirrored grid slightly
        // differently. 16 is the tolerance the reference's own test suite allows between implementations.
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}: predicted hash {distance} bits from the file's hash"));
        Assert.InRange(distance, 0, 16);
        Assert.Equal(s_hasher.Compute(Bridge()), new PdqResult(dihedral.Original, dihedral.Quality));
    }

    [Fact]
    public void HalfSizeReencodedCopyStillMatchesTheOriginal()
    {
        var original = PdqReferenceTests.HashOf("bridge-1-original.jpg");
        var copy = PdqReferenceTests.HashOf("bridge-1-half-q70.jpg");

        var distance = copy.Hash.DistanceTo(original.Hash);

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"half-size q70 copy: {distance} bits, quality {copy.Quality}"));
        Assert.InRange(distance, 0, 10);
        Assert.True(copy.Quality >= 80);
    }

    [Fact]
    public void FlatImageHasZeroQuality()
    {
        var grey = new PixelBuffer(200, 100, Enumerable.Repeat((byte)128, 200 * 100 * 3).ToArray());

        Assert.Equal(0, s_hasher.Compute(grey).Quality);
    }

    [Fact]
    public void ImageBelowFivePixelsGetsEmptyHashOfQualityZero()
    {
        var tiny = new PixelBuffer(4, 300, new byte[4 * 300 * 3]);

        Assert.Equal(new PdqResult(default, 0), s_hasher.Compute(tiny));
    }

    [Fact]
    public void InvertedImageHashIsTheBitwiseComplement()
    {
        // Negating luminance negates every DCT coefficient (the DC term is not among the 256), so each
        // bit flips except at ties with the median: a property of the reference algorithm.
        var frame = Bridge();
        var inverted = new PixelBuffer(frame.Width, frame.Height, frame.Rgb.Select(b => (byte)(255 - b)).ToArray());

        var distance = s_hasher.Compute(frame).Hash.DistanceTo(s_hasher.Compute(inverted).Hash);

        Assert.InRange(distance, 250, 256);
    }

    [Fact]
    public async Task ConcurrentHashingGivesTheSameResultAsOneAtATime()
    {
        var frame = Bridge();
        var expected = s_hasher.Compute(frame);

        var results = await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(() => s_hasher.Compute(frame))));

        Assert.All(results, r => Assert.Equal(expected, r));
    }

    private static PixelBuffer Bridge() => PdqReferenceTests.DecodeFirstFrame("bridge-1-original.jpg");
}
