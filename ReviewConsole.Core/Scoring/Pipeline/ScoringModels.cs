using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Scoring.Models;
using ReviewConsole.Core.Scoring.Nsfw;
using ReviewConsole.Core.Scoring.Text;
using ReviewConsole.Core.Storage;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>
/// The ONNX sessions, created once per process and shared by every worker. Loading is deferred to
/// first use and retried after a failure, so a host started before <c>models import</c> recovers
/// without a restart (and reports not-ready meanwhile).
/// </summary>
public sealed partial class ScoringModels(
    DataPaths paths,
    IOptions<NsfwOptions> nsfwOptions,
    IOptions<TextOptions> textOptions,
    ILogger<ScoringModels> logger) : IDisposable
{
    private readonly Lock _gate = new();
    private LoadedModels? _loaded;

    /// <summary>Why the models could not be loaded last time, or null.</summary>
    public string? Problem { get; private set; }

    /// <summary>The loaded sessions; throws <see cref="ModelsUnavailableException"/> when they cannot be loaded.</summary>
    public LoadedModels Get()
    {
        if (_loaded is { } loaded)
        {
            return loaded;
        }

        lock (_gate)
        {
            if (_loaded is not null)
            {
                return _loaded;
            }

            try
            {
                var catalog = ModelCatalog.Load(paths.Models);
                var nsfw = nsfwOptions.Value;
                var nsfwEntry = catalog.Get(nsfw.Model);
                var classifier = new NsfwClassifier(catalog, nsfw);
                var text = textOptions.Value;
                text.ModelsDirectory = paths.Models;
                var detector = new TextDetector(text);
                var recognizer = new TextRecognizer(text);
                _loaded = new LoadedModels(classifier, nsfwEntry, new TextAnalyzer(detector, recognizer, text), text.ModelVersion, [detector, recognizer]);
                Problem = null;
                LogLoaded(nsfwEntry.Name, nsfwEntry.Version);
                return _loaded;
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Problem = $"Models could not be loaded from {paths.Models} ({ex.GetBaseException().Message}); run the 'models import' verb.";
                LogUnavailable(Problem);
                throw new ModelsUnavailableException(Problem, ex);
            }
        }
    }

    /// <summary>True when the models are (or can now be) loaded.</summary>
    public bool TryEnsureLoaded()
    {
        try
        {
            Get();
            return true;
        }
        catch (ModelsUnavailableException)
        {
            return false;
        }
    }

    public void Dispose()
    {
        if (_loaded is { } loaded)
        {
            loaded.Nsfw.Dispose();
            foreach (var owned in loaded.Owned)
            {
                owned.Dispose();
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Loaded models: {Model} ({Version}) and the text detector")]
    private partial void LogLoaded(string model, string version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Problem}")]
    private partial void LogUnavailable(string problem);
}

/// <summary>The shared sessions and the versions reported with every score.</summary>
public sealed record LoadedModels(NsfwClassifier Nsfw, ModelManifestEntry NsfwModel, TextAnalyzer Text, string TextVersion, IReadOnlyList<IDisposable> Owned);

/// <summary>The models are not imported or do not verify.</summary>
public sealed class ModelsUnavailableException(string message, Exception inner) : Exception(message, inner);
