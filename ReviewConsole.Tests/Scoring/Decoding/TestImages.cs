using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Tests.Scoring.Decoding;

/// <summary>Reads committed fixtures from the test output folder and decodes them.</summary>
internal static class TestImages
{
    public static readonly VipsImageDecoder SharedDecoder = new(new DecodingOptions());

    public static string PathOf(string folder, string file) =>
        Path.Combine(AppContext.BaseDirectory, "TestData", folder, file);

    public static byte[] Read(string folder, string file) => File.ReadAllBytes(PathOf(folder, file));

    public static DecodedImage Decode(string file, IImageDecoder? decoder = null) =>
        (decoder ?? SharedDecoder).Decode(Read("decoding", file), DecodeLimits.Default);

    public static (byte R, byte G, byte B) PixelAt(PixelBuffer frame, int x, int y)
    {
        var i = ((y * frame.Width) + x) * 3;
        return (frame.Rgb[i], frame.Rgb[i + 1], frame.Rgb[i + 2]);
    }

    public static bool IsRed((byte R, byte G, byte B) p) => p.R > 200 && p.G < 70 && p.B < 70;

    // Loose on purpose: through a press CMYK profile, as libvips converts CMYK, pure process blue is
    // a dark violet-blue near (26, 39, 123), not sRGB (0, 0, 255).
    public static bool IsBlue((byte R, byte G, byte B) p) => p.B > 100 && p.B > 2 * p.R && p.B > 2 * p.G;

    public static bool IsWhite((byte R, byte G, byte B) p) => p.R > 235 && p.G > 235 && p.B > 235;
}
