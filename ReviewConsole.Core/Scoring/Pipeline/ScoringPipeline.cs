using System.Diagnostics;
using Microsoft.Extensions.Options;
using ReviewConsole.Core.Ingestion;
using ReviewConsole.Core.Lists;
using ReviewConsole.Core.Policies;
using ReviewConsole.Core.Scoring.Decoding;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>
/// Decodes an image once into a shared pixel buffer and runs every enabled stage on it: PDQ, then
/// the nudity classifier, text (when the policy enables it) and the disallow lists side by side.
/// Knows nothing of the database: it turns bytes and a policy into scores.
/// </summary>
public sealed class ScoringPipeline(
    PixelDecoders decoders,
    INsfwStage nsfw,
    ITextStage text,
    IPdqStage pdq,
    IListStage lists,
    IOptions<IngestionOptions> ingestion,
    ScoringMetrics metrics)
{
    public async Task<PipelineResult> ScoreAsync(ReadOnlyMemory<byte> bytes, string sha256, PolicyVersion policy, CancellationToken cancellationToken)
    {
        var limits = new DecodeLimits(ingestion.Value.MaxPixels, ingestion.Value.MaxFrames);
        var decoder = policy.TextDetection ? decoders.ForText : decoders.Default;
        var decoded = Measure("decode", () => decoder.Decode(bytes, limits, cancellationToken));
        var hash = Measure("pdq", () => pdq.Hash(decoded.FirstFrame));

        var nsfwTask = MeasureAsync("nsfw", () => nsfw.ScoreAsync(decoded.Frames, cancellationToken));
        var listTask = MeasureAsync("lists", () => lists.MatchAsync(sha256, hash, cancellationToken));
        var textTask = policy.TextDetection
            ? MeasureAsync<StageScores?>("text", () => Task.Run<StageScores?>(async () => await text.ScoreAsync(decoded.FirstFrame, cancellationToken), cancellationToken))
            : Task.FromResult<StageScores?>(null);
        await Task.WhenAll(nsfwTask, listTask, textTask);

        var scores = new Dictionary<string, double>(StringComparer.Ordinal);
        var models = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["pdq"] = pdq.Version,
        };
        var nsfwScores = await nsfwTask;
        Merge(scores, nsfwScores.Scores);
        models["nsfw"] = nsfwScores.Version;
        IReadOnlyList<string> snippets = [];
        if (await textTask is { } textScores)
        {
            Merge(scores, textScores.Scores);
            models["text"] = textScores.Version;
            snippets = textScores.Snippets ?? [];
        }

        var matches = await listTask;
        scores[Categories.Disallowed] = matches.Count == 0 ? 0 : matches.Max(m => m.Score);
        return new PipelineResult(scores, hash.Quality > 0 ? hash.Hash.ToString() : null, hash.Quality, matches, models, snippets);
    }

    private static void Merge(Dictionary<string, double> into, IReadOnlyDictionary<string, double> from)
    {
        foreach (var (category, score) in from)
        {
            into[category] = Math.Clamp(score, 0, 1);
        }
    }

    private T Measure<T>(string stage, Func<T> run)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return run();
        }
        finally
        {
            metrics.RecordStage(stage, Stopwatch.GetElapsedTime(started));
        }
    }

    private async Task<T> MeasureAsync<T>(string stage, Func<Task<T>> run)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            return await run();
        }
        finally
        {
            metrics.RecordStage(stage, Stopwatch.GetElapsedTime(started));
        }
    }
}

/// <summary>The decoder for the usual buffer size, and the one for the larger buffer text detection needs.</summary>
public sealed record PixelDecoders(IImageDecoder Default, IImageDecoder ForText);

/// <summary>Everything the stages measured for one image.</summary>
public sealed record PipelineResult(
    IReadOnlyDictionary<string, double> Scores,
    string? Pdq,
    int PdqQuality,
    IReadOnlyList<ListMatch> Matches,
    IReadOnlyDictionary<string, string> Models,
    IReadOnlyList<string> TextSnippets);
