using System.ComponentModel.DataAnnotations;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>How the background pipeline runs. Bound to the <c>Scoring</c> section.</summary>
public sealed class ScoringOptions
{
    public const string SectionName = "Scoring";

    /// <summary>Whether the host runs the pipeline at all (tests of other parts switch it off). Defaults to true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Images scored at the same time. Defaults to 2 (one per core on the reference machine).</summary>
    [Range(1, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>Image ids waiting in memory; beyond this, ingestion stops pushing and the pending scan catches up. Defaults to 256.</summary>
    [Range(1, 100_000)]
    public int QueueCapacity { get; set; } = 256;

    /// <summary>Attempts before an image that keeps failing goes to people. Defaults to 3.</summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How often the database is searched for pending images (after a restart, a full queue or a failure). Defaults to 5 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan PendingScanInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest side of the shared pixel buffer when text detection is off; JPEGs decode at reduced
    /// size (shrink-on-load) down to this. 480 is twice the classifier's input and about what PDQ
    /// works from, and it lets a 1080p JPEG decode at 1/4 scale directly: measured with
    /// <c>bench pipeline</c>, 81 images/s at 512 against 115 at 480 on 2 cores. Defaults to 480.
    /// </summary>
    [Range(64, 8192)]
    public int DecodeMaxSide { get; set; } = 480;

    /// <summary>
    /// Longest side of the shared pixel buffer when text detection is on: recognition reads its crops
    /// from this buffer, so small text needs pixels. 960 lets 1080p and 4K JPEGs decode at exactly 1/2 and
    /// 1/4 scale with no resampling after shrink-on-load: 7.6 ms against 20.3 ms for a 736 px buffer,
    /// whose extra resize cost more than the larger buffer saves. The detector scales its own input
    /// down to <c>Text:DetectionLimitSide</c> (640). Defaults to 960.
    /// </summary>
    [Range(64, 8192)]
    public int TextDecodeMaxSide { get; set; } = 960;

    /// <summary>Frames scored per animated image: the first plus an even sample. Defaults to 4.</summary>
    [Range(1, 64)]
    public int SampledFrames { get; set; } = 4;
}
