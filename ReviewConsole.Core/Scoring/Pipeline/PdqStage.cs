using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Pdq;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>PDQ of the first frame (the reference hashes still images; an animation is judged by its first frame).</summary>
public sealed class PdqStage : IPdqStage
{
    private readonly PdqHasher _hasher = new();

    public string Version => "pdq-1.0";

    public PdqResult Hash(PixelBuffer frame) => _hasher.Compute(frame);
}
