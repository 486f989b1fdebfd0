namespace ReviewConsole.Core.Scoring.Decoding;

/// <summary>
/// An 8-bit RGB image, row-major, three bytes per pixel and no row padding: the one form every
/// detector reads, so that an image is decoded once and shared.
/// </summary>
public sealed class PixelBuffer
{
    /// <summary>Wraps <paramref name="rgb"/> (not copied) as a <paramref name="width"/> x <paramref name="height"/> image.</summary>
    public PixelBuffer(int width, int height, byte[] rgb)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        ArgumentNullException.ThrowIfNull(rgb);
        if (rgb.Length != checked(width * height * 3))
        {
            throw new ArgumentException($"Expected {width * height * 3} bytes for {width}x{height} RGB, got {rgb.Length}.", nameof(rgb));
        }

        Width = width;
        Height = height;
        Rgb = rgb;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The pixels: R, G, B for (0,0), then (1,0), ... row by row.</summary>
    public byte[] Rgb { get; }
}
