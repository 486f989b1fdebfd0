namespace ReviewConsole.Core.Reports;

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
