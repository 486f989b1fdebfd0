using BenchmarkDotNet.Attributes;
using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Benchmarks.Scoring;

/// <summary>
/// Decode plus shrink to the default 1024 longest side. Inputs come from
/// <c>ReviewConsole.Tests/TestData/decoding/make-fixtures.sh --bench DIR</c>; point
/// <c>REVIEWCONSOLE_BENCH_IMAGES</c> at DIR (default /tmp/reviewconsole-bench).
/// </summary>
[MemoryDiagnoser]
public class DecodeBenchmarks
{
    private readonly VipsImageDecoder _decoder = new(new DecodingOptions());
    private byte[] _data = [];

    [Params("photo-1920x1080.jpg", "photo-4000x2250.jpg", "rgba-1920x1200.png")]
    public string File { get; set; } = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Environment.GetEnvironmentVariable("REVIEWCONSOLE_BENCH_IMAGES") ?? "/tmp/reviewconsole-bench";
        _data = System.IO.File.ReadAllBytes(Path.Combine(folder, File));
    }

    [Benchmark]
    public PixelBuffer DecodeAndShrink() => _decoder.Decode(_data, DecodeLimits.Default).FirstFrame;
}
