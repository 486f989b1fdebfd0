using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Notifications;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Sources;
using ReviewConsole.Tests.Notifications;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Review;

/// <summary>
/// A real, migrated SQLite file and the review services on it, without a web host: every call opens
/// its own context (as separate requests and circuits do). Builders make in-review images.
/// </summary>
internal sealed class ReviewDatabase : IAsyncDisposable
{
    private readonly string _folder = RepositoryPaths.NewTempFolder("review");
    private readonly DbContextOptions<SqliteReviewDbContext> _options;
    private Guid _sourceId;

    private ReviewDatabase(ReviewOptions options)
    {
        _options = new DbContextOptionsBuilder<SqliteReviewDbContext>()
            .UseSqlite($"Data Source={Path.Combine(_folder, "review.db")};Cache=Private;Pooling=True")
            .AddInterceptors(new SqlitePragmaInterceptor())
            .Options;
        Options = options;
        Contexts = new Factory(_options);
        ListIndex = new DisallowListIndex(Contexts);
        Events = new ReviewEvents(NullLogger<ReviewEvents>.Instance);
        var wrapped = Microsoft.Extensions.Options.Options.Create(options);
        Workbench = new ReviewWorkbench(Contexts, ListIndex, new WebhookOutbox(Clock), Events, wrapped, Clock, NullLogger<ReviewWorkbench>.Instance);
        Summaries = new ReviewQueueSummaries(Contexts, wrapped, Clock);
        NearDuplicates = new NearDuplicates(Contexts, Microsoft.Extensions.Options.Options.Create(new NearDuplicateOptions()), Clock);
        Items = new ReviewItems(Contexts, NearDuplicates);
        Gold = new GoldItems(Contexts, Clock);
        Rollups = new ReviewConsole.Core.Reports.ReportRollups(Contexts, Clock);
        Reports = new ReviewConsole.Core.Reports.ReviewReports(Contexts, wrapped, Rollups);
    }

    public ShiftableClock Clock { get; } = new();

    public ReviewOptions Options { get; }

    public IDbContextFactory<ReviewDbContext> Contexts { get; }

    public DisallowListIndex ListIndex { get; }

    public ReviewEvents Events { get; }

    public ReviewWorkbench Workbench { get; }

    public ReviewQueueSummaries Summaries { get; }

    public NearDuplicates NearDuplicates { get; }

    public ReviewItems Items { get; }

    /// <summary>The source every image of this database belongs to.</summary>
    public Guid SourceId => _sourceId;

    public GoldItems Gold { get; }

    public ReviewConsole.Core.Reports.ReportRollups Rollups { get; }

    public ReviewConsole.Core.Reports.ReviewReports Reports { get; }

    /// <summary>Without <paramref name="options"/>, QA sampling is off (no double reviews, no gold), so each image has exactly the tasks a test opens.</summary>
    public static async Task<ReviewDatabase> CreateAsync(ReviewOptions? options = null)
    {
        var database = new ReviewDatabase(options ?? new ReviewOptions { DoubleReviewRate = 0, GoldRate = 0 });
        await using var db = database.Contexts.CreateDbContext();
        await db.Database.MigrateAsync();
        var source = Source.Create("test", "protected", database.Clock.GetUtcNow());
        db.Sources.Add(source);
        await db.SaveChangesAsync();
        database._sourceId = source.Id;
        return database;
    }

    /// <summary>Records a scored image as the pipeline does (with its task, in one save) and returns it.</summary>
    public async Task<ImageSubmission> AddImageAsync(
        double score = 0.5,
        string policy = Policy.DefaultName,
        Outcome outcome = Outcome.Review,
        bool auditSampled = false,
        Uri? callbackUrl = null,
        int pdqQuality = 100,
        DateTimeOffset? receivedAt = null,
        string? pdq = null,
        string? sha256 = null)
    {
        var now = receivedAt ?? Clock.GetUtcNow();
        sha256 ??= Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        pdq ??= Convert.ToHexStringLower(Guid.NewGuid().ToByteArray()) + Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        var image = ImageSubmission.Receive(_sourceId, sha256, new ImageHeader(ImageFormat.Png, 64, 64, 1, 64 * 64), 1234, new SubmissionFields(null, null, callbackUrl, null), now);
        image.RecordScoring(
            new ScoringRecord(new Dictionary<string, double> { [Categories.Nudity] = score }, pdq, pdqQuality, policy, 1, new Dictionary<string, string> { ["nsfw"] = "test" }),
            new PolicyDecision(outcome, [new DecisionReason(Categories.Nudity, score, "review_band", "test")], auditSampled, new Dictionary<string, Outcome> { [Categories.Nudity] = outcome }),
            now);
        await using var db = Contexts.CreateDbContext();
        db.Images.Add(image);
        ReviewIntake.Open(db, image, now);
        await db.SaveChangesAsync();
        NearDuplicates.Scored(image);
        return image;
    }

    /// <summary>Adds a console user whose id is <paramref name="id"/> (preferences are stored per user).</summary>
    public async Task CreateUserAsync(string id)
    {
        await using var db = Contexts.CreateDbContext();
        db.Users.Add(new Core.Users.ApplicationUser { Id = id, UserName = id, NormalizedUserName = id.ToUpperInvariant(), Email = $"{id}@example.org" });
        await db.SaveChangesAsync();
    }

    public async Task<T> QueryAsync<T>(Func<ReviewDbContext, Task<T>> query)
    {
        await using var db = Contexts.CreateDbContext();
        return await query(db);
    }

    public Task<ReviewTask> TaskOfAsync(Guid imageId) =>
        QueryAsync(db => db.ReviewTasks.AsNoTracking().SingleAsync(t => t.ImageId == imageId));

    public Task<ImageSubmission> ImageAsync(Guid imageId) =>
        QueryAsync(db => db.Images.AsNoTracking().SingleAsync(i => i.Id == imageId));

    /// <summary>Claims the next item of <paramref name="queue"/> and asserts there was one.</summary>
    public async Task<ReviewClaim> ClaimAsync(Reviewer reviewer, string queue = Policy.DefaultName)
    {
        var result = await Workbench.ClaimNextAsync(queue, reviewer);
        Assert.Equal(ClaimOutcome.Claimed, result.Outcome);
        return result.Claim!;
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        await Task.Yield();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A moment's SQLite handle on a slow machine; temp folders are cleaned by the OS.
        }
    }

    private sealed class Factory(DbContextOptions<SqliteReviewDbContext> options) : IDbContextFactory<ReviewDbContext>
    {
        public ReviewDbContext CreateDbContext() => new SqliteReviewDbContext(options);
    }
}
