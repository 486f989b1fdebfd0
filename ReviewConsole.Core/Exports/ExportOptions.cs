using System.ComponentModel.DataAnnotations;

namespace ReviewConsole.Core.Exports;

/// <summary>Retraining exports. Bound to the <c>Exports</c> section and validated at start.</summary>
public sealed class ExportOptions
{
    public const string SectionName = "Exports";

    /// <summary>Images read per database round trip (keyset pages). Defaults to 500.</summary>
    [Range(10, 10_000)]
    public int PageSize { get; set; } = 500;

    /// <summary>How long a zip built in the console stays downloadable before it is deleted (a new build by the same user deletes it at once). Defaults to 1 hour.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan DownloadRetention { get; set; } = TimeSpan.FromHours(1);
}
