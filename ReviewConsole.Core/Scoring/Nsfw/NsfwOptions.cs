namespace ReviewConsole.Core.Scoring.Nsfw;

/// <summary>Settings of the nudity classifier, bound from the <c>Nsfw</c> appsettings section.</summary>
public sealed class NsfwOptions
{
    /// <summary>The appsettings section these options are bound from.</summary>
    public const string SectionName = "Nsfw";

    /// <summary>Manifest name of the model to run. Defaults to <c>nsfw-mobilenet_v2</c> (<c>nsfw-inception_v3</c> if imported).</summary>
    public string Model { get; init; } = "nsfw-mobilenet_v2";

    /// <summary>Images per inference call; the remainder of a batch runs one by one. Defaults to 8.</summary>
    public int BatchSize { get; init; } = 8;

    /// <summary>
    /// ONNX Runtime intra-op threads; 0 lets ONNX Runtime choose (one per core). Defaults to 1: the
    /// pipeline scores several images at once (Scoring:Workers), and on 2 cores that parallelism
    /// measured 81 images/s against 37 with 2 intra-op threads competing for the same cores.
    /// </summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>Run the batch shapes once at start so the first real images are not slow. Defaults to true.</summary>
    public bool WarmUp { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentException"/> with a message naming the setting when a value is out of range.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Model))
        {
            throw new ArgumentException($"{SectionName}:{nameof(Model)} must name an imported model.");
        }

        if (BatchSize is < 1 or > 256)
        {
            throw new ArgumentException($"{SectionName}:{nameof(BatchSize)} must be between 1 and 256, was {BatchSize}.");
        }

        if (IntraOpThreads is < 0 or > 256)
        {
            throw new ArgumentException($"{SectionName}:{nameof(IntraOpThreads)} must be between 0 and 256, was {IntraOpThreads}.");
        }
    }
}
