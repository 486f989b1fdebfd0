namespace ReviewConsole.Core.Scoring.Decoding;

/// <summary>
/// How uploads are decoded for scoring. Bound to the <c>DecodingOptions</c> configuration section.
/// </summary>
public sealed class DecodingOptions
{
    /// <summary>
    /// Longest side, in pixels, of every decoded frame; larger images are shrunk to fit, smaller ones
    /// are never enlarged. Defaults to 1024: above what any detector reads (PDQ reduces to 64x64,
    /// classifiers to a few hundred pixels) while keeping a frame at most 3 MB.
    /// </summary>
    public int MaxSide { get; init; } = 1024;

    /// <summary>
    /// How many frames of an animated image to decode, the first included, the rest spread evenly up
    /// to the last frame. Defaults to 4.
    /// </summary>
    public int SampledFrames { get; init; } = 4;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first setting out of range.</summary>
    public void Validate()
    {
        if (MaxSide is < 16 or > 16384)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxSide), MaxSide, "DecodingOptions.MaxSide must be between 16 and 16384.");
        }

        if (SampledFrames is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(SampledFrames), SampledFrames, "DecodingOptions.SampledFrames must be between 1 and 64.");
        }
    }
}
