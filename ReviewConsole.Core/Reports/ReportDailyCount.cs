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
            Key1 = Checked(fact.Key1),
            Key2 = Checked(fact.Key2),
            Key3 = Checked(fact.Key3),
            Bin = fact.Bin,
            Count = fact.Count,
            Sum = fact.Sum,
        };
    }

    private static string Checked(string key) =>
        key.Length <= KeyMaxLength ? key : throw new ArgumentOutOfRangeException(nameof(key), $"A rollup key is at most {KeyMaxLength} characters.");
}
