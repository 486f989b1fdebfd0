namespace ReviewConsole.Core.Reports;

/// <summary>
/// One pre-aggregated figure of one UTC day, or of one hour of it: a count (and a sum where the figure has one) of a fact
/// (<see cref="ReportFacts"/>) under up to three text keys and an integer bin. The reports add these rows
/// up per period instead of counting decisions; <see cref="ReportRollups"/> rewrites an hour's rows
/// whole whenever something in that hour changed (and its day's rows from the hours), so the rows are
/// never edited one by one. Hour rows let a period that starts or ends mid-day read at most two partial
/// hours from the decisions; day rows keep a month to a few thousand rows.
/// </summary>
public sealed class ReportDailyCount
{
    /// <summary>Longest key: a user id (<see cref="Review.ReviewTask.UserIdMaxLength"/>) or a category name.</summary>
    public const int KeyMaxLength = 256;

    /// <summary>Longest fact name.</summary>
    public const int FactMaxLength = 16;

    private ReportDailyCount()
    {
        Fact = Key1 = Key2 = Key3 = string.Empty;
    }

    public long Id { get; private set; }

    /// <summary>The hour of a day row: the whole day.</summary>
    public const int WholeDay = -1;

    /// <summary>The UTC day the counted events happened on.</summary>
    public DateOnly Day { get; private set; }

    /// <summary>The UTC hour (0-23) the row covers, or <see cref="WholeDay"/>.</summary>
    public int Hour { get; private set; }

    /// <summary>Which figure: one of <see cref="ReportFacts"/>.</summary>
    public string Fact { get; private set; }

    public string Key1 { get; private set; }

    public string Key2 { get; private set; }

    public string Key3 { get; private set; }

    /// <summary>A score bin or a handling-time bucket; 0 where the fact has none.</summary>
    public int Bin { get; private set; }

    public long Count { get; private set; }

    /// <summary>A second total (handling milliseconds, correct gold answers); 0 where the fact has none.</summary>
    public long Sum { get; private set; }

    internal static ReportDailyCount Of(DateOnly day, int hour, RollupFact fact)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hour, WholeDay);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hour, 23);

        if (fact.Count < 0 || fact.Sum < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(fact), $"A rollup of {fact.Fact} cannot be negative.");
        }

        return new ReportDailyCount
        {
            Day = day,
            Hour = hour,
            Fact = fact.Fact,
            Key1 = Trim(fact.Key1),
            Key2 = Trim(fact.Key2),
            Key3 = Trim(fact.Key3),
            Bin = fact.Bin,
            Count = fact.Count,
            Sum = fact.Sum,
        };
    }

    internal RollupFact ToFact() => new(Fact, Key1, Key2, Key3, Bin, Count, Sum);

    private static string Trim(string key) =>
        key.Length <= KeyMaxLength ? key : throw new ArgumentOutOfRangeException(nameof(key), $"A rollup key is at most {KeyMaxLength} characters.");
}

/// <summary>
/// How far the rollups have seen the decision log: every decision up to <see cref="LastDecisionId"/> is
/// reflected in <see cref="ReportDailyCount"/>. One row.
/// </summary>
public sealed class ReportRollupMark
{
    /// <summary>The one row's key.</summary>
    public const int SingletonId = 1;

    private ReportRollupMark()
    {
    }

    public int Id { get; private set; }

    public long LastDecisionId { get; private set; }

    public DateTimeOffset UpdatedAt { get; private set; }

    internal static ReportRollupMark Start() => new() { Id = SingletonId };

    /// <summary>Moves the mark forward; never back, so a slower refresh cannot hide a newer one's work.</summary>
    internal void Advance(long decisionId, DateTimeOffset now)
    {
        if (decisionId > LastDecisionId)
        {
            LastDecisionId = decisionId;
            UpdatedAt = now;
        }
    }
}

/// <summary>The fact names of <see cref="ReportDailyCount"/>.</summary>
public static class ReportFacts
{
    /// <summary>Human labels: category, AI band ("" for none), answer; bin = score tenth.</summary>
    public const string Label = "label";

    /// <summary>Audit answers: the AI's auto-decision, the answer.</summary>
    public const string Audit = "audit";

    /// <summary>Moderators' answers not undone: actor, task kind ("" for none); sum = handling ms.</summary>
    public const string Answer = "answer";

    /// <summary>Timed answers not undone: actor; bin = handling bucket (<see cref="ReportRollups.BucketOf"/>); sum = handling ms.</summary>
    public const string Handling = "handling";

    /// <summary>Review answers later overturned: actor.</summary>
    public const string Overturned = "overturned";

    /// <summary>Gold answers: actor; sum = answered as labelled.</summary>
    public const string Gold = "gold";

    /// <summary>Double-review answers by the second look's time: who ("" for first look against second), "their answer|the other look's".</summary>
    public const string Agreement = "agreement";
}

/// <summary>One rollup figure, computed or read back.</summary>
internal sealed record RollupFact(string Fact, string Key1, string Key2, string Key3, int Bin, long Count, long Sum);
