using System.Collections.Concurrent;
using ReviewConsole.Core.Scoring.Models;
using Xunit;

namespace ReviewConsole.Tests.TestSupport;

/// <summary>
/// Shared by every test that needs real models: imports them once per test run into
/// <c>&lt;repo&gt;/.artifacts/models</c> (a no-op when a previous run left them complete and intact) and
/// installs the TensorFlow.js reference tool (<c>tools/tfjs-reference</c>) with <c>npm ci</c> if needed.
/// </summary>
public sealed class ModelsFixture : IAsyncLifetime
{
    private static readonly string[] s_referenceModels = ["mobilenet_v2", "inception_v3"];

    private readonly ConcurrentDictionary<string, Lazy<Task<ReferenceCase>>> _references = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _disposing = new();

    /// <summary>Where the tests' models live.</summary>
    public string ModelsDirectory { get; } = ModelCache.Folder;

    /// <summary>The catalog after import.</summary>
    public ModelCatalog Catalog { get; private set; } = null!;

    /// <summary>What this run's import wrote (empty when the cache was complete).</summary>
    public IReadOnlyList<string> ImportWrote { get; private set; } = [];

    /// <summary>The TensorFlow.js reference, installed.</summary>
    public TfjsReference Reference { get; } = new();

    /// <inheritdoc/>
    public async Task InitializeAsync()
    {
        // Both steps wait on the network or disk more than on the CPU, so they overlap.
        var import = ModelCache.EnsureImportedAsync();
        await Task.WhenAll(import, Reference.EnsureInstalledAsync());
        var result = await import;
        Catalog = result.Catalog;
        ImportWrote = result.WrittenFiles;
    }

    /// <summary>
    /// The standard inputs for an nsfwjs model (<c>mobilenet_v2</c> or <c>inception_v3</c>) and TF.js's
    /// answers for them, computed once per run (or taken from the reference cache).
    /// </summary>
    public Task<ReferenceCase> ReferenceAsync(string model)
    {
        // TF.js is slow and node uses one core: the first test to ask starts both models' runs side
        // by side, so the second is (nearly) ready when its test comes; a filtered run that never
        // asks starts none.
        foreach (var known in s_referenceModels)
        {
            _ = StartReference(known);
        }

        return StartReference(model);
    }

    private Task<ReferenceCase> StartReference(string model) =>
        _references.GetOrAdd(model, m => new Lazy<Task<ReferenceCase>>(() => ComputeReferenceAsync(m))).Value;

    private async Task<ReferenceCase> ComputeReferenceAsync(string model)
    {
        // inception_v3 takes several times longer per image in TF.js: fewer inputs keep the run short.
        var (size, tensorCount) = model == "inception_v3" ? (299, 1) : (224, 6);
        IReadOnlyList<(byte[] Rgb, int Width, int Height)> images = model == "inception_v3"
            ? [(TestImages.PhotoLike(640, 480, 1), 640, 480)]
            : [(TestImages.PhotoLike(640, 480, 1), 640, 480), (TestImages.Noise(300, 200, 2), 300, 200)];
        var tensors = TestImages.Tensors(size, tensorCount);
        var (expectedTensors, expectedImages) = await Reference.ClassifyAsync(model, tensors, tensorCount, images, _disposing.Token);
        return new ReferenceCase(model, size, tensors, tensorCount, images, expectedTensors, expectedImages);
    }

    /// <inheritdoc/>
    public async Task DisposeAsync()
    {
        // A run started ahead for a model whose tests were filtered out (--filter "Model!=inception_v3")
        // is still going: stop it rather than wait, and leave no node process behind.
        await _disposing.CancelAsync();
        foreach (var reference in _references.Values)
        {
            try
            {
                await reference.Value;
            }
            catch (Exception)
            {
                // Reported to the test that awaited it; nothing more to do here.
            }
        }

        _disposing.Dispose();
    }
}

/// <summary>Inputs for one nsfwjs model and what TF.js answered for them.</summary>
/// <param name="Model">nsfwjs model folder name.</param>
/// <param name="Size">Input side in pixels.</param>
/// <param name="Tensors">Preprocessed NHWC inputs, back to back.</param>
/// <param name="TensorCount">How many tensors.</param>
/// <param name="Images">Raw RGB images.</param>
/// <param name="ExpectedTensors">TF.js probabilities per tensor.</param>
/// <param name="ExpectedImages">nsfwjs infer() probabilities per image.</param>
public sealed record ReferenceCase(
    string Model,
    int Size,
    float[] Tensors,
    int TensorCount,
    IReadOnlyList<(byte[] Rgb, int Width, int Height)> Images,
    float[][] ExpectedTensors,
    float[][] ExpectedImages);

/// <summary>The xunit collection of tests sharing <see cref="ModelsFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class ModelsCollection : ICollectionFixture<ModelsFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Models";
}
