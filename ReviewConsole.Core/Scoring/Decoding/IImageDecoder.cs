namespace ReviewConsole.Core.Scoring.Decoding;

/// <summary>
/// Turns uploaded bytes into the pixels every detector shares. Implementations are thread-safe and
/// keep the imaging library behind this one seam so it can be swapped.
/// </summary>
public interface IImageDecoder
{
    /// <summary>
    /// Decodes <paramref name="data"/>: applies EXIF orientation, flattens transparency onto white,
    /// converts to 8-bit sRGB and shrinks so the longest side is at most the configured maximum.
    /// </summary>
    /// <param name="data">The whole file. It is only read, and not retained after the call.</param>
    /// <param name="limits">Header limits checked before any pixel is decoded.</param>
    /// <param name="cancellationToken">Checked between frames.</param>
    /// <exception cref="ImageDecodeException">The upload is empty, unsupported, over a limit or corrupt.</exception>
    DecodedImage Decode(ReadOnlyMemory<byte> data, DecodeLimits limits, CancellationToken cancellationToken = default);
}
