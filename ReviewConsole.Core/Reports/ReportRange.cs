using System.Globalization;

namespace ReviewConsole.Core.Reports;

/// <summary>A report's period: from (inclusive) to (exclusive), in UTC.</summary>
public sealed record ReportRange(DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The longest period one report covers; longer ones are refused rather than left to run for minutes.</summary>
    public static readonly TimeSpan MaxSpan = TimeSpan.FromDays(400);

    /// <summary>The last <paramref name="days"/> whole days up to the end of today (UTC).</summary>
    public static ReportRange LastDays(int days, DateTimeOffset now)
    {
        var end = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero).AddDays(1);
        return new ReportRange(end.AddDays(-days), end);
    }

    /// <summary>Why the range cannot be reported on, or null when it can.</summary>
    public string? Problem() =>
        To <= From ? "'to' must be after 'from'."
        : To - From > MaxSpan ? $"A report covers at most {MaxSpan.TotalDays:0} days."
        : null;

    /// <summary>
    /// Reads a range from query values: ISO dates (<c>2026-11-01</c>, a whole day: <c>to</c> includes it)
    /// or ISO instants. Missing values default to the last 7 days. Returns null with a message when unreadable.
    /// </summary>
    public static ReportRange? Parse(string? from, string? to, DateTimeOffset now, out string? problem)
    {
        var fallback = LastDays(7, now);
        problem = null;
        if (!TryParse(from, endOfDay: false, fallback.From, out var start))
        {
            problem = $"'from' is not a date (yyyy-MM-dd) or an ISO instant: '{from}'.";
            return null;
        }

        if (!TryParse(to, endOfDay: true, fallback.To, out var end))
        {
            problem = $"'to' is not a date (yyyy-MM-dd) or an ISO instant: '{to}'.";
            return null;
        }

        var range = new ReportRange(start, end);
        problem = range.Problem();
        return problem is null ? range : null;
    }

    private static bool TryParse(string? value, bool endOfDay, DateTimeOffset fallback, out DateTimeOffset result)
    {
        result = fallback;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            result = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddDays(endOfDay ? 1 : 0);
            return true;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            result = instant.ToUniversalTime();
            return true;
        }

        return false;
    }
}

/// <summary>
/// One table of a report, as the page shows it and the CSV carries it: the same headers and cells, so
/// what a supervisor downloads is what they saw.
/// </summary>
/// <param name="Name">The table's URL name (<c>/reports/{name}.csv</c>).</param>
/// <param name="Title">What the page calls it.</param>
/// <param name="Headers">Column headers.</param>
/// <param name="Rows">Cells, already formatted (invariant culture).</param>
public sealed record ReportTable(string Name, string Title, IReadOnlyList<string> Headers, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>RFC 4180 CSV: a header line, then one line per row, fields quoted when they need it.</summary>
    public string ToCsv()
    {
        var builder = new System.Text.StringBuilder();
        AppendLine(builder, Headers);
        foreach (var row in Rows)
        {
            AppendLine(builder, row);
        }

        return builder.ToString();
    }

    private static void AppendLine(System.Text.StringBuilder builder, IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var field = fields[i];

            // A leading = + - @ would run as a formula in a spreadsheet (CSV injection); a quote prefix keeps it text.
            if (field.Length > 0 && "=+-@".Contains(field[0]) && !double.TryParse(field, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            {
                field = "'" + field;
            }

            builder.Append(field.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{field.Replace("\"", "\"\"")}\"" : field);
        }

        builder.Append("\r\n");
    }
}
