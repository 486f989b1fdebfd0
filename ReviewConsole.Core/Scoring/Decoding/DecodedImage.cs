using ReviewConsole.Core.Ingestion;
namespace ReviewConsole.Core.Scoring.Decoding;

/// <summary>An upload decoded once for every detector: its sampled frames and what its header said.</summary>
public sealed class DecodedImage
{
    /// <summary>Creates the result; <paramref name="frames"/> must hold at least the first frame.</summary>
    public DecodedImage(IReadOnlyList<PixelBuffer> frames, int sourceWidth, int sourceHeight, int sourceFrameCount, ImageFormat format)
    {
        ArgumentNullException.ThrowIfNull(frames);
        if (frames.Count == 0)
        {
            throw new ArgumentException("A decoded image has at least one frame.", nameof(frames));
        }

        Frames = frames;
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        SourceFrameCount = sourceFrameCount;
        Format = format;
    }

    /// <summary>
    /// Upright, alpha-flattened RGB frames no larger than <see cref="DecodingOptions.MaxSide"/>: the
    /// first frame first, then for animations an even sample of the others in playback order.
    /// </summary>
    public IReadOnlyList<PixelBuffer> Frames { get; }

    /// <summary>The first frame, which still-image detectors read.</summary>
    public PixelBuffer FirstFrame => Frames[0];

    /// <summary>Width of the original image as displayed, i.e. after EXIF orientation.</summary>
    public int SourceWidth { get; }

    /// <summary>Height of the original image as displayed, i.e. after EXIF orientation.</summary>
    public int SourceHeight { get; }

    /// <summary>Number of frames (or pages) in the original; 1 for a still image.</summary>
    public int SourceFrameCount { get; }

    /// <summary>The format the upload was recognised as.</summary>
    public ImageFormat Format { get; }
}
