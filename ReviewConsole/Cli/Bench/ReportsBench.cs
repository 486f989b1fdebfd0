using System.Diagnostics;
using System.Globalization;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Persistence;
using ReviewConsole.Core.Reports;
using ReviewConsole.Core.Review;
using ReviewConsole.Core.Sources;

namespace ReviewConsole.Cli.Bench;

/// <summary>
/// <c>bench reports --decisions N [--days 30] [--file path] [--keep true] [--log-sql true]</c>: generates a history of N review
/// decisions (images with scores and bands, review, audit, double-review and gold tasks, overturns and
/// undos, a backlog still open) into a fresh SQLite file, then times each report query and the whole
/// page's load, cold (first, on a fresh connection) and warm. The target is 2 s for the page over 1M decisions.
/// </summary>
/// <remarks>
/// Generation writes raw batched INSERTs in one transaction (the entities' own paths would take an
/// hour); the column list comes from the migrated schema, so the rows are what EF maps, not a copy.
/// </remarks>
internal static class ReportsBench
{
    private const int Moderators = 50;
    private static readonly Func<DateTimeOffset, long> Binary = (Func<DateTimeOffset, long>)new DateTimeOffsetToBinaryConverter().ConvertToProviderExpression.Compile();

    public static async Task<int> RunAsync(CommandLine.VerbOptions options)
    {
        var decisions = int.Parse(options.Get("decisions") ?? "100000", CultureInfo.InvariantCulture);
        var days = int.Parse(options.Get("days") ?? "30", CultureInfo.InvariantCulture);
        var file = options.Get("file") ?? Path.Combine(Path.GetTempPath(), $"reviewconsole-bench-reports-{Guid.NewGuid():N}.db");
        if (File.Exists(file))
        {
            return CommandLine.Fail($"{file} exists; the benchmark writes a fresh file.");
        }

        var builder = new DbContextOptionsBuilder<SqliteReviewDbContext>().UseSqlite($"Data Source={file};Pooling=True");
        if (options.Get("log-sql") is "true")
        {
            builder.LogTo(Console.Error.WriteLine, [DbLoggerCategory.Database.Command.Name], LogLevel.Information);
        }

        var contexts = new BenchContexts(builder.Options);
        try
        {
            await using (var db = contexts.CreateDbContext())
            {
                await db.Database.MigrateAsync();
            }

            var now = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var counts = await GenerateAsync(contexts, decisions, now.AddDays(-days), now);
            var generated = clock.Elapsed;
            Console.WriteLine($"bench reports: {counts.Decisions:N0} decisions, {counts.Images:N0} images, {counts.Tasks:N0} tasks over {days} days, SQLite, {Environment.ProcessorCount} cores");
            Console.WriteLine($"  generated in {generated.TotalSeconds:F1} s ({new FileInfo(file).Length / 1024 / 1024} MB)");

            // The rollups' first build is what a deployment pays once (then a day at a time): timed apart from the reads.
            var rollups = new ReportRollups(contexts, TimeProvider.System);
            clock.Restart();
            var rolledHours = await rollups.RefreshAsync();
            Console.WriteLine($"  rollups built in {clock.Elapsed.TotalSeconds:F1} s ({rolledHours} hours)");
            var reports = new ReviewReports(contexts, Options.Create(new ReviewOptions()), rollups);
            var all = new ReportRange(now.AddDays(-days), now.AddMinutes(1));
            var week = new ReportRange(now.AddDays(-7), now.AddMinutes(1));
            SqliteConnection.ClearAllPools();
            var cold = await TimeAsync(() => reports.LoadAsync(all));
            var warm = await TimeAsync(() => reports.LoadAsync(all));
            var weekWarm = await TimeAsync(() => reports.LoadAsync(week));
            Console.WriteLine($"  page load, all {days} days: cold {cold.TotalMilliseconds:F0} ms, warm {warm.TotalMilliseconds:F0} ms; last 7 days warm {weekWarm.TotalMilliseconds:F0} ms");
            foreach (var table in ReportTables.Names)
            {
                var elapsed = await TimeAsync(() => reports.TableAsync(table, all));
                Console.WriteLine($"  {table,-12} {elapsed.TotalMilliseconds,8:F0} ms (warm, all {days} days)");
            }

            return warm <= TimeSpan.FromSeconds(2) ? 0 : 1;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (options.Get("keep") is not "true")
            {
                foreach (var path in new[] { file, file + "-wal", file + "-shm" })
                {
                    File.Delete(path);
                }
            }
            else
            {
                Console.WriteLine($"  kept {file}");
            }
        }
    }

    private static async Task<TimeSpan> TimeAsync<T>(Func<Task<T>> run)
    {
        var started = Stopwatch.GetTimestamp();
        await run();
        return Stopwatch.GetElapsedTime(started);
    }

    /// <summary>
    /// Items spread evenly over the period: 80% in review (decided by a person; 6% of them double-reviewed,
    /// 1% overturned, 0.5% with an undone first answer), 15% audit samples of auto-decisions, 3% gold answers,
    /// 2% still waiting (the backlog). Scores drive the human answer, so calibration has a shape.
    /// </summary>
    private static async Task<(long Decisions, long Images, long Tasks)> GenerateAsync(IDbContextFactory<ReviewDbContext> contexts, int target, DateTimeOffset from, DateTimeOffset to)
    {
        var sourceId = Guid.NewGuid();
        await using (var db = contexts.CreateDbContext())
        {
            var source = Source.Create("bench-reports", "bench", from);
            db.Sources.Add(source);
            await db.SaveChangesAsync();
            sourceId = source.Id;
        }

        await using var connection = new SqliteConnection(contexts.CreateDbContext().Database.GetConnectionString());
        await connection.OpenAsync();
        await using (var pragma = connection.CreateCommand())
        {
            // Tables are written in batches of their own, so a child row may precede its parent until the commit.
            pragma.CommandText = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-200000; PRAGMA foreign_keys=OFF;";
            await pragma.ExecuteNonQueryAsync();
        }

        await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync();
        var images = new Inserter(connection, transaction, "Images");
        var scores = new Inserter(connection, transaction, "ImageScores");
        var tasks = new Inserter(connection, transaction, "ReviewTasks");
        var events = new Inserter(connection, transaction, "ReviewDecisions");
        var random = new Random(42);
        long decisions = 0, imageCount = 0, taskCount = 0;
        var expectedItems = (int)(target / 0.98 / 1.07);
        var span = (to - from).Ticks;
        for (var item = 0; decisions < target; item++)
        {
            var at = from + TimeSpan.FromTicks((long)(span * Math.Min(0.999, (double)item / expectedItems)));
            var imageId = Guid.CreateVersion7(at);
            var draw = random.NextDouble();
            var kind = draw < 0.80 ? ReviewTaskKind.Review : draw < 0.95 ? ReviewTaskKind.Audit : draw < 0.98 ? ReviewTaskKind.Gold : (ReviewTaskKind?)null;
            var nudity = kind == ReviewTaskKind.Audit ? (random.NextDouble() < 0.7 ? random.NextDouble() * 0.2 : 0.9 + random.NextDouble() * 0.1) : 0.2 + random.NextDouble() * 0.7;
            var suggestive = random.NextDouble();
            var aiOutcome = nudity >= 0.9 ? "Reject" : nudity < 0.2 ? "Approve" : "Review";
            var humanRejects = random.NextDouble() < nudity;
            var human = humanRejects ? "Rejected" : "Approved";
            var moderator = $"bench-moderator-{random.Next(Moderators)}";
            var enqueued = at;
            var claimed = enqueued + TimeSpan.FromSeconds(random.Next(1, 7200));
            var handling = (long)(1000 * (3 + random.NextDouble() * random.NextDouble() * 180));
            var decided = claimed + TimeSpan.FromMilliseconds(handling);
            var open = kind is null;
            var imageStatus = open ? "InReview" : kind == ReviewTaskKind.Audit ? (aiOutcome == "Reject" ? "Rejected" : "Approved") : human;
            var decidedBy = open ? null : kind == ReviewTaskKind.Audit ? "Auto" : "Human";

            images.Add(new()
            {
                ["Id"] = G(imageId), ["SourceId"] = G(sourceId), ["Sha256"] = Convert.ToHexStringLower(imageId.ToByteArray()) + Convert.ToHexStringLower(imageId.ToByteArray()),
                ["Format"] = "Jpeg", ["Width"] = 640, ["Height"] = 480, ["FrameCount"] = 1, ["ByteLength"] = 50_000,
                ["Status"] = imageStatus, ["DecidedBy"] = decidedBy, ["ReceivedAt"] = Binary(at),
                ["DecidedAt"] = open ? null : Binary(kind == ReviewTaskKind.Audit ? at : decided), ["PolicyName"] = "default", ["PolicyVersion"] = 1,
                ["ReasonsJson"] = "[]", ["ModelsJson"] = "{}", ["AuditSampled"] = kind == ReviewTaskKind.Audit ? 1 : 0, ["ScoringAttempts"] = 1, ["ScoredAt"] = Binary(at),
            });
            imageCount++;
            scores.Add(new() { ["ImageId"] = G(imageId), ["Category"] = "nudity", ["Score"] = nudity, ["Band"] = aiOutcome });
            scores.Add(new() { ["ImageId"] = G(imageId), ["Category"] = "suggestive", ["Score"] = suggestive, ["Band"] = suggestive >= 0.95 ? "Reject" : suggestive < 0.5 ? "Approve" : "Review" });

            var taskId = Guid.CreateVersion7(at);
            var queue = kind == ReviewTaskKind.Audit ? "audit" : "default";
            var answer = kind == ReviewTaskKind.Audit && random.NextDouble() < 0.9 ? (aiOutcome == "Reject" ? "Rejected" : "Approved") : human;
            tasks.Add(TaskRow(taskId, imageId, queue, kind ?? ReviewTaskKind.Review, at, enqueued, open ? null : decided, open ? null : claimed, open ? null : moderator, open ? null : answer,
                kind == ReviewTaskKind.Audit ? aiOutcome : "Review", kind == ReviewTaskKind.Gold ? moderator : string.Empty, kind == ReviewTaskKind.Gold ? human : null));
            taskCount++;
            if (open)
            {
                continue;
            }

            if (kind == ReviewTaskKind.Review && random.NextDouble() < 0.005)
            {
                // An answer undone within the window, then the real one.
                var undone = decisions + 1;
                events.Add(Decision(undone, imageId, taskId, moderator, answer == "Approved" ? "Reject" : "Approve", queue, answer == "Approved" ? "Rejected" : "Approved", claimed, claimed + TimeSpan.FromSeconds(2), ReviewTaskKind.Review));
                events.Add(Decision(undone + 1, imageId, taskId, moderator, "Undo", queue, "InReview", null, claimed + TimeSpan.FromSeconds(3), ReviewTaskKind.Review, revertsId: undone));
                decisions += 2;
            }

            events.Add(Decision(++decisions, imageId, taskId, moderator, answer == "Approved" ? "Approve" : "Reject", queue, kind == ReviewTaskKind.Review ? answer : null, claimed, decided, kind!.Value));
            if (kind == ReviewTaskKind.Review && random.NextDouble() < 0.06)
            {
                var second = $"bench-moderator-{(int.Parse(moderator["bench-moderator-".Length..], CultureInfo.InvariantCulture) + 1 + random.Next(Moderators - 1)) % Moderators}";
                var secondAnswer = random.NextDouble() < 0.9 ? answer : (answer == "Approved" ? "Rejected" : "Approved");
                var secondId = Guid.CreateVersion7(decided);
                var secondClaimed = decided + TimeSpan.FromMinutes(random.Next(1, 120));
                var secondDecided = secondClaimed + TimeSpan.FromSeconds(random.Next(3, 120));
                tasks.Add(TaskRow(secondId, imageId, queue, ReviewTaskKind.DoubleReview, at, decided, secondDecided, secondClaimed, second, secondAnswer, "Review", string.Empty, null, excluded: moderator));
                taskCount++;
                events.Add(Decision(++decisions, imageId, secondId, second, secondAnswer == "Approved" ? "Approve" : "Reject", queue, null, secondClaimed, secondDecided, ReviewTaskKind.DoubleReview));
            }

            if (kind == ReviewTaskKind.Review && random.NextDouble() < 0.01)
            {
                events.Add(Decision(++decisions, imageId, null, "bench-supervisor", "Overturn", string.Empty, answer == "Approved" ? "Rejected" : "Approved", null, decided + TimeSpan.FromHours(1), null));
            }
        }

        await images.FlushAsync();
        await scores.FlushAsync();
        await tasks.FlushAsync();
        await events.FlushAsync();
        await transaction.CommitAsync();
        return (decisions, imageCount, taskCount);
    }

    private static Dictionary<string, object?> TaskRow(
        Guid id, Guid imageId, string queue, ReviewTaskKind kind, DateTimeOffset received, DateTimeOffset enqueued, DateTimeOffset? decided,
        DateTimeOffset? claimed, string? decidedBy, string? answer, string aiOutcome, string servedTo, string? goldLabel, string? excluded = null) => new()
    {
        ["Id"] = G(id), ["ImageId"] = G(imageId), ["Queue"] = queue, ["Kind"] = kind.ToString(), ["PriorityBand"] = 5,
        ["ReceivedAt"] = Binary(received), ["EnqueuedAt"] = Binary(enqueued), ["State"] = decided is null ? "Waiting" : "Decided",
        ["CreatedAt"] = Binary(enqueued), ["DecidedAt"] = decided is { } d ? Binary(d) : null, ["ClaimedAt"] = claimed is { } c ? Binary(c) : null,
        ["DecidedBy"] = decidedBy, ["DecidedStatus"] = answer, ["AiOutcome"] = aiOutcome, ["ServedTo"] = servedTo, ["GoldLabel"] = goldLabel, ["ExcludedUserId"] = excluded,
    };

    private static Dictionary<string, object?> Decision(
        long id, Guid imageId, Guid? taskId, string actor, string kind, string queue, string? status, DateTimeOffset? claimed, DateTimeOffset created, ReviewTaskKind? taskKind, long? revertsId = null) => new()
    {
        ["Id"] = id, ["ImageId"] = G(imageId), ["TaskId"] = taskId is { } t ? G(t) : null, ["ActorId"] = actor, ["Kind"] = kind, ["Queue"] = queue, ["Status"] = status,
        ["LabelsJson"] = "[]", ["AddToDisallowList"] = 0, ["RevertsDecisionId"] = revertsId, ["CreatedAt"] = Binary(created), ["TaskKind"] = taskKind?.ToString(),
        ["ClaimedAt"] = claimed is { } c ? Binary(c) : null, ["HandlingMilliseconds"] = claimed is { } h ? (long)(created - h).TotalMilliseconds : null,
    };

    /// <summary>EF Core's SQLite form of a Guid: upper-case text.</summary>
    private static string G(Guid id) => id.ToString().ToUpperInvariant();

    /// <summary>One prepared INSERT per table, with every column of the migrated schema (unset ones get their type's empty value or NULL).</summary>
    private sealed class Inserter
    {
        private readonly List<(string Name, SqliteParameter Parameter, object Empty)> _columns = [];
        private readonly SqliteCommand _insert;

        public Inserter(SqliteConnection connection, SqliteTransaction transaction, string table)
        {
            using (var info = connection.CreateCommand())
            {
                info.Transaction = transaction;
                info.CommandText = $"PRAGMA table_info(\"{table}\")";
                using var reader = info.ExecuteReader();
                while (reader.Read())
                {
                    var type = reader.GetString(2);
                    var notNull = reader.GetInt32(3) == 1;
                    var parameter = new SqliteParameter($"@p{_columns.Count}", DBNull.Value);
                    _columns.Add((reader.GetString(1), parameter, notNull ? (type == "TEXT" ? string.Empty : 0) : DBNull.Value));
                }
            }

            _insert = connection.CreateCommand();
            _insert.Transaction = transaction;
            _insert.CommandText = $"INSERT INTO \"{table}\" ({string.Join(',', _columns.Select(c => $"\"{c.Name}\""))}) VALUES ({string.Join(',', _columns.Select(c => c.Parameter.ParameterName))})";
            _insert.Parameters.AddRange(_columns.Select(c => c.Parameter).ToArray());
            _insert.Prepare();
        }

        public void Add(Dictionary<string, object?> row)
        {
            foreach (var (name, parameter, empty) in _columns)
            {
                parameter.Value = row.TryGetValue(name, out var value) && value is not null ? value : empty;
            }

            _insert.ExecuteNonQuery();
        }

        public Task FlushAsync() => Task.CompletedTask;
    }

    private sealed class BenchContexts(DbContextOptions<SqliteReviewDbContext> options) : IDbContextFactory<ReviewDbContext>
    {
        public ReviewDbContext CreateDbContext() => new SqliteReviewDbContext(options);
    }
}
