using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Scoring.Pipeline;
using ReviewConsole.Core.Storage;

namespace ReviewConsole.Core.Ingestion;

/// <summary>
/// Accepts one upload: checks it against the limits from its header alone, stores the bytes by
/// SHA-256 and records the submission as pending. Nothing is written for a refused upload.
/// </summary>
public sealed partial class ImageIngestor(
    ReviewDbContext db,
    IImageStore store,
    PolicyStore policies,
    ScoringQueue scoring,
    IOptions<IngestionOptions> options,
    TimeProvider clock,
    ILogger<ImageIngestor> logger)
{
    public async Task<IngestionResult> IngestAsync(Guid sourceId, ReadOnlyMemory<byte> bytes, SubmissionFields fields, CancellationToken cancellationToken = default)
    {
        var (header, refusal) = UploadLimits.Check(bytes.Span, options.Value);
        if (header is null)
        {
            return new IngestionResult(null, refusal);
        }

        if (fields.Policy is { } policy && !await policies.ExistsAsync(policy, cancellationToken))
        {
            return IngestionResult.Refused(IngestionErrorKind.Malformed, "Unknown policy", $"There is no policy named '{policy}'.");
        }

        var sha256 = ImageSubmission.HashOf(bytes.Span);

        // The blob goes first: a row must never point at a missing file. Should the insert then fail,
        // the stored blob is harmless (content-addressed) and the next upload of those bytes reuses it.
        var stored = await store.PutAsync(sha256, bytes, cancellationToken);
        var submission = ImageSubmission.Receive(sourceId, sha256, header, bytes.Length, fields, clock.GetUtcNow());
        db.Images.Add(submission);
        await db.SaveChangesAsync(cancellationToken);
        LogAccepted(submission.Id, sha256, header.Format, header.Width, header.Height, !stored);

        // A full queue drops the offer; the pipeline's pending scan finds the image in the database.
        scoring.TryOffer(submission.Id);
        return IngestionResult.Accepted(submission);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Accepted image {ImageId} ({Sha256}, {Format} {Width}x{Height}, duplicate bytes: {Duplicate})")]
    private partial void LogAccepted(Guid imageId, string sha256, ImageFormat format, int width, int height, bool duplicate);
}
