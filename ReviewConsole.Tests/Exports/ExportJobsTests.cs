using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using ReviewConsole.Core.Exports;
using ReviewConsole.Core.Policies;
using ReviewConsole.Exports;

namespace ReviewConsole.Tests.Exports;

/// <summary>The console's background builds: progress, the file, and when the file goes away.</summary>
public sealed class ExportJobsTests : IAsyncLifetime
{
    private ExportTestData _data = default!;
    private ExportJobs _jobs = default!;

    public async Task InitializeAsync()
    {
        _data = await ExportTestData.CreateAsync();
        _jobs = new ExportJobs(
            _data.Exporter(pageSize: 2),
            Microsoft.Extensions.Options.Options.Create(new ExportOptions { DownloadRetention = TimeSpan.FromMinutes(30) }),
            _data.Database.Clock,
            new ApplicationLifetime(NullLogger<ApplicationLifetime>.Instance),
            NullLogger<ExportJobs>.Instance);
    }

    public async Task DisposeAsync()
    {
        _jobs.Dispose();
        await _data.DisposeAsync();
    }

    [Fact]
    public async Task JobReportsEveryImageWrittenAndItsFileIsDownloadableOnlyByItsUser()
    {
        for (var i = 0; i < 5; i++)
        {
            await _data.AddImageAsync(Outcome.Approve);
        }

        var job = await RunAsync("supervisor-1");

        Assert.Equal(ExportJobState.Done, job.State);
        Assert.Equal(new ExportProgress(5, 5), job.Progress);
        Assert.Equal(5, job.Summary?.Images);
        Assert.True(File.Exists(job.FilePath));
        Assert.StartsWith(_data.Paths.Root, job.FilePath, StringComparison.Ordinal);
        Assert.Same(job, _jobs.Downloadable("supervisor-1", job.Id));
        Assert.Null(_jobs.Downloadable("supervisor-2", job.Id));
        Assert.Null(_jobs.Downloadable("supervisor-1", Guid.NewGuid()));
    }

    [Fact]
    public async Task NextBuildDeletesThePreviousFileAndRetentionDeletesTheLast()
    {
        await _data.AddImageAsync(Outcome.Approve);
        var first = await RunAsync("supervisor-1");

        var second = await RunAsync("supervisor-1");

        Assert.False(File.Exists(first.FilePath));
        Assert.Equal(ExportJobState.Expired, first.State);
        Assert.True(File.Exists(second.FilePath));
        _jobs.Sweep();
        Assert.True(File.Exists(second.FilePath));

        _data.Database.Clock.Advance(TimeSpan.FromMinutes(31));
        _jobs.Sweep();

        Assert.False(File.Exists(second.FilePath));
        Assert.Equal(ExportJobState.Expired, second.State);
        Assert.Null(_jobs.Downloadable("supervisor-1", second.Id));
    }

    private async Task<ExportJob> RunAsync(string userId)
    {
        var job = _jobs.Start(userId, new ExportFilter());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (job.State == ExportJobState.Running && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        return job;
    }
}
