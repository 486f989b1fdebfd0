using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Core.Scoring.Text;

/// <summary>Finds where an image holds text.</summary>
public interface ITextDetector
{
    /// <summary>Text boxes in <paramref name="image"/>'s pixel coordinates, in reading order.</summary>
    IReadOnlyList<TextBox> Detect(PixelBuffer image);
}
