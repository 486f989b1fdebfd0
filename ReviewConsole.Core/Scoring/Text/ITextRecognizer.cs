using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>Reads the text inside given regions of an image.</summary>
public interface ITextRecognizer
{
    /// <summary>One result per entry of <paramref name="regions"/>, in the same order.</summary>
    IReadOnlyList<RecognizedText> Recognize(PixelBuffer image, IReadOnlyList<TextQuad> regions);
}
