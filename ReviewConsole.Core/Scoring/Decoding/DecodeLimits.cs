namespace ReviewConsole.Core.Scoring.Decoding;

/// <summary>
/// Size limits checked against an upload's header before any pixel is decoded, so a small file that
/// declares a huge image (a decompression bomb) costs nothing.
/// </summary>
/// <param name="MaxPixels">Largest width x height of one frame, as declared by the header.</param>
/// <param name="MaxFrames">Largest number of frames or pages.</param>
public readonly record struct DecodeLimits(long MaxPixels, int MaxFrames)
{
    /// <summary>
    /// 100 megapixels (a 12000 x 8000 camera frame still passes) and 1000 frames: generous for real
    /// uploads, far below what would exhaust memory.
    /// </summary>
    public static DecodeLimits Default { get; } = new(100_000_000, 1000);
}
