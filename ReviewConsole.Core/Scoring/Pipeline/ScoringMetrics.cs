using System.Diagnostics.Metrics;

namespace ReviewConsole.Core.Scoring.Pipeline;

/// <summary>The pipeline's instruments: per-stage latency, decisions by outcome, and queue depth.</summary>
public sealed class ScoringMetrics : IDisposable
{
    public const string MeterName = "ReviewConsole.Scoring";

    private readonly Meter _meter;
    private readonly Histogram<double> _stageDuration;
    private readonly Counter<long> _decisions;

    public ScoringMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _stageDuration = _meter.CreateHistogram<double>("reviewconsole.scoring.stage.duration", "ms", "Time spent in one pipeline stage for one image.");
        _decisions = _meter.CreateCounter<long>("reviewconsole.scoring.decisions", "{image}", "Images scored, by outcome.");
    }

    public void RecordStage(string stage, TimeSpan elapsed) =>
        _stageDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("stage", stage));

    public void RecordDecision(string outcome) =>
        _decisions.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Publishes the queue's depth as an observable gauge.</summary>
    public void ObserveQueueDepth(Func<int> depth) =>
        _meter.CreateObservableGauge("reviewconsole.scoring.queue.depth", depth, "{image}", "Images waiting to be scored in memory.");

    public void Dispose() => _meter.Dispose();
}
