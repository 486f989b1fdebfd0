using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Exports;

namespace ReviewConsole.Exports;

/// <summary>
/// Exports built from the console: each runs in the background into a zip under the data folder's
/// <c>exports</c> folder, one per user at a time, with its progress readable by the page. A user's file
/// is deleted when they build the next one, or <see cref="ExportOptions.DownloadRetention"/> after it
/// was finished, whichever comes first; files left by an earlier run of the host are deleted at start.
/// Jobs live in memory: a restart forgets them (and their files go with the start-up sweep).
/// </summary>
public sealed partial class ExportJobs : IDisposable
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, ExportJob> _byUser = new(StringComparer.Ordinal);
    private readonly RetrainingExporter _exporter;
    private readonly IOptions<ExportOptions> _options;
    private readonly TimeProvider _clock;
    private readonly CancellationToken _stopping;
    private readonly ILogger<ExportJobs> _logger;
    private readonly ITimer _sweep;

    public ExportJobs(RetrainingExporter exporter, IOptions<ExportOptions> options, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<ExportJobs> logger)
    {
        _exporter = exporter;
        _options = options;
        _clock = clock;
        _stopping = lifetime.ApplicationStopping;
        _logger = logger;
        DeleteLeftovers();
        _sweep = clock.CreateTimer(_ => Sweep(), null, SweepInterval, SweepInterval);
    }

    /// <summary>The user's latest job, running or finished, or null.</summary>
    public ExportJob? Current(string userId) => _byUser.TryGetValue(userId, out var job) ? job : null;

    /// <summary>The user's job <paramref name="id"/> if its file can still be downloaded.</summary>
    public ExportJob? Downloadable(string userId, Guid id) =>
        Current(userId) is { Id: var current, State: ExportJobState.Done } job && current == id && File.Exists(job.FilePath) ? job : null;

    /// <summary>
    /// Starts building an export for <paramref name="userId"/>, deleting their previous file. While
    /// one of theirs is running, that one comes back instead: one export per user at a time.
    /// </summary>
    public ExportJob Start(string userId, ExportFilter filter)
    {
        ArgumentException.ThrowIfNullOrEmpty(userId);
        ArgumentNullException.ThrowIfNull(filter);
        lock (_byUser)
        {
            if (Current(userId) is { State: ExportJobState.Running } running)
            {
                return running;
            }

            if (Current(userId) is { } previous)
            {
                Delete(previous);
            }

            Directory.CreateDirectory(_exporter.WorkFolder);
            var id = Guid.NewGuid();
            var job = new ExportJob(id, userId, filter, Path.Combine(_exporter.WorkFolder, $"export-{id:N}.zip"), _clock.GetUtcNow());
            _byUser[userId] = job;
            _ = Task.Run(() => RunAsync(job), CancellationToken.None);
            return job;
        }
    }

    private async Task RunAsync(ExportJob job)
    {
        try
        {
            await using (var stream = new FileStream(job.FilePath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous))
            {
                var summary = await _exporter.WriteAsync(stream, job.Filter, new Progress(job), _stopping);
                job.Summary = summary;
            }

            job.Finish(ExportJobState.Done, null, _clock.GetUtcNow());
        }
        catch (Exception ex)
        {
            // The user sees that it failed and why; the host carries on.
            LogFailed(ex, job.Id);
            job.Finish(ExportJobState.Failed, ex is OperationCanceledException ? "The host is stopping." : ex.GetBaseException().Message, _clock.GetUtcNow());
            TryDelete(job.FilePath);
        }
    }

    /// <summary>Deletes the files of jobs finished longer ago than the retention; the timer calls it every minute.</summary>
    internal void Sweep()
    {
        var cutoff = _clock.GetUtcNow() - _options.Value.DownloadRetention;
        foreach (var job in _byUser.Values.Where(j => j.FinishedAt < cutoff && j.State == ExportJobState.Done))
        {
            Delete(job);
        }
    }

    private void Delete(ExportJob job)
    {
        if (job.State == ExportJobState.Done)
        {
            job.Finish(ExportJobState.Expired, null, job.FinishedAt ?? _clock.GetUtcNow());
        }

        TryDelete(job.FilePath);
    }

    private void DeleteLeftovers()
    {
        if (!Directory.Exists(_exporter.WorkFolder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(_exporter.WorkFolder, "export-*.zip"))
        {
            TryDelete(file);
        }
    }

    private void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException ex)
        {
            LogDeleteFailed(ex, path);
        }
    }

    public void Dispose() => _sweep.Dispose();

    [LoggerMessage(Level = LogLevel.Error, Message = "Export {JobId} failed")]
    private partial void LogFailed(Exception exception, Guid jobId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete export file {Path}; the next sweep tries again")]
    private partial void LogDeleteFailed(Exception exception, string path);

    /// <summary>Keeps the latest numbers on the job; the page reads them on its own timer.</summary>
    private sealed class Progress(ExportJob job) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => job.Progress = value;
    }
}

/// <summary>One export built from the console.</summary>
public sealed class ExportJob(Guid id, string userId, ExportFilter filter, string filePath, DateTimeOffset startedAt)
{
    private volatile StrongBox? _progress;
    private volatile ExportJobState _state = ExportJobState.Running;

    public Guid Id { get; } = id;

    public string UserId { get; } = userId;

    public ExportFilter Filter { get; } = filter;

    public string FilePath { get; } = filePath;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public ExportJobState State => _state;

    public DateTimeOffset? FinishedAt { get; private set; }

    public string? Error { get; private set; }

    public ExportSummary? Summary { get; internal set; }

    /// <summary>Images written of the total; zero of zero until counting is done.</summary>
    public ExportProgress Progress
    {
        get => _progress?.Value ?? default;
        internal set => _progress = new StrongBox(value);
    }

    /// <summary>The name the download is saved as.</summary>
    public string FileName => $"retraining-export-{StartedAt:yyyyMMdd-HHmmss}.zip";

    internal void Finish(ExportJobState state, string? error, DateTimeOffset at)
    {
        Error = error;
        FinishedAt = at;
        _state = state;
    }

    // A reference, so a reader never sees half of a torn struct write.
    private sealed record StrongBox(ExportProgress Value);
}

public enum ExportJobState
{
    Running,
    Done,
    Failed,

    /// <summary>Done, but the file was deleted (retention passed, or a newer build replaced it).</summary>
    Expired,
}
