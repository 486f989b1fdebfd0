using System.IO.Compression;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using ReviewConsole.Core.Exports;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Storage;
using ReviewConsole.Tests.Review;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Exports;

/// <summary>
/// A real SQLite review database with a real image store beside it, images whose blobs are stored under
/// their true SHA-256, and the exporter over both, writing to a stream that cannot seek.
/// </summary>
internal sealed class ExportTestData : IAsyncDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("export");
    private int _next;

    private ExportTestData(ReviewDatabase database)
    {
        Database = database;
        Paths = new DataPaths(_folder);
        Store = new FileSystemImageStore(Paths);
    }

    public ReviewDatabase Database { get; }

    public DataPaths Paths { get; }

    public FileSystemImageStore Store { get; }

    public static async Task<ExportTestData> CreateAsync() => new(await ReviewDatabase.CreateAsync());

    /// <summary>
    /// Stores distinct bytes and records an image scored as the pipeline would: auto-approved (no
    /// reasons), auto-rejected (a reject rule on nudity) or in review (a review band), with its task.
    /// </summary>
    public async Task<ImageSubmission> AddImageAsync(Outcome outcome = Outcome.Review, bool auditSampled = false, double nudity = 0.5, byte[]? bytes = null)
    {
        bytes ??= NewBytes();
        var sha256 = ImageSubmission.HashOf(bytes);
        await Store.PutAsync(sha256, bytes);
        var now = Database.Clock.GetUtcNow();
        var image = ImageSubmission.Receive(Database.SourceId, sha256, new ImageHeader(ImageFormat.Png, 8, 8, 1, 64), bytes.Length, new SubmissionFields(null, null, null, null), now);
        IReadOnlyList<DecisionReason> reasons = outcome switch
        {
            Outcome.Approve => [],
            Outcome.Reject => [new DecisionReason(Categories.Nudity, nudity, "reject_at_or_above", "test")],
            _ => [new DecisionReason(Categories.Nudity, nudity, "review_band", "test")],
        };
        image.RecordScoring(
            new ScoringRecord(new Dictionary<string, double> { [Categories.Nudity] = nudity, [Categories.Suggestive] = 0.25 }, null, null, Policy.DefaultName, 3, new Dictionary<string, string> { ["nsfw"] = "mobilenet-v2@1" }),
            new PolicyDecision(outcome, reasons, auditSampled),
            now);
        await using var db = Database.Contexts.CreateDbContext();
        db.Images.Add(image);
        ReviewIntake.Open(db, image, now);
        await db.SaveChangesAsync();
        return image;
    }

    /// <summary>A few bytes no other image of the test run has.</summary>
    public byte[] NewBytes() => [.. Guid.NewGuid().ToByteArray(), .. BitConverter.GetBytes(Interlocked.Increment(ref _next))];

    /// <summary>Claims the image's task in <paramref name="queue"/> and decides it; returns the decision id.</summary>
    public async Task<long> DecideAsync(Reviewer reviewer, bool approve, IReadOnlyList<string>? labels = null, string queue = Policy.DefaultName)
    {
        var claim = await Database.ClaimAsync(reviewer, queue);
        var input = new DecisionInput(labels, AddToDisallowList: false);
        var result = approve
            ? await Database.Workbench.ApproveAsync(claim.TaskId, reviewer, input)
            : await Database.Workbench.RejectAsync(claim.TaskId, reviewer, input);
        Assert.True(result.Succeeded, result.Message);
        return result.DecisionId!.Value;
    }

    public RetrainingExporter Exporter(int pageSize = 500) => new(
        Database.Contexts,
        Store,
        new ModeratorPseudonyms(Paths),
        Paths,
        Microsoft.Extensions.Options.Options.Create(new ExportOptions { PageSize = pageSize }),
        Database.Clock,
        NullLogger<RetrainingExporter>.Instance);

    /// <summary>Runs an export into a non-seekable stream and opens what it wrote.</summary>
    public async Task<ExportedZip> ExportAsync(ExportFilter? filter = null, int pageSize = 500)
    {
        var buffer = new MemoryStream();
        var progress = new List<ExportProgress>();
        await using (var output = new NonSeekableStream(buffer))
        {
            var summary = await Exporter(pageSize).WriteAsync(output, filter ?? new ExportFilter(), new SynchronousProgress(progress.Add));
            buffer.Position = 0;
            return new ExportedZip(new ZipArchive(new MemoryStream(buffer.ToArray()), ZipArchiveMode.Read), summary, progress);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Temp folders are cleaned by the OS.
        }
    }

    /// <summary>Progress&lt;T&gt; posts to the thread pool; a test wants every report, in order, at once.</summary>
    private sealed class SynchronousProgress(Action<ExportProgress> report) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => report(value);
    }
}

/// <summary>A written export, opened for reading.</summary>
internal sealed record ExportedZip(ZipArchive Zip, ExportSummary Summary, IReadOnlyList<ExportProgress> Progress)
{
    public IReadOnlyList<JsonElement> Manifest
    {
        get
        {
            var text = Text("manifest.jsonl");
            return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => JsonDocument.Parse(line).RootElement.Clone())];
        }
    }

    public JsonElement Stats => JsonDocument.Parse(Text("stats.json")).RootElement.Clone();

    public JsonElement LineOf(string sha256) => Manifest.Single(l => l.GetProperty("sha256").GetString() == sha256);

    public IReadOnlyList<string> Hashes => [.. Manifest.Select(l => l.GetProperty("sha256").GetString()!)];

    public string Text(string entry)
    {
        using var reader = new StreamReader(Zip.GetEntry(entry)!.Open());
        return reader.ReadToEnd();
    }

    public byte[] Bytes(string entry)
    {
        using var stream = Zip.GetEntry(entry)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}

/// <summary>Write-only and forward-only, like an HTTP response body or a pipe.</summary>
internal sealed class NonSeekableStream(Stream inner) : Stream
{
    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => inner.Flush();

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => inner.Write(buffer, offset, count);

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default) => inner.WriteAsync(buffer, cancellationToken);

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => inner.WriteAsync(buffer, offset, count, cancellationToken);
}
