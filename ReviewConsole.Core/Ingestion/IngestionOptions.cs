using System.ComponentModel.DataAnnotations;

namespace ReviewConsole.Core.Ingestion;

/// <summary>Limits applied to every upload before it is stored. Bound to the <c>Ingestion</c> section.</summary>
public sealed class IngestionOptions
{
    public const string SectionName = "Ingestion";

    /// <summary>Largest accepted file in bytes (HTTP 413 above). Defaults to 20 MB.</summary>
    [Range(1, 1L << 31)]
    public long MaxUploadBytes { get; set; } = 20L * 1024 * 1024;

    /// <summary>Largest accepted frame in pixels (HTTP 422 above): a decompression-bomb guard. Defaults to 50 MP.</summary>
    [Range(1, long.MaxValue)]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Most frames or pages an image may have (HTTP 422 above). Defaults to 1000.</summary>
    [Range(1, int.MaxValue)]
    public int MaxFrames { get; set; } = 1000;

    /// <summary>Longest accepted <c>externalId</c>.</summary>
    public const int ExternalIdMaxLength = 200;

    /// <summary>Largest accepted <c>metadata</c> JSON, in bytes.</summary>
    public const int MetadataMaxBytes = 8 * 1024;

    /// <summary>Longest accepted <c>wait</c>, in seconds.</summary>
    public const int MaxWaitSeconds = 30;
}
