namespace ReviewConsole.Core.Ingestion;

/// <summary>
/// What an image's container says about it, read without decoding pixels: enough to refuse
/// decompression bombs and truncated files before anything large is allocated.
/// </summary>
/// <param name="Format">The format recognised from the bytes.</param>
/// <param name="Width">Display width, after EXIF/TIFF orientation.</param>
/// <param name="Height">Display height, after EXIF/TIFF orientation.</param>
/// <param name="FrameCount">Frames (GIF, APNG, animated WebP) or pages (TIFF); 1 for still images.</param>
/// <param name="LargestFramePixels">The largest single frame's pixel count, which bounds one decode's memory.</param>
public sealed record ImageHeader(ImageFormat Format, int Width, int Height, int FrameCount, long LargestFramePixels);

/// <summary>Why a header could not be accepted.</summary>
public enum HeaderProblem
{
    None,

    /// <summary>Not one of the accepted formats (HTTP 415).</summary>
    UnsupportedFormat,

    /// <summary>An accepted format whose structure is broken or truncated (HTTP 422).</summary>
    Corrupt,
}

/// <summary>The header, or the problem that stopped it being read.</summary>
public readonly record struct HeaderReadResult(ImageHeader? Header, HeaderProblem Problem, string Detail)
{
    public static HeaderReadResult Ok(ImageHeader header) => new(header, HeaderProblem.None, string.Empty);

    public static HeaderReadResult Unsupported(string detail) => new(null, HeaderProblem.UnsupportedFormat, detail);

    public static HeaderReadResult Corrupt(string detail) => new(null, HeaderProblem.Corrupt, detail);
}
