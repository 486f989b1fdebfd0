using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Notifications;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Scoring.Decoding;
using ReviewConsole.Core.Storage;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>Scores one pending image and records the automatic decision (or the failure) on it.</summary>
public sealed partial class ImageScorer(
    IDbContextFactory<ReviewDbContext> dbFactory,
    IImageStore store,
    ScoringPipeline pipeline,
    WebhookOutbox outbox,
    IOptions<ScoringOptions> options,
    ScoringMetrics metrics,
    NearDuplicates nearDuplicates,
    TimeProvider clock,
    ILogger<ImageScorer> logger)
{
    /// <summary>Returns false when the image was not pending (already scored, or unknown).</summary>
    public async Task<bool> ScoreAsync(Guid imageId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var image = await db.Images.Include(i => i.Scores).FirstOrDefaultAsync(i => i.Id == imageId, cancellationToken);
        if (image is null || image.Status != ImageStatus.Pending)
        {
            return false;
        }

        try
        {
            var policyName = image.RequestedPolicy
                ?? await db.Sources.Where(s => s.Id == image.SourceId).Select(s => s.DefaultPolicy).FirstOrDefaultAsync(cancellationToken)
                ?? Policy.DefaultName;
            var policy = await new PolicyStore(db, clock).CurrentAsync(policyName, cancellationToken)
                ?? throw new InvalidOperationException($"Policy '{policyName}' does not exist.");
            var bytes = await ReadAsync(image.Sha256, cancellationToken);
            var result = await pipeline.ScoreAsync(bytes, image.Sha256, policy, cancellationToken);
            var evidence = result.TextSnippets.Count == 0
                ? null
                : new Dictionary<string, string> { [Categories.SpamText] = "matched " + string.Join(", ", result.TextSnippets) };
            var decision = PolicyEvaluator.Decide(policy.Rules, result.Scores, result.Matches, policy.AuditSampleRate, AuditDraw(image.Id), evidence);
            image.RecordScoring(new ScoringRecord(result.Scores, result.Pdq, result.PdqQuality, policy.PolicyName, policy.Version, result.Models), decision, clock.GetUtcNow());
            ReviewIntake.Open(db, image, clock.GetUtcNow());
            if (image.IsFinal)
            {
                // Same unit of work as the decision: the app hears of every final decision, or of none that did not happen.
                await outbox.EnqueueAsync(db, image, WebhookEventTypes.Decided, WebhookPayload.ForDecision(image), cancellationToken);
            }

            await db.SaveChangesAsync(cancellationToken);
            nearDuplicates.Scored(image);
            metrics.RecordDecision(image.Status.ToApiName());
            LogScored(image.Id, image.Status.ToApiName(), policy.PolicyName, policy.Version);
            return true;
        }
        catch (ModelsUnavailableException)
        {
            // Not the image's fault: it stays pending, untouched, until the models are imported.
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One bad image must never stall the pipeline: record why, retry later, and after the
            // last attempt hand the image to people.
            var reason = ex is ImageDecodeException decode ? $"decode failed: {decode.Message}" : ex.GetBaseException().Message;
            image.RecordScoringFailure(reason, options.Value.MaxAttempts, clock.GetUtcNow());
            await db.SaveChangesAsync(CancellationToken.None);
            metrics.RecordDecision("failed");
            LogFailed(ex, image.Id, image.ScoringAttempts, reason);
            return image.Status != ImageStatus.Pending;
        }
    }

    private async Task<ReadOnlyMemory<byte>> ReadAsync(string sha256, CancellationToken cancellationToken)
    {
        await using var stream = store.OpenRead(sha256) ?? throw new FileNotFoundException($"The stored original {sha256} is missing.");
        var buffer = new MemoryStream(stream.CanSeek ? (int)stream.Length : 256 * 1024);
        await stream.CopyToAsync(buffer, cancellationToken);
        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>A uniform draw in [0,1) fixed by the image id, so the audit sample does not change on a retry.</summary>
    internal static double AuditDraw(Guid imageId)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(imageId.ToByteArray(), hash);
        return (BitConverter.ToUInt64(hash) >> 11) / (double)(1UL << 53);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Scored image {ImageId}: {Status} under {Policy} v{Version}")]
    private partial void LogScored(Guid imageId, string status, string policy, int version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scoring image {ImageId} failed (attempt {Attempt}): {Reason}")]
    private partial void LogFailed(Exception exception, Guid imageId, int attempt, string reason);
}
