using System.ComponentModel.DataAnnotations;

namespace ReviewConsole.Core.Reports;

/// <summary>The reports' rollup upkeep. Bound to the <c>Reports</c> section and validated at start.</summary>
public sealed class ReportOptions
{
    public const string SectionName = "Reports";

    /// <summary>
    /// How often the rollups are brought up to the newest decision in the background, so a report rarely
    /// finds hours to recompute (it refreshes itself anyway, so figures never lag). Defaults to 1 minute.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00", ErrorMessage = "Reports:RollupInterval must be between 1 second and 1 day.")]
    public TimeSpan RollupInterval { get; set; } = TimeSpan.FromMinutes(1);
}
