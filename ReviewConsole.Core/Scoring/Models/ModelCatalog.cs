using System.Security.Cryptography;
using System.Text.Json;

namespace ReviewConsole.Core.Scoring.Models;

/// <summary>Something wrong with a file the manifest lists.</summary>
/// <param name="Model">The manifest entry's name.</param>
/// <param name="File">The file, relative to the models folder.</param>
/// <param name="Problem">What is wrong, for a log line or an operator.</param>
public sealed record ModelIntegrityProblem(string Model, string File, string Problem);

/// <summary>Thrown when a model is about to be used but its files are missing or altered.</summary>
public sealed class ModelIntegrityException : Exception
{
    /// <summary>Creates the exception for <paramref name="problems"/>.</summary>
    public ModelIntegrityException(IReadOnlyList<ModelIntegrityProblem> problems)
        : base("Model files failed verification (run 'models import'): " +
               string.Join("; ", problems.Select(p => $"{p.Model}: {p.File}: {p.Problem}")))
    {
        Problems = problems;
    }

    /// <summary>Every problem found.</summary>
    public IReadOnlyList<ModelIntegrityProblem> Problems { get; }
}

/// <summary>
/// The models folder as its manifest describes it: which models exist, where their files are, and
/// whether the files are still the ones the importer wrote.
/// </summary>
public sealed class ModelCatalog
{
    private ModelCatalog(string directory, ModelManifest manifest)
    {
        Directory = directory;
        Manifest = manifest;
    }

    /// <summary>The models folder (absolute).</summary>
    public string Directory { get; }

    /// <summary>The manifest as read.</summary>
    public ModelManifest Manifest { get; }

    /// <summary>Every model listed.</summary>
    public IReadOnlyList<ModelManifestEntry> Models => Manifest.Models;

    /// <summary>Reads <c>models.json</c> from <paramref name="directory"/> without checking hashes.</summary>
    /// <exception cref="FileNotFoundException">No manifest: the models were never imported.</exception>
    /// <exception cref="InvalidDataException">The manifest is unreadable or lists a file outside the folder.</exception>
    public static ModelCatalog Load(string directory)
    {
        string root = Path.GetFullPath(directory);
        string path = Path.Combine(root, ModelManifest.FileName);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No model manifest at '{path}': run 'models import'.", path);
        }

        ModelManifest manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(File.ReadAllText(path), ModelManifest.JsonOptions)
                ?? throw new InvalidDataException($"'{path}' is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a valid model manifest: {e.Message}", e);
        }

        if (manifest.FormatVersion != 1)
        {
            throw new InvalidDataException($"'{path}' has format version {manifest.FormatVersion}; this build reads version 1.");
        }

        ModelCatalog catalog = new ModelCatalog(root, manifest);
        foreach (var entry in manifest.Models)
        {
            // A manifest is data: it must not point the process at files outside the models folder.
            catalog.PathOf(entry.File);
            foreach (var asset in entry.Assets)
            {
                catalog.PathOf(asset.File);
            }
        }

        return catalog;
    }

    /// <summary>Reads the manifest and throws unless every listed file is present with its recorded hash.</summary>
    /// <exception cref="ModelIntegrityException">A file is missing or altered.</exception>
    public static ModelCatalog LoadVerified(string directory)
    {
        ModelCatalog catalog = Load(directory);
        IReadOnlyList<ModelIntegrityProblem> problems = catalog.Verify();
        return problems.Count == 0 ? catalog : throw new ModelIntegrityException(problems);
    }

    /// <summary>The entry called <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No such model was imported.</exception>
    public ModelManifestEntry Get(string name) =>
        Models.FirstOrDefault(m => m.Name == name)
        ?? throw new KeyNotFoundException($"Model '{name}' is not in '{Path.Combine(Directory, ModelManifest.FileName)}' (known: {string.Join(", ", Models.Select(m => m.Name))}).");

    /// <summary>Absolute path of a file the manifest names.</summary>
    public string PathOf(string relativeFile)
    {
        string path = Path.GetFullPath(Path.Combine(Directory, relativeFile));
        string prefix = Directory.EndsWith(Path.DirectorySeparatorChar) ? Directory : Directory + Path.DirectorySeparatorChar;
        return path.StartsWith(prefix, StringComparison.Ordinal)
            ? path
            : throw new InvalidDataException($"Model file '{relativeFile}' lies outside the models folder.");
    }

    /// <summary>Checks every model.</summary>
    public IReadOnlyList<ModelIntegrityProblem> Verify() => Models.SelectMany(Verify).ToList();

    /// <summary>Checks one model's file and assets against their recorded SHA-256.</summary>
    public IReadOnlyList<ModelIntegrityProblem> Verify(ModelManifestEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var problems = new List<ModelIntegrityProblem>();
        Check(entry.Name, entry.File, entry.Sha256, problems);
        foreach (var asset in entry.Assets)
        {
            Check(entry.Name, asset.File, asset.Sha256, problems);
        }

        return problems;
    }

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256Of(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private void Check(string model, string file, string expected, List<ModelIntegrityProblem> problems)
    {
        string path = PathOf(file);
        if (!File.Exists(path))
        {
            problems.Add(new ModelIntegrityProblem(model, file, "missing"));
            return;
        }

        string actual = Sha256Of(path);
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new ModelIntegrityProblem(model, file, $"SHA-256 is {actual}, manifest says {expected}"));
        }
    }
}
