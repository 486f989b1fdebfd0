using System.Buffers;
using Microsoft.ML.OnnxRuntime;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Models;

namespace ReviewConsole.Core.Scoring.Nsfw;

/// <summary>
/// Runs an nsfwjs model (converted to ONNX) on images: nsfwjs' preprocessing, then one shared ONNX
/// Runtime session. Safe to call from several threads at once.
/// </summary>
/// <remarks>
/// Batches of <see cref="NsfwOptions.BatchSize"/> run together and a shorter remainder runs one image at
/// a time, so the session only ever sees the two input shapes it was warmed up with (ONNX Runtime's
/// first run of a new shape is slow).
/// </remarks>
public sealed class NsfwClassifier : IDisposable
{
    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;
    private readonly int _batchSize;
    private readonly int _imageLength;

    /// <summary>Loads the model <paramref name="options"/> names from <paramref name="catalog"/>, after checking its hash.</summary>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="KeyNotFoundException">The model was not imported.</exception>
    /// <exception cref="ModelIntegrityException">The model file is missing or altered.</exception>
    public NsfwClassifier(ModelCatalog catalog, NsfwOptions options)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        ModelManifestEntry model = catalog.Get(options.Model);
        if (model.Detector != "nsfw" || model.Input.Layout != "NHWC" || model.Input.Width is not { } width || model.Input.Height != width)
        {
            throw new ArgumentException($"Model '{model.Name}' is not an nsfwjs classifier (square NHWC input).", nameof(options));
        }

        IReadOnlyList<ModelIntegrityProblem> problems = catalog.Verify(model);
        if (problems.Count > 0)
        {
            throw new ModelIntegrityException(problems);
        }

        Model = model;
        InputSize = width;
        _batchSize = options.BatchSize;
        _imageLength = width * width * 3;
        _inputNames = [model.Input.Name];
        _outputNames = [model.OutputName];

        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(catalog.PathOf(model.File), sessionOptions);
        try
        {
            if (options.WarmUp)
            {
                WarmUp();
            }
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }
    }

    /// <summary>The manifest entry of the model in use (its <see cref="ModelManifestEntry.Version"/> goes into score snapshots).</summary>
    public ModelManifestEntry Model { get; }

    /// <summary>Class names in output order: Drawing, Hentai, Neutral, Porn, Sexy.</summary>
    public IReadOnlyList<string> Labels => Model.Labels;

    /// <summary>The model's input side in pixels (224 or 299).</summary>
    public int InputSize { get; }

    /// <summary>Classifies images; returns per image the class probabilities in <see cref="Labels"/> order.</summary>
    public float[][] Classify(IReadOnlyList<PixelBuffer> images)
    {
        ArgumentNullException.ThrowIfNull(images);
        var results = new float[images.Count][];
        float[] rented = ArrayPool<float>.Shared.Rent(Math.Min(images.Count, _batchSize) * _imageLength);
        try
        {
            foreach (var (start, count) in Chunks(images.Count))
            {
                Memory<float> batch = rented.AsMemory(0, count * _imageLength);
                for (var i = 0; i < count; i++)
                {
                    NsfwPreprocessor.Preprocess(images[start + i], InputSize, batch.Span.Slice(i * _imageLength, _imageLength));
                }

                Run(batch, count, results, start);
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(rented);
        }

        return results;
    }

    /// <summary>
    /// Classifies <paramref name="count"/> already preprocessed images: NHWC float32, each
    /// <see cref="InputSize"/> x <see cref="InputSize"/> x 3, back to back in <paramref name="nhwc"/>.
    /// </summary>
    public float[][] ClassifyPreprocessed(float[] nhwc, int count)
    {
        ArgumentNullException.ThrowIfNull(nhwc);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (nhwc.Length != count * _imageLength)
        {
            throw new ArgumentException($"Expected {count} x {InputSize} x {InputSize} x 3 floats, got {nhwc.Length}.", nameof(nhwc));
        }

        var results = new float[count][];
        foreach (var (start, length) in Chunks(count))
        {
            Run(nhwc.AsMemory(start * _imageLength, length * _imageLength), length, results, start);
        }

        return results;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _session.Dispose();
        _runOptions.Dispose();
    }

    private IEnumerable<(int Start, int Count)> Chunks(int total)
    {
        var start = 0;
        for (; start + _batchSize <= total; start += _batchSize)
        {
            yield return (start, _batchSize);
        }

        for (; start < total; start++)
        {
            yield return (start, 1);
        }
    }

    private void Run(Memory<float> batch, int count, float[][] results, int start)
    {
        long[] shape = [count, InputSize, InputSize, 3];
        using var input = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, batch, shape);
        using var outputs = _session.Run(_runOptions, _inputNames, [input], _outputNames);
        ReadOnlySpan<float> probabilities = outputs[0].GetTensorDataAsSpan<float>();
        int classes = probabilities.Length / count;
        for (var i = 0; i < count; i++)
        {
            results[start + i] = probabilities.Slice(i * classes, classes).ToArray();
        }
    }

    private void WarmUp()
    {
        var results = new float[_batchSize][];
        foreach (var count in _batchSize == 1 ? [1] : new[] { 1, _batchSize })
        {
            Run(new float[count * _imageLength], count, results, 0);
        }
    }
}
