using System.Diagnostics;
using System.Globalization;
using ReviewConsole.Core.Exports;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Cli;

/// <summary>
/// <c>export --out path.zip [--from yyyy-mm-dd] [--to yyyy-mm-dd] [--category c]... [--human-only]
/// [--disagreements] [--audit-only]</c>: writes a retraining export (<see cref="RetrainingExporter"/>)
/// and prints one line of summary.
/// </summary>
internal static class ExportVerb
{
    public const string Usage = "Usage: export --out path.zip [--from yyyy-mm-dd] [--to yyyy-mm-dd] [--category c]... [--human-only] [--disagreements] [--audit-only]";

    public static async Task<int> RunAsync(IServiceProvider services, IEnumerable<string> args)
    {
        var (output, filter, error) = Parse([.. args]);
        if (error is not null)
        {
            return CommandLine.Fail(error);
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(output!));
        if (folder is null || !Directory.Exists(folder))
        {
            return CommandLine.Fail($"The folder of '{output}' does not exist.");
        }

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var exporter = services.GetRequiredService<RetrainingExporter>();
        var clock = Stopwatch.StartNew();
        ExportSummary summary;
        try
        {
            await using var stream = new FileStream(output!, FileMode.Create, FileAccess.Write, FileShare.None, 64 * 1024, FileOptions.Asynchronous);
            summary = await exporter.WriteAsync(stream, filter!);
        }
        catch
        {
            // A half-written zip is worse than none: it looks like a dataset.
            File.Delete(output!);
            throw;
        }

        var splits = string.Join(", ", ExportSplits.All.Select(s => $"{s} {summary.Splits.GetValueOrDefault(s)}"));
        Console.WriteLine($"Exported {summary.Images} images ({splits}; {summary.Labels.Count} labels; {summary.MissingBlobs} missing originals) to {output} in {clock.Elapsed.TotalSeconds:F1} s.");
        return 0;
    }

    /// <summary>The output path and the filter, or the one-line error.</summary>
    internal static (string? Output, ExportFilter? Filter, string? Error) Parse(IReadOnlyList<string> args)
    {
        string? output = null;
        DateOnly? from = null;
        DateOnly? to = null;
        var categories = new List<string>();
        bool humanOnly = false, disagreements = false, auditOnly = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            string? Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal) ? args[++i] : null;
            switch (arg)
            {
                case "--out":
                    output = Value();
                    if (string.IsNullOrWhiteSpace(output))
                    {
                        return (null, null, "--out needs a file path.");
                    }

                    break;
                case "--from" or "--to":
                    var text = Value();
                    if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                    {
                        return (null, null, $"{arg} is a date as yyyy-mm-dd, not '{text}'.");
                    }

                    if (arg == "--from")
                    {
                        from = day;
                    }
                    else
                    {
                        to = day;
                    }

                    break;
                case "--category":
                    var category = Value();
                    if (string.IsNullOrWhiteSpace(category))
                    {
                        return (null, null, "--category needs a category name.");
                    }

                    categories.AddRange(category.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                    break;
                case "--human-only":
                    humanOnly = true;
                    break;
                case "--disagreements":
                    disagreements = true;
                    break;
                case "--audit-only":
                    auditOnly = true;
                    break;
                default:
                    return (null, null, $"Unknown argument '{arg}'. {Usage}");
            }
        }

        if (output is null)
        {
            return (null, null, Usage);
        }

        var filter = new ExportFilter(from, to, categories, humanOnly, disagreements, auditOnly);
        return filter.Problem() is { } problem ? (null, null, problem) : (output, filter, null);
    }
}
