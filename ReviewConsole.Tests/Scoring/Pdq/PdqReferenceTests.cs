using System.Collections.Concurrent;
using System.Globalization;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Pdq;
using ReviewConsole.Tests.Scoring.Decoding;
using Xunit.Abstractions;

namespace ReviewConsole.Tests.Scoring.Pdq;

public sealed class PdqReferenceTests(ITestOutputHelper output)
{
    // The reference's own bar: at quality 80 and above, a correct implementation is within 10 bits of
    // the published hash (decoders and resamplers differ slightly, so exact matches are not expected).
    private const int ReferenceQualityBar = 80;
    private const int ReferenceMaxDistance = 10;

    private static readonly PdqHasher s_hasher = new();
    private static readonly ConcurrentDictionary<string, PdqResult> s_hashes = new();
    private static readonly ConcurrentDictionary<string, PixelBuffer> s_frames = new();

    public static TheoryData<string, string> ReferenceImages()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadLines(TestImages.PathOf("pdq", "expected-pdq.tsv")))
        {
            if (line.StartsWith('#') || string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var fields = line.Split('\t');
            data.Add(fields[0], fields[1]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ReferenceImages))]
    public void HashIsWithinTenBitsOfReferenceGivenQualityAtLeastEighty(string file, string expectedHex)
    {
        var result = HashOf(file);
        var distance = result.Hash.DistanceTo(PdqHash.Parse(expectedHex));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{file}\tquality={result.Quality}\tdistance={distance}\t{result.Hash}"));

        if (result.Quality >= ReferenceQualityBar)
        {
            Assert.InRange(distance, 0, ReferenceMaxDistance);
        }
    }

    // Several tests hash the same large pictures; decoding each once keeps the suite quick on a busy machine.
    internal static PdqResult HashOf(string file) =>
        s_hashes.GetOrAdd(file, f => s_hasher.Compute(DecodeFirstFrame(f)));

    internal static PixelBuffer DecodeFirstFrame(string file) =>
        s_frames.GetOrAdd(file, f => TestImages.SharedDecoder.Decode(TestImages.Read("pdq", f), DecodeLimits.Default).FirstFrame);
}
