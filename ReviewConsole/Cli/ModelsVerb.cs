using ReviewConsole.Core.Scoring.Models;
using ReviewConsole.Core.Scoring.Nsfw;
using ReviewConsole.Core.Storage;

namespace ReviewConsole.Cli;

/// <summary>
/// <c>models import [--with-inception]</c>: puts the models the scoring pipeline runs into
/// <see cref="DataPaths.Models"/> with <see cref="ModelImporter"/> and prints one line per model.
/// </summary>
/// <remarks>
/// Safe to run on every start: a model whose files still hash as the manifest records is only read,
/// so a second run downloads nothing and writes nothing. inception_v3 is imported with
/// <c>--with-inception</c>, or when <c>Nsfw:Model</c> names it, so a host configured to run it
/// cannot be set up without it.
/// </remarks>
internal static class ModelsVerb
{
    public const string WithInceptionFlag = "--with-inception";

    private const string Usage = "Usage: models import [--with-inception]";
    private const string InceptionModel = "nsfw-inception_v3";
    private const int HashPrefixLength = 12;

    public static async Task<int> ImportAsync(IServiceProvider services, IConfiguration configuration, string[] args)
    {
        // Read from the raw arguments: the shared option parser only keeps "--name value" pairs,
        // and this flag has no value.
        var rest = args.Skip(2).ToList();
        if (rest.Any(a => a != WithInceptionFlag))
        {
            return CommandLine.Fail($"{Usage} (unexpected '{rest.First(a => a != WithInceptionFlag)}')");
        }

        var withInception = rest.Contains(WithInceptionFlag)
            || string.Equals(configuration[$"{NsfwOptions.SectionName}:{nameof(NsfwOptions.Model)}"], InceptionModel, StringComparison.Ordinal);
        var directory = services.GetRequiredService<DataPaths>().Models;
        var importer = new ModelImporter(
            new ModelImportOptions { IncludeInceptionV3 = withInception },
            services.GetRequiredService<ILogger<ModelImporter>>());

        // Ctrl+C stops npm or node too (the importer kills them on cancellation) instead of leaving
        // a half-written work folder behind a process that keeps downloading.
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            e.Cancel = true;
            cancel.Cancel();
        };
        Console.CancelKeyPress += onCancel;
        ModelImportResult result;
        try
        {
            result = await importer.ImportAsync(directory, cancel.Token);
        }
        catch (ModelImportException e)
        {
            // The importer's own message names the tool and what to do; the inner exception's does not.
            return CommandLine.Fail($"models import: {e.Message}");
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            return CommandLine.Fail("models import: cancelled.");
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }

        PrintSummary(result);
        return 0;
    }

    private static void PrintSummary(ModelImportResult result)
    {
        var catalog = result.Catalog;
        var written = result.WrittenFiles.ToHashSet(StringComparer.Ordinal);
        Console.WriteLine($"Models in {catalog.Directory}:");
        var width = catalog.Models.Select(m => m.Name.Length).DefaultIfEmpty(0).Max();
        var damaged = new List<string>();
        foreach (var model in catalog.Models)
        {
            string status;
            if (written.Contains(model.File) || model.Assets.Any(a => written.Contains(a.File)))
            {
                status = "written";
            }
            else if (catalog.Verify(model).Count == 0)
            {
                // Verified again here rather than trusted: a model an earlier run imported but this
                // run did not ask for (inception_v3 without the flag) is not checked by the importer.
                status = "present";
            }
            else
            {
                status = "altered, not re-imported (not requested)";
                damaged.Add(model.Name);
            }

            Console.WriteLine($"  {model.Name.PadRight(width)}  {model.Detector,-4}  sha256 {model.Sha256[..HashPrefixLength]}  {status}");
        }

        var verified = catalog.Models.Count - damaged.Count;
        Console.WriteLine(result.WrittenFiles.Count == 0
            ? $"Nothing to do: {verified} models present and verified."
            : $"Wrote {result.WrittenFiles.Count} files ({string.Join(", ", result.WrittenFiles)}); {verified} models verified.");
        if (damaged.Count > 0)
        {
            Console.Error.WriteLine($"warning: {string.Join(", ", damaged)} failed verification; run 'models import {WithInceptionFlag}' to restore.");
        }
    }
}
