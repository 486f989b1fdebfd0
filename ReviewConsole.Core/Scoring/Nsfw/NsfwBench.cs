using System.Diagnostics;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Models;

namespace ReviewConsole.Core.Scoring.Nsfw;

/// <summary>Figures from one <see cref="NsfwBench.Run"/>: medians and best of the repetitions, in milliseconds.</summary>
/// <param name="Model">Model name.</param>
/// <param name="IntraOpThreads">Threads ONNX Runtime used.</param>
/// <param name="SessionCreationMs">Loading the model (verification, session, no warm-up).</param>
/// <param name="WarmUpMs">Running the batch-1 and batch-N shapes once.</param>
/// <param name="Preprocess1080pMs">Median preprocessing of one 1920x1080 image.</param>
/// <param name="BatchSize">The batch size measured besides batch 1.</param>
/// <param name="PerImageBatch1Ms">Median ms per image at batch 1 (inference only).</param>
/// <param name="PerImageBatchNMs">Median ms per image at <paramref name="BatchSize"/> (inference only).</param>
/// <param name="BestPerImageBatch1Ms">Fastest repetition at batch 1.</param>
/// <param name="BestPerImageBatchNMs">Fastest repetition at <paramref name="BatchSize"/>.</param>
public sealed record NsfwBenchResult(
    string Model,
    int IntraOpThreads,
    double SessionCreationMs,
    double WarmUpMs,
    double Preprocess1080pMs,
    int BatchSize,
    double PerImageBatch1Ms,
    double PerImageBatchNMs,
    double BestPerImageBatch1Ms,
    double BestPerImageBatchNMs);

/// <summary>
/// A quick measurement of the nudity classifier for the host's <c>bench</c> verb: session creation,
/// preprocessing of a full-HD image, and inference per image at batch 1 and at the configured batch size.
/// </summary>
public static class NsfwBench
{
    /// <summary>Measures <paramref name="options"/>' model with <paramref name="repetitions"/> runs of each kind.</summary>
    public static NsfwBenchResult Run(ModelCatalog catalog, NsfwOptions options, int repetitions = 20)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repetitions);

        var stopwatch = Stopwatch.StartNew();
        using var classifier = new NsfwClassifier(catalog, new NsfwOptions
        {
            Model = options.Model,
            BatchSize = options.BatchSize,
            IntraOpThreads = options.IntraOpThreads,
            WarmUp = false,
        });
        double sessionMs = stopwatch.Elapsed.TotalMilliseconds;

        int size = classifier.InputSize;
        var tensor = new float[options.BatchSize * size * size * 3];
        var random = new Random(1);
        for (var i = 0; i < tensor.Length; i++)
        {
            tensor[i] = random.NextSingle();
        }

        float[] single = tensor[..(size * size * 3)];
        stopwatch.Restart();
        classifier.ClassifyPreprocessed(single, 1);
        classifier.ClassifyPreprocessed(tensor, options.BatchSize);
        double warmUpMs = stopwatch.Elapsed.TotalMilliseconds;

        var frame = new byte[1920 * 1080 * 3];
        random.NextBytes(frame);
        var image = new PixelBuffer(1920, 1080, frame);
        var preprocessed = new float[size * size * 3];
        double preprocessMs = Measure(repetitions, () => NsfwPreprocessor.Preprocess(image, size, preprocessed));

        List<double> batch1 = Times(repetitions, () => classifier.ClassifyPreprocessed(single, 1));
        var batchN = Times(repetitions, () => classifier.ClassifyPreprocessed(tensor, options.BatchSize)).Select(t => t / options.BatchSize).ToList();

        return new NsfwBenchResult(
            classifier.Model.Name,
            options.IntraOpThreads,
            sessionMs,
            warmUpMs,
            preprocessMs,
            options.BatchSize,
            Median(batch1),
            Median(batchN),
            batch1.Min(),
            batchN.Min());
    }

    private static double Measure(int repetitions, Action action) => Median(Times(repetitions, action));

    private static List<double> Times(int repetitions, Action action)
    {
        var times = new List<double>(repetitions);
        for (var i = 0; i < repetitions; i++)
        {
            var start = Stopwatch.GetTimestamp();
            action();
            times.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return times;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
