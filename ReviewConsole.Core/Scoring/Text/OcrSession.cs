using Microsoft.ML.OnnxRuntime;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>
/// One ONNX Runtime session shared by every caller: <see cref="InferenceSession.Run(RunOptions, IReadOnlyCollection{string}, IReadOnlyCollection{OrtValue}, IReadOnlyCollection{string})"/>
/// is thread-safe, and each call owns its input and output values.
/// </summary>
internal sealed class OcrSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public OcrSession(string path, TextOptions options)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"Text model not found at '{path}' (Text:{nameof(TextOptions.ModelsDirectory)}).", path);
        }

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        sessionOptions.AddSessionConfigEntry("session.intra_op.allow_spinning", options.AllowThreadSpinning ? "1" : "0");
        _session = new InferenceSession(path, sessionOptions);
        _inputNames = [_session.InputMetadata.Keys.First()];
        _outputNames = [_session.OutputMetadata.Keys.First()];
    }

    /// <summary>Runs the model on one float tensor and hands its first output to <paramref name="read"/>.</summary>
    public T Run<T>(float[] input, long[] shape, OutputReader<T> read)
    {
        using var runOptions = new RunOptions();
        using OrtValue value = OrtValue.CreateTensorValueFromMemory(input, shape);
        using IDisposableReadOnlyCollection<OrtValue> outputs = _session.Run(runOptions, _inputNames, [value], _outputNames);
        OrtValue output = outputs[0];
        long[] outputShape = output.GetTensorTypeAndShape().Shape;
        return read(output.GetTensorDataAsSpan<float>(), outputShape);
    }

    public void Dispose() => _session.Dispose();

    internal delegate T OutputReader<out T>(ReadOnlySpan<float> data, long[] shape);
}
