using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Feedback;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Storage;

namespace ReviewConsole.Core.Exports;

/// <summary>
/// Writes a retraining dataset as a zip (PRODUCT.md, "Retraining export"): <c>README.md</c>,
/// <c>images/&lt;label&gt;/&lt;sha256&gt;.&lt;ext&gt;</c>, <c>manifest.jsonl</c> and <c>stats.json</c>.
/// Everything streams: rows come in keyset pages (by SHA-256, so one line per distinct image), each
/// original is copied from the store straight into its zip entry, manifest lines go to a temporary
/// file until the images are written, and the zip itself goes to any writable stream, seekable or not.
/// Memory does not grow with the number of images.
/// </summary>
public sealed partial class RetrainingExporter(
    IDbContextFactory<ReviewDbContext> dbFactory,
    IImageStore store,
    ModeratorPseudonyms pseudonyms,
    DataPaths paths,
    IOptions<ExportOptions> options,
    TimeProvider clock,
    ILogger<RetrainingExporter> logger)
{
    private static readonly JsonSerializerOptions StatsJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The folder for exports' temporary files (under the data folder, never under <c>wwwroot</c>).</summary>
    public string WorkFolder => Path.Combine(paths.Root, "exports");

    /// <summary>
    /// Writes the export of the images <paramref name="filter"/> takes to <paramref name="output"/>
    /// (left open), reporting images written against the total counted first.
    /// </summary>
    public async Task<ExportSummary> WriteAsync(Stream output, ExportFilter filter, IProgress<ExportProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Problem() is { } problem)
        {
            throw new ArgumentException(problem, nameof(filter));
        }

        // Counting first costs one pass over the rows without blobs, and gives the progress bar its end.
        var total = 0;
        await foreach (var _ in RowsAsync(filter, cancellationToken))
        {
            total++;
        }

        progress?.Report(new ExportProgress(0, total));
        var generatedAt = clock.GetUtcNow();
        var labels = new SortedDictionary<string, SortedDictionary<string, int>>(StringComparer.Ordinal);
        var splits = ExportSplits.All.ToDictionary(s => s, _ => 0);
        var written = 0;
        var missing = 0;
        var feedbackExamples = 0;
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        string PseudonymOf(string userId) => names.TryGetValue(userId, out var name) ? name : names[userId] = pseudonyms.Of(userId);

        Directory.CreateDirectory(WorkFolder);
        await using var zip = await ZipArchive.CreateAsync(output, ZipArchiveMode.Create, leaveOpen: true, entryNameEncoding: null, cancellationToken);
        await WriteTextAsync(zip, "README.md", ExportReadme.Text, generatedAt, cancellationToken);
        await using (var manifest = new FileStream(
            Path.Combine(WorkFolder, $"manifest-{Guid.NewGuid():N}.tmp"), FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 64 * 1024, FileOptions.DeleteOnClose | FileOptions.Asynchronous))
        {
            await using (var json = new Utf8JsonWriter(manifest))
            {
                await foreach (var row in RowsAsync(filter, cancellationToken))
                {
                    await using (var blob = store.OpenRead(row.Image.Sha256))
                    {
                        if (blob is null)
                        {
                            missing++;
                            LogMissingBlob(row.Image.Id, row.Image.Sha256);
                            continue;
                        }

                        var entry = zip.CreateEntry(row.File, CompressionLevel.NoCompression);
                        entry.LastWriteTime = generatedAt;
                        await using var target = await entry.OpenAsync(cancellationToken);
                        await blob.CopyToAsync(target, cancellationToken);
                    }

                    row.WriteManifestLine(json, PseudonymOf);
                    await json.FlushAsync(cancellationToken);
                    json.Reset();
                    manifest.WriteByte((byte)'\n');

                    var perSplit = labels.TryGetValue(row.FolderLabel, out var found) ? found : labels[row.FolderLabel] = new SortedDictionary<string, int>(StringComparer.Ordinal);
                    perSplit[row.Split] = perSplit.GetValueOrDefault(row.Split) + 1;
                    splits[row.Split]++;
                    feedbackExamples += row.Feedback.Count(f => f.Outcome == FeedbackOutcome.LabelledExample);
                    written++;
                    progress?.Report(new ExportProgress(written, Math.Max(total, written)));
                }
            }

            manifest.Position = 0;
            var manifestEntry = zip.CreateEntry("manifest.jsonl", CompressionLevel.Optimal);
            manifestEntry.LastWriteTime = generatedAt;
            await using var manifestTarget = await manifestEntry.OpenAsync(cancellationToken);
            await manifest.CopyToAsync(manifestTarget, cancellationToken);
        }

        var stats = new
        {
            generatedAt,
            images = written,
            missingBlobs = missing,
            feedbackExamples,
            filters = new
            {
                from = filter.From?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                to = filter.To?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                categories = filter.CategorySet,
                humanOnly = filter.HumanOnly,
                disagreementsOnly = filter.DisagreementsOnly,
                auditOnly = filter.AuditOnly,
            },
            splits,
            labels = labels.ToDictionary(
                l => l.Key,
                l => new Dictionary<string, int>(ExportSplits.All.Select(s => KeyValuePair.Create(s, l.Value.GetValueOrDefault(s))))
                {
                    ["total"] = l.Value.Values.Sum(),
                }),
        };
        await WriteTextAsync(zip, "stats.json", JsonSerializer.Serialize(stats, StatsJson), generatedAt, cancellationToken);
        LogExported(written, missing, total);
        return new ExportSummary(written, missing, labels.ToDictionary(l => l.Key, l => l.Value.Values.Sum()), splits);
    }

    /// <summary>
    /// The rows <paramref name="filter"/> takes, one per distinct SHA-256 in hash order. The database
    /// narrows loosely (decided images, dates, human-decided, audit); exact conditions and the choice
    /// among several submissions of the same bytes (a person's label first, then the latest) are made here.
    /// </summary>
    private async IAsyncEnumerable<ExportRow> RowsAsync(ExportFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var pageSize = options.Value.PageSize;
        var after = string.Empty;
        while (true)
        {
            List<ExportRow> page;
            int fetched;
            await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
            {
                var last = after;
                var hashes = await Candidates(db, filter)
                    .Where(i => string.Compare(i.Sha256, last) > 0)
                    .Select(i => i.Sha256)
                    .Distinct()
                    .OrderBy(s => s)
                    .Take(pageSize)
                    .ToListAsync(cancellationToken);
                fetched = hashes.Count;
                if (fetched == 0)
                {
                    yield break;
                }

                after = hashes[^1];
                var images = await Candidates(db, filter).Include(i => i.Scores).Where(i => hashes.Contains(i.Sha256)).ToListAsync(cancellationToken);
                var ids = images.Select(i => i.Id).ToList();
                var events = (await db.ReviewDecisions.AsNoTracking().Where(d => ids.Contains(d.ImageId)).ToListAsync(cancellationToken)).ToLookup(d => d.ImageId);
                var feedback = (await db.ImageFeedback.AsNoTracking().Where(f => ids.Contains(f.ImageId)).OrderBy(f => f.CreatedAt).ToListAsync(cancellationToken)).ToLookup(f => f.ImageId);
                page = [.. images
                    .Select(i => ExportRow.Of(i, [.. events[i.Id]], [.. feedback[i.Id]]))
                    .Where(r => r.Matches(filter))
                    .GroupBy(r => r.Image.Sha256)
                    .Select(g => g.OrderByDescending(r => r.Human is not null).ThenByDescending(r => r.DecidedAt).ThenByDescending(r => r.Image.Id).First())
                    .OrderBy(r => r.Image.Sha256, StringComparer.Ordinal)];
            }

            foreach (var row in page)
            {
                yield return row;
            }

            if (fetched < pageSize)
            {
                yield break;
            }
        }
    }

    private static IQueryable<ImageSubmission> Candidates(ReviewDbContext db, ExportFilter filter)
    {
        var query = db.Images.AsNoTracking().Where(i => i.Status == ImageStatus.Approved || i.Status == ImageStatus.Rejected);
        if (filter.FromUtc is { } from)
        {
            // The label's time is the image's decision or a later person's event (an audit label).
            query = query.Where(i => i.DecidedAt >= from || db.ReviewDecisions.Any(d => d.ImageId == i.Id && d.CreatedAt >= from));
        }

        if (filter.ToUtcExclusive is { } to)
        {
            query = query.Where(i => i.ReceivedAt < to);
        }

        if (filter.HumanOnly)
        {
            query = query.Where(i => db.ReviewDecisions.Any(d => d.ImageId == i.Id
                && (d.Kind == ReviewDecisionKind.Approve || d.Kind == ReviewDecisionKind.Reject || d.Kind == ReviewDecisionKind.Overturn)));
        }

        if (filter.AuditOnly)
        {
            query = query.Where(i => i.AuditSampled);
        }

        return query;
    }

    private static async Task WriteTextAsync(ZipArchive zip, string name, string text, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var entry = zip.CreateEntry(name, CompressionLevel.Optimal);
        entry.LastWriteTime = at;
        await using var stream = await entry.OpenAsync(cancellationToken);
        await stream.WriteAsync(new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text), cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Export left out image {ImageId}: no original stored under {Sha256}")]
    private partial void LogMissingBlob(Guid imageId, string sha256);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retraining export written: {Images} images, {Missing} missing originals, {Total} counted")]
    private partial void LogExported(int images, int missing, int total);
}
