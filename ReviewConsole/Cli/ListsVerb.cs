using System.Text;
using System.Text.Json;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Persistence;

namespace ReviewConsole.Cli;

/// <summary>
/// <c>lists import</c> and <c>lists export</c>: a list's PDQ hashes in the ThreatExchange/HMA text
/// format (<see cref="PdqListFormat"/>), streamed both ways so a list of millions fits.
/// </summary>
internal static class ListsVerb
{
    private const string ImportUsage = "Usage: lists import --list L --file F";
    private const string ExportUsage = "Usage: lists export --list L [--file F]";

    public static async Task<int> RunAsync(IServiceProvider services, CommandLine.VerbOptions options)
    {
        if (options.Sub is not ("import" or "export"))
        {
            return CommandLine.Fail($"{ImportUsage} | {ExportUsage}");
        }

        var import = options.Sub == "import";
        if (options.Get("list") is not { } list || (import && options.Get("file") is null))
        {
            return CommandLine.Fail(import ? ImportUsage : ExportUsage);
        }

        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync();
        var lists = services.GetRequiredService<DisallowLists>();
        return import
            ? await ImportAsync(lists, list, options.Get("file")!)
            : await ExportAsync(lists, list, options.Get("file"));
    }

    private static async Task<int> ImportAsync(DisallowLists lists, string list, string file)
    {
        if (!File.Exists(file))
        {
            return CommandLine.Fail($"No file '{file}'.");
        }

        using var reader = new StreamReader(file, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        var result = await lists.ImportAsync(list, reader, $"cli:{Environment.UserName}");
        Console.WriteLine(JsonSerializer.Serialize(
            new
            {
                list,
                imported = result.Imported,
                duplicates = result.Duplicates,
                invalid = result.Invalid,
                errors = result.Errors.Select(e => new { line = e.Line, error = e.Error }),
            }));
        return 0;
    }

    private static async Task<int> ExportAsync(DisallowLists lists, string list, string? file)
    {
        if (await lists.FindAsync(list) is null)
        {
            return CommandLine.Fail($"No list named '{list}'.");
        }

        // stdout carries only the hashes (logs go to stderr), so the output can be piped straight on.
        await using var stream = file is null ? Console.OpenStandardOutput() : File.Create(file);
        await using var writer = new StreamWriter(stream, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        var count = await lists.ExportAsync(list, writer);
        if (file is not null)
        {
            Console.WriteLine($"Exported {count} hashes of '{list}' to {file}.");
        }

        return 0;
    }
}
