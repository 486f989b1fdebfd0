using Microsoft.Extensions.Options;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Scoring.Pdq;
using ReviewConsole.Core.Scoring.Pipeline;

namespace ReviewConsole.Core.Lists;

/// <summary>
/// Turns an uploaded image into the hashes lists match on, exactly as scoring does: the upload limits
/// first, then the pipeline's decoder and PDQ stage on the first frame. The image itself is not kept.
/// </summary>
public sealed class ImageHasher(PixelDecoders decoders, IPdqStage pdq, IOptions<IngestionOptions> options)
{
    /// <summary>The image's hashes, or why it was refused (the same refusals as a submission).</summary>
    public ImageHashResult Hash(ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken = default)
    {
        var limits = options.Value;
        var (header, refusal) = UploadLimits.Check(bytes.Span, limits);
        if (header is null)
        {
            return new ImageHashResult(null, refusal);
        }

        DecodedImage decoded;
        try
        {
            decoded = decoders.Default.Decode(bytes, new DecodeLimits(limits.MaxPixels, limits.MaxFrames), cancellationToken);
        }
        catch (ImageDecodeException ex)
        {
            var kind = ex.Reason switch
            {
                ImageDecodeFailure.Empty => IngestionErrorKind.Malformed,
                ImageDecodeFailure.UnsupportedFormat => IngestionErrorKind.UnsupportedFormat,
                _ => IngestionErrorKind.Unprocessable,
            };
            return new ImageHashResult(null, new IngestionError(kind, "Image could not be decoded", ex.Message));
        }

        var result = pdq.Hash(decoded.FirstFrame);

        // Same rule as scoring: a quality-0 hash (a flat image) carries no information, so none is kept.
        PdqHash? hash = result.Quality > 0 ? result.Hash : null;
        return new ImageHashResult(new ImageHashes(ImageSubmission.HashOf(bytes.Span), hash, hash is null ? null : result.Quality), null);
    }
}

/// <summary>What lists match an image by.</summary>
public sealed record ImageHashes(string Sha256, PdqHash? Pdq, int? PdqQuality);

/// <summary>An image's hashes, or the refusal.</summary>
public sealed record ImageHashResult(ImageHashes? Hashes, IngestionError? Error);
