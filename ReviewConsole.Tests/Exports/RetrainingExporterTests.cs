using System.Text.Json;
using ReviewConsole.Core.Exports;
using ReviewConsole.Core.Feedback;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace ReviewConsole.Tests.Exports;

public sealed class RetrainingExporterTests : IAsyncLifetime
{
    private static readonly Reviewer Moderator = new("moderator-user-id-1");
    private static readonly Reviewer Supervisor = new("supervisor-user-id-1", IsSupervisor: true);

    private ExportTestData _data = default!;

    public async Task InitializeAsync() => _data = await ExportTestData.CreateAsync();

    public async Task DisposeAsync() => await _data.DisposeAsync();

    [Fact]
    public async Task ManifestLineCarriesLabelsScoresVersionsPseudonymAndSplitAndTheFileHoldsTheOriginalBytes()
    {
        var approvedBytes = _data.NewBytes();
        var approved = await _data.AddImageAsync(bytes: approvedBytes);
        await _data.DecideAsync(Moderator, approve: true);
        var rejectedBytes = _data.NewBytes();
        var rejected = await _data.AddImageAsync(nudity: 0.75, bytes: rejectedBytes);
        await _data.DecideAsync(Moderator, approve: false, labels: ["suggestive", "nudity"]);
        var auto = await _data.AddImageAsync(Outcome.Approve, nudity: 0.01);

        var export = await _data.ExportAsync();

        Assert.Equal(3, export.Manifest.Count);
        var line = export.LineOf(rejected.Sha256);
        Assert.Equal($"images/nudity/{rejected.Sha256}.png", line.GetProperty("file").GetString());
        Assert.Equal("nudity", line.GetProperty("label").GetString());
        Assert.Equal(["nudity", "suggestive"], line.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!));
        Assert.Equal("human", line.GetProperty("labelSource").GetString());
        Assert.Equal("rejected", line.GetProperty("decision").GetString());
        Assert.Equal("review", line.GetProperty("aiDecision").GetString());
        Assert.False(line.GetProperty("disagreement").GetBoolean());
        Assert.Equal(0.75, line.GetProperty("scores").GetProperty("nudity").GetDouble());
        Assert.Equal("mobilenet-v2@1", line.GetProperty("models").GetProperty("nsfw").GetString());
        Assert.Equal(("default", 3), (line.GetProperty("policy").GetString(), line.GetProperty("policyVersion").GetInt32()));
        Assert.True(line.GetProperty("decidedAt").GetDateTimeOffset() > rejected.ReceivedAt.AddSeconds(-1));
        Assert.Equal(ExportSplits.Of(rejected.Sha256), line.GetProperty("split").GetString());
        var moderator = line.GetProperty("moderator").GetString()!;
        Assert.Matches("^m_[0-9a-f]{32}$", moderator);
        Assert.Equal(moderator, export.LineOf(approved.Sha256).GetProperty("moderator").GetString());
        Assert.DoesNotContain(Moderator.UserId, export.Text("manifest.jsonl"), StringComparison.Ordinal);
        Assert.Equal(rejectedBytes, export.Bytes(line.GetProperty("file").GetString()!));

        var safe = export.LineOf(approved.Sha256);
        Assert.Equal(($"images/safe/{approved.Sha256}.png", "approved"), (safe.GetProperty("file").GetString(), safe.GetProperty("decision").GetString()));
        Assert.Equal(approvedBytes, export.Bytes(safe.GetProperty("file").GetString()!));
        var automatic = export.LineOf(auto.Sha256);
        Assert.Equal(("auto", "safe", JsonValueKind.Null), (automatic.GetProperty("labelSource").GetString(), automatic.GetProperty("label").GetString(), automatic.GetProperty("moderator").ValueKind));

        Assert.Equal(3, export.Zip.Entries.Count(e => e.FullName.StartsWith("images/", StringComparison.Ordinal)));
        Assert.Contains("| `moderator` |", export.Text("README.md"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatsCountImagesPerLabelAndSplitAndRecordTheFilters()
    {
        var hashes = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            hashes.Add((await _data.AddImageAsync()).Sha256);
            await _data.DecideAsync(Moderator, approve: i % 2 == 0, labels: i % 2 == 0 ? null : ["nudity"]);
        }

        var export = await _data.ExportAsync(new ExportFilter(HumanOnly: true, Categories: ["safe", "nudity"]));

        var stats = export.Stats;
        Assert.Equal(4, stats.GetProperty("images").GetInt32());
        Assert.Equal(2, stats.GetProperty("labels").GetProperty("safe").GetProperty("total").GetInt32());
        Assert.Equal(2, stats.GetProperty("labels").GetProperty("nudity").GetProperty("total").GetInt32());
        foreach (var split in ExportSplits.All)
        {
            Assert.Equal(hashes.Count(h => ExportSplits.Of(h) == split), stats.GetProperty("splits").GetProperty(split).GetInt32());
        }

        Assert.True(stats.GetProperty("filters").GetProperty("humanOnly").GetBoolean());
        Assert.Equal(["nudity", "safe"], stats.GetProperty("filters").GetProperty("categories").EnumerateArray().Select(c => c.GetString()!));
        Assert.True(stats.GetProperty("generatedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task OverturnRelabelsTheImageAndUndoneDecisionsDoNotCount()
    {
        var overturned = await _data.AddImageAsync();
        await _data.DecideAsync(Moderator, approve: false, labels: ["nudity"]);
        Assert.True((await _data.Database.Workbench.OverturnAsync(overturned.Id, Supervisor, ImageStatus.Approved)).Succeeded);

        var redecided = await _data.AddImageAsync();
        var first = await _data.DecideAsync(Moderator, approve: false, labels: ["nudity"]);
        Assert.True((await _data.Database.Workbench.UndoAsync(first, Moderator)).Succeeded);
        var claim = await _data.Database.ClaimAsync(Moderator);
        Assert.True((await _data.Database.Workbench.ApproveAsync(claim.TaskId, Moderator)).Succeeded);

        var audited = await _data.AddImageAsync(Outcome.Approve, auditSampled: true, nudity: 0.02);
        var audit = await _data.DecideAsync(Moderator, approve: false, labels: ["suggestive"], queue: ReviewQueues.Audit);
        Assert.True((await _data.Database.Workbench.UndoAsync(audit, Moderator)).Succeeded);

        var export = await _data.ExportAsync();

        var overturnLine = export.LineOf(overturned.Sha256);
        Assert.Equal(("approved", "safe", "human"), (overturnLine.GetProperty("decision").GetString(), overturnLine.GetProperty("label").GetString(), overturnLine.GetProperty("labelSource").GetString()));
        Assert.NotEqual(export.LineOf(redecided.Sha256).GetProperty("moderator").GetString(), overturnLine.GetProperty("moderator").GetString());
        var redecidedLine = export.LineOf(redecided.Sha256);
        Assert.Equal(("approved", "safe"), (redecidedLine.GetProperty("decision").GetString(), redecidedLine.GetProperty("label").GetString()));
        var auditLine = export.LineOf(audited.Sha256);
        Assert.Equal(("auto", "safe"), (auditLine.GetProperty("labelSource").GetString(), auditLine.GetProperty("label").GetString()));
        Assert.Null(export.Zip.GetEntry($"images/nudity/{overturned.Sha256}.png"));
        Assert.NotNull(export.Zip.GetEntry($"images/safe/{overturned.Sha256}.png"));
    }

    [Fact]
    public async Task EachFilterKeepsOnlyTheImagesItDescribes()
    {
        var early = await _data.AddImageAsync();
        await _data.DecideAsync(Moderator, approve: false, labels: ["nudity"]);
        var earlyDay = DateOnly.FromDateTime(_data.Database.Clock.GetUtcNow().UtcDateTime);
        _data.Database.Clock.Advance(TimeSpan.FromDays(3));
        var lateDay = DateOnly.FromDateTime(_data.Database.Clock.GetUtcNow().UtcDateTime);
        var late = await _data.AddImageAsync();
        await _data.DecideAsync(Moderator, approve: true);
        var autoRejected = await _data.AddImageAsync(Outcome.Reject, nudity: 0.99);
        var auditAgreed = await _data.AddImageAsync(Outcome.Approve, auditSampled: true, nudity: 0.01);
        await _data.DecideAsync(Moderator, approve: true, queue: ReviewQueues.Audit);
        var auditDisagreed = await _data.AddImageAsync(Outcome.Approve, auditSampled: true, nudity: 0.3);
        await _data.DecideAsync(Moderator, approve: false, labels: ["explicit_drawing"], queue: ReviewQueues.Audit);
        var auditUnlabelled = await _data.AddImageAsync(Outcome.Approve, auditSampled: true, nudity: 0.02);
        var inReview = await _data.AddImageAsync();

        Assert.Equal(
            new[] { early, late, autoRejected, auditAgreed, auditDisagreed, auditUnlabelled }.Select(i => i.Sha256).Order(StringComparer.Ordinal),
            (await _data.ExportAsync()).Hashes);
        Assert.Equal([early.Sha256], (await _data.ExportAsync(new ExportFilter(To: earlyDay))).Hashes);
        Assert.DoesNotContain(early.Sha256, (await _data.ExportAsync(new ExportFilter(From: lateDay))).Hashes);
        Assert.Contains(late.Sha256, (await _data.ExportAsync(new ExportFilter(From: lateDay, To: lateDay))).Hashes);
        Assert.Equal(
            new[] { early, autoRejected }.Select(i => i.Sha256).Order(StringComparer.Ordinal),
            (await _data.ExportAsync(new ExportFilter(Categories: ["NUDITY"]))).Hashes);
        Assert.Equal(
            new[] { early, late, auditAgreed, auditDisagreed }.Select(i => i.Sha256).Order(StringComparer.Ordinal),
            (await _data.ExportAsync(new ExportFilter(HumanOnly: true))).Hashes);
        Assert.Equal([auditDisagreed.Sha256], (await _data.ExportAsync(new ExportFilter(DisagreementsOnly: true))).Hashes);
        Assert.Equal(
            new[] { auditAgreed, auditDisagreed, auditUnlabelled }.Select(i => i.Sha256).Order(StringComparer.Ordinal),
            (await _data.ExportAsync(new ExportFilter(AuditOnly: true))).Hashes);
        Assert.Equal(
            new[] { auditAgreed, auditDisagreed }.Select(i => i.Sha256).Order(StringComparer.Ordinal),
            (await _data.ExportAsync(new ExportFilter(AuditOnly: true, HumanOnly: true))).Hashes);
        Assert.DoesNotContain(inReview.Sha256, (await _data.ExportAsync()).Hashes);
        var disagreement = (await _data.ExportAsync()).LineOf(auditDisagreed.Sha256);
        Assert.Equal(("approved", "rejected", true), (disagreement.GetProperty("aiDecision").GetString(), disagreement.GetProperty("decision").GetString(), disagreement.GetProperty("disagreement").GetBoolean()));
    }

    [Fact]
    public async Task SplitIsTheSameAcrossRunsPagesAndInsertionOrder()
    {
        var blobs = Enumerable.Range(0, 12).Select(_ => _data.NewBytes()).ToList();
        foreach (var bytes in blobs)
        {
            await _data.AddImageAsync(Outcome.Approve, bytes: bytes);
        }

        await using var reversed = await ExportTestData.CreateAsync();
        foreach (var bytes in Enumerable.Reverse(blobs))
        {
            await reversed.AddImageAsync(Outcome.Approve, bytes: bytes);
        }

        static Dictionary<string, string> Splits(ExportedZip export) =>
            export.Manifest.ToDictionary(l => l.GetProperty("sha256").GetString()!, l => l.GetProperty("split").GetString()!);

        var first = Splits(await _data.ExportAsync());
        var second = Splits(await _data.ExportAsync(pageSize: 5));
        var other = Splits(await reversed.ExportAsync(pageSize: 1));

        Assert.Equal(12, first.Count);
        Assert.Equal(first, second);
        Assert.Equal(first, other);
        Assert.All(first, kv => Assert.Equal(ExportSplits.Of(kv.Key), kv.Value));
        Assert.Equal((await _data.ExportAsync()).Hashes, (await reversed.ExportAsync(pageSize: 3)).Hashes);
    }

    [Fact]
    public async Task SameBytesSubmittedTwiceAreOneLineLabelledByThePerson()
    {
        var bytes = _data.NewBytes();
        await _data.AddImageAsync(Outcome.Approve, bytes: bytes);
        await _data.AddImageAsync(bytes: bytes);
        await _data.DecideAsync(Moderator, approve: false, labels: ["nudity"]);
        await _data.AddImageAsync(Outcome.Approve, bytes: bytes);

        var export = await _data.ExportAsync(pageSize: 1);

        var line = Assert.Single(export.Manifest);
        Assert.Equal(("human", "nudity"), (line.GetProperty("labelSource").GetString(), line.GetProperty("label").GetString()));
    }

    [Fact]
    public async Task ProgressCountsEveryImageUpToTheTotal()
    {
        for (var i = 0; i < 7; i++)
        {
            await _data.AddImageAsync(Outcome.Approve);
        }

        var export = await _data.ExportAsync(pageSize: 2);

        Assert.Equal(new ExportProgress(0, 7), export.Progress[0]);
        Assert.Equal(Enumerable.Range(1, 7), export.Progress.Skip(1).Select(p => p.Written));
        Assert.All(export.Progress, p => Assert.Equal(7, p.Total));
        Assert.Equal(7, export.Summary.Images);
    }

    [Fact]
    public async Task ImageWhoseOriginalIsGoneIsLeftOutAndCounted()
    {
        var kept = await _data.AddImageAsync(Outcome.Approve);
        var gone = await _data.AddImageAsync(Outcome.Approve);
        File.Delete(Path.Combine(_data.Paths.Images, gone.Sha256[..2], gone.Sha256[2..4], gone.Sha256));

        var export = await _data.ExportAsync();

        Assert.Equal([kept.Sha256], export.Hashes);
        Assert.Equal(1, export.Stats.GetProperty("missingBlobs").GetInt32());
    }

    [Fact]
    public async Task FeedbackOnADecidedImageTravelsWithItsManifestLine()
    {
        var image = await _data.AddImageAsync();
        await _data.DecideAsync(Moderator, approve: true);
        var intake = new ImageFeedbackIntake(_data.Database.Contexts, _data.Database.Clock, NullLogger<ImageFeedbackIntake>.Instance);
        var result = await intake.SubmitAsync(_data.Database.SourceId, image.Id, "suggestive", "our users complained");
        Assert.Equal(FeedbackOutcome.LabelledExample, result.Feedback?.Outcome);

        var export = await _data.ExportAsync();

        var feedback = Assert.Single(export.LineOf(image.Sha256).GetProperty("feedback").EnumerateArray());
        Assert.Equal(("suggestive", "labelled_example", "our users complained"), (feedback.GetProperty("label").GetString(), feedback.GetProperty("outcome").GetString(), feedback.GetProperty("note").GetString()));
        Assert.Equal(1, export.Stats.GetProperty("feedbackExamples").GetInt32());
    }

    [Fact]
    public async Task PseudonymIsStableForOneInstallationAndDiffersForAnother()
    {
        var again = new ModeratorPseudonyms(_data.Paths);
        using var elsewhere = new TestSupport.TemporaryDirectory();
        var other = new ModeratorPseudonyms(new DataPaths(elsewhere.Path));

        Assert.Equal(new ModeratorPseudonyms(_data.Paths).Of("user-1"), again.Of("user-1"));
        Assert.NotEqual(again.Of("user-1"), again.Of("user-2"));
        Assert.NotEqual(again.Of("user-1"), other.Of("user-1"));
        Assert.True(File.Exists(Path.Combine(_data.Paths.Keys, ModeratorPseudonyms.KeyFileName)));
    }
}
