using BenchmarkDotNet.Attributes;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Benchmarks.Scoring;

/// <summary>PDQ on an already decoded frame of the sizes the decoder hands out.</summary>
[MemoryDiagnoser]
public class PdqBenchmarks
{
    private readonly PdqHasher _hasher = new();
    private PixelBuffer _frame = null!;

    [Params(1024, 512, 256)]
    public int Side { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        // Smooth gradients with some texture: PDQ's cost depends only on the size, not the content.
        var height = Side * 9 / 16;
        var rgb = new byte[Side * height * 3];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < Side; x++)
            {
                var i = ((y * Side) + x) * 3;
                rgb[i] = (byte)(x * 255 / Side);
                rgb[i + 1] = (byte)(y * 255 / height);
                rgb[i + 2] = (byte)((x ^ y) & 0xFF);
            }
        }

        _frame = new PixelBuffer(Side, height, rgb);
    }

    [Benchmark]
    public PdqResult Hash() => _hasher.Compute(_frame);

    [Benchmark]
    public PdqDihedralResult HashWithAllRotationsAndFlips() => _hasher.ComputeDihedral(_frame);
}
